/** Inbound payloads of the device events on /kiosk (zod, parsed before anything happens). */
import { z } from 'zod';
import { configId } from '../domain/ids.ts';
import { requestId, ticketId } from '../protocol/messages.ts';

/** 一次性告知: print the material list of an item on this kiosk's printer. */
export const printMaterialsRequest = z.strictObject({ requestId, itemId: configId });
export type PrintMaterialsRequest = z.infer<typeof printMaterialsRequest>;

/** How did this ticket's print job end? (a kiosk that reconnected asks) */
export const printJobStatusRequest = z.strictObject({ ticketId });
export type PrintJobStatusRequest = z.infer<typeof printJobStatusRequest>;
