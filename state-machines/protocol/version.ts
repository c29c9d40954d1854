/**
 * Protocol version. A client sends it in the handshake; a mismatch is refused
 * with PROTOCOL_MISMATCH so a kiosk running yesterday's page reloads instead of
 * misreading today's events. Bump on any incompatible change to this folder.
 */
/*
 * 4: `case.recorded` reaches staff (an older panel's fold would not know it), `scan:routed` for an ID card
 * carries `elderly` and no number, ticket receipts carry `pageKey`.
 * 5: the guide desk (`/guide`, guide and complaint events), the case's later steps (ready, 出件, EMS),
 * `notice:print`, and the public hall file's items with structured materials and a `bundles` list.
 * 6: 双机热备 — the event `hall.taken_over` (a client of before could not fold it), the snapshot's
 * `otherServer`, `standby:status` on /admin.
 */
export const PROTOCOL_VERSION = 6;
