/**
 * A network namespace joined to this one by a veth pair: a server inside it is reachable at `inside` from here
 * (and reaches `outside`), until `cut()` takes the link down — a pulled cable, both ways, while the processes on
 * either side run on. Needs root (the tests run as root, as `npm test` does to install packages); every name and
 * address is unique to this process, and `remove()` deletes the namespace and the link.
 */
import { execFileSync } from 'node:child_process';

export interface Netns {
  name: string;
  /** The namespace's address (a server inside listens here) and this side's. */
  inside: string;
  outside: string;
  /** Prefix for a command to run inside: `ip netns exec <name>`. */
  exec: string[];
  cut(): void;
  restore(): void;
  remove(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

export function canMakeNetns(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    ip('netns', 'list');
    return true;
  } catch {
    return false;
  }
}

export function makeNetns(): Netns {
  const tag = (process.pid % 100_000).toString(36);
  const name = `yc-${tag}`;
  const hostSide = `yc${tag}h`;
  const nsSide = `yc${tag}n`;
  // 10.213.x.y/30 from the pid: two runs at once do not share a subnet.
  const block = (process.pid % 16_000) * 4;
  const subnet = `10.213.${Math.floor(block / 256) % 256}`;
  const outside = `${subnet}.${(block % 256) + 1}`;
  const inside = `${subnet}.${(block % 256) + 2}`;
  ip('netns', 'add', name);
  ip('link', 'add', hostSide, 'type', 'veth', 'peer', 'name', nsSide);
  ip('link', 'set', nsSide, 'netns', name);
  ip('addr', 'add', `${outside}/30`, 'dev', hostSide);
  ip('link', 'set', hostSide, 'up');
  ip('netns', 'exec', name, 'ip', 'addr', 'add', `${inside}/30`, 'dev', nsSide);
  ip('netns', 'exec', name, 'ip', 'link', 'set', nsSide, 'up');
  ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  return {
    name,
    inside,
    outside,
    exec: ['ip', 'netns', 'exec', name],
    cut: () => ip('link', 'set', hostSide, 'down'),
    restore: () => {
      ip('link', 'set', hostSide, 'up');
      ip('netns', 'exec', name, 'ip', 'link', 'set', nsSide, 'up');
    },
    remove: () => {
      try {
        ip('link', 'del', hostSide);
      } catch {
        // gone with the namespace
      }
      ip('netns', 'del', name);
    },
  };
}
