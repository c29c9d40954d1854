/**
 * 双机热备: which of the two servers should lead when neither has just taken the hall over — both starting at
 * once, both up as standby, or both up as primary after a cut. A total order both sides compute alike from what
 * each /healthz says, so exactly one of them leads: the newer term (its log holds a later takeover), then the
 * preferred role (STANDBY_ROLE), then the name.
 */
export interface PairMemberView {
  term: number;
  preferredRole: 'primary' | 'standby';
  name: string;
}

export function leads(me: PairMemberView, peer: PairMemberView): boolean {
  if (me.term !== peer.term) return me.term > peer.term;
  if (me.preferredRole !== peer.preferredRole) return me.preferredRole === 'primary';
  return me.name < peer.name;
}
