/**
 * Protocol version. A client sends it in the handshake; a mismatch is refused
 * with PROTOCOL_MISMATCH so a kiosk running yesterday's page reloads instead of
 * misreading today's events. Bump on any incompatible change to this folder.
 */
/*
 * 4: `case.recorded` reaches staff (an older panel's fold would not know it), `scan:routed` for an ID card
 * carries `elderly` and no number, ticket receipts carry `pageKey`.
 */
export const PROTOCOL_VERSION = 5;
