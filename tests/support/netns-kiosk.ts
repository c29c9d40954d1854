/**
 * A kiosk on the far side of a network cut (run inside a namespace with `ip netns exec`): it takes `count`
 * tickets from the hall at `url`, one after another, each with a fresh requestId, and prints one JSON line per
 * attempt — `{ requestId, ok, code?, seq?, number? }` — so the test knows exactly what this side was told.
 *   node --import tsx tests/support/netns-kiosk.ts <url> <token> <count>
 */
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import type { Ack, TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { PROTOCOL_VERSION } from '../../state-machines/protocol/version.ts';

const [url, token, countArg] = process.argv.slice(2);
const count = Math.min(Number(countArg ?? 10), 200);
const socket = io(`${url}/kiosk`, { auth: { protocol: PROTOCOL_VERSION, token }, transports: ['websocket'], forceNew: true });
for (let i = 0; i < count; i++) {
  const requestId = randomUUID();
  const answer = (await socket
    .timeout(2000)
    .emitWithAck('ticket:take', { requestId, queueId: 'tax' })
    .catch(() => undefined)) as Ack<TicketReceipt> | undefined;
  const line =
    answer === undefined
      ? { requestId, ok: false, code: 'NO_ANSWER' }
      : answer.ok
        ? { requestId, ok: true, seq: answer.seq, number: answer.result.ticket.number }
        : { requestId, ok: false, code: answer.error.code };
  console.log(JSON.stringify(line));
  await new Promise((r) => setTimeout(r, 200));
}
socket.close();
