/**
 * `npm run hash-pin -- 123456` prints the pinHash to paste into the hall
 * configuration. Without an argument it reads the PIN from standard input so
 * it does not end up in the shell history.
 */
import { hashPin } from '../auth/pin.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8').trim();
}

const pin = process.argv[2] ?? (await readStdin());
if (!/^\d{4,12}$/.test(pin)) {
  console.error('PIN must be 4–12 digits');
  process.exit(2);
}
console.log(hashPin(pin));
