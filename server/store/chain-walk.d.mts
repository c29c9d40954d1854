import type Database from 'better-sqlite3';
import type { VerifyResult } from './event-store.ts';

export declare const GENESIS_HASH: string;
export declare const CHAIN_CHUNK: number;
export declare function linkHash(prevHash: string, seq: number, at: number, type: string, actor: string, requestKey: string | null, payload: string): string;
export declare function verifyChain(db: Database.Database, fromSeq: number, toSeq?: number, progress?: (checked: number) => void): VerifyResult;
