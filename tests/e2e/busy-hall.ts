/**
 * A mid-morning hall for screenshots: tickets in most queues, several windows
 * open, some visitors served. Written straight into the hall service (the same
 * path a socket command takes), so captures do not depend on UI timing.
 */
import type { HallCommand } from '../../state-machines/hall/decide.ts';
import type { RunningHallServer } from '../../server/hall-server.ts';

const TICKETS: [queueId: string, count: number][] = [
  ['comprehensive', 9],
  ['enterprise', 3],
  ['police', 2],
  ['real-estate', 2],
  ['tax', 3],
  ['social-insurance', 2],
  ['pickup', 2],
];

/** Windows opened by their A post, and how many visitors each has already finished. */
const OPEN: [window: number, clerk: string, finished: number][] = [
  [1, '1001', 1],
  [2, '1003', 0],
  [4, '1007', 1],
  [6, '1011', 1],
  [8, '1015', 0],
  [9, '1017', 0],
  [11, '1021', 0],
];

/**
 * `before` runs ahead of every command: a hall on a simulated clock (the README
 * screens) moves its clock there, so visitors wait and are served for minutes,
 * not milliseconds.
 */
export function seedBusyHall(server: RunningHallServer, window5Clerk: string, before: (command: HallCommand) => void = () => undefined): void {
  const run = (command: HallCommand) => {
    before(command);
    const result = server.hall.execute(command, 'test:seed');
    if (!result.ok) throw new Error(`seed ${command.type}: ${result.error.messageEn}`);
    return result.event.event;
  };
  for (const [queueId, count] of TICKETS) {
    for (let i = 0; i < count; i++) run({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId });
  }
  for (const [window, clerkId, finished] of OPEN) {
    run({ type: 'clerk.sign_in', clerkId, window });
    run({ type: 'window.open', clerkId, window });
    for (let i = 0; i < finished; i++) {
      const called = run({ type: 'ticket.call_next', clerkId, window });
      if (called.type === 'ticket.called') run({ type: 'ticket.complete', clerkId, window, ticketId: called.ticketId });
    }
    run({ type: 'ticket.call_next', clerkId, window });
  }
  // Window 5 open and idle: the screenshot test calls its next visitor through the panel.
  run({ type: 'window.open', clerkId: window5Clerk, window: 5 });
}
