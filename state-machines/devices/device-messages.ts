/** Inbound payloads of the device events on /kiosk and /display (zod, parsed before anything happens). */
import { z } from 'zod';
import { configId } from '../domain/ids.ts';
import { requestId, ticketId } from '../protocol/messages.ts';

/** 一次性告知: print the material list of an item on this kiosk's printer. */
export const printMaterialsRequest = z.strictObject({ requestId, itemId: configId });
export type PrintMaterialsRequest = z.infer<typeof printMaterialsRequest>;

/** How did this ticket's print job end? (a kiosk that reconnected asks) */
export const printJobStatusRequest = z.strictObject({ ticketId });
export type PrintJobStatusRequest = z.infer<typeof printJobStatusRequest>;

/**
 * How a wall display speaks (语音播报), reported on connect and on every
 * change so the IT person sees a silent display in /healthz: its browser's
 * Mandarin voice, the server's audio, or nothing (and why).
 */
const DISPLAY_VOICE_PROBLEMS = ['no-voice', 'autoplay-blocked', 'playback-failed'] as const;
export const displayVoiceReport = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('browser') }),
  z.strictObject({ mode: z.literal('server') }),
  z.strictObject({ mode: z.literal('off'), problem: z.enum(DISPLAY_VOICE_PROBLEMS) }),
]);
export type DisplayVoiceReport = z.infer<typeof displayVoiceReport>;
