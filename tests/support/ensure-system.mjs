#!/usr/bin/env node
/**
 * `npm test` needs seven things from the operating system: Debian's Chromium
 * (Playwright drives it; we never download browsers), a CJK font (else
 * Chinese renders as boxes in screenshots), libusb (node-hid's prebuilt
 * binary links libusb-1.0.so.0; the server runs without it, reporting HID
 * scanners unavailable, but the tests load the real node-hid), espeak-ng
 * (the server voice for displays without a Mandarin browser voice; the hall
 * runs without it, but the voice tests use the real engine), PostgreSQL
 * (the hub's store) and Redis (the hub's shared pushes): the hub's tests start
 * their own servers of both; and iproute2 (`ip`: the standby's network-cut test). Install them
 * with apt when we are root, otherwise stop and print the exact command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const needed = [];
if (!existsSync(chromium)) needed.push('chromium');
const fonts = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
if (fonts.status !== 0 || !/WenQuanYi|Noto Sans CJK|Source Han/i.test(fonts.stdout ?? '')) needed.push('fonts-wqy-zenhei');
const libs = spawnSync('/sbin/ldconfig', ['-p'], { encoding: 'utf8' });
if (!/libusb-1\.0\.so\.0/.test(libs.stdout ?? '')) needed.push('libusb-1.0-0');
if (spawnSync('espeak-ng', ['--version']).status !== 0) needed.push('espeak-ng');
// The hub's tests start a real PostgreSQL of their own (tests/support/postgres.ts) from Debian's server binaries.
const pgRoot = '/usr/lib/postgresql';
if (!existsSync(pgRoot) || !readdirSync(pgRoot).some((v) => existsSync(`${pgRoot}/${v}/bin/initdb`))) needed.push('postgresql');
// …and a real Redis (the hub processes share their pushes through it; tests/support/redis.ts).
if (spawnSync('redis-server', ['--version']).status !== 0) needed.push('redis-server');
// …and `ip` (iproute2): the standby's network-cut test pulls a veth cable between namespaces (tests/support/netns.ts).
if (spawnSync('ip', ['-V']).status !== 0) needed.push('iproute2');

if (needed.length === 0) process.exit(0);
const command = `apt-get update && apt-get install -y ${needed.join(' ')}`;
if (process.getuid?.() !== 0) {
  console.error(`\nnpm test needs: ${needed.join(', ')}\nRun:  sudo sh -c '${command}'\n`);
  process.exit(1);
}
console.log(`installing ${needed.join(', ')} with apt …`);
try {
  execFileSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${command} >/tmp/yichuang-apt.log 2>&1`], { stdio: 'inherit' });
} catch {
  console.error(`apt-get failed (see /tmp/yichuang-apt.log). Run by hand:  ${command}`);
  process.exit(1);
}
