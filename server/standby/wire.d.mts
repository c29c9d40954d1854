import type { Socket } from 'node:net';
export declare const MAX_LINE_BYTES: number;
export declare function proof(secret: string, role: string, nonce: string): string;
export declare function proofMatches(secret: string, role: string, nonce: string, given: unknown): boolean;
// biome-ignore lint/suspicious/noExplicitAny: each message is read field by field where it is handled (typeof checks)
export declare function readMessages(socket: Socket, onMessage: (message: Record<string, any>) => void): void;
export declare function send(socket: Socket, message: unknown): void;
