/**
 * Protocol version. A client sends it in the handshake; a mismatch is refused
 * with PROTOCOL_MISMATCH so a kiosk running yesterday's page reloads instead of
 * misreading today's events. Bump on any incompatible change to this folder.
 */
export const PROTOCOL_VERSION = 3;
