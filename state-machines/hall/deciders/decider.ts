/**
 * What a decider is: the business operation behind one command type. It
 * reads the hall state, the hall file and the time, and answers the one event
 * that records what happened, or a refusal — it never changes the state (the
 * server appends the event, then folds it with evolve).
 *
 * Deciders run on the server (decide.ts) and on the screens (canDecide, to
 * grey a button the server would refuse), so they need only what a screen
 * has: the public hall file (no tokens, no PIN hashes) and the state as the
 * screen's role sees it (protocol/projection.ts).
 */
import type { HallConfig, PublicHallConfig } from '../../config/hall-config.ts';
import type { HallState } from '../state.ts';
import type { CommandOf } from './commands.ts';
import type { Decision } from './result.ts';

/** The hall file as every decider may read it: what the server and every screen both have. */
export type DeciderConfig = PublicHallConfig;

/** …and, for the supervisor's post assignment, who is a clerk (not on screens: roles are not public). */
export type StaffRolesConfig = Omit<DeciderConfig, 'staff'> & { staff: (DeciderConfig['staff'][number] & Pick<HallConfig['staff'][number], 'role'>)[] };

export type Decider<K extends keyof CommandOf, C = DeciderConfig> = (state: HallState, config: C, command: CommandOf[K], now: number) => Decision;

/** One decider per command type, each with the hall file it needs. */
export type Deciders = { [K in keyof CommandOf]: Decider<K, K extends 'post.assign' ? StaffRolesConfig : DeciderConfig> };
