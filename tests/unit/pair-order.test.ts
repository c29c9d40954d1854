/**
 * 双机热备: when neither server has just taken the hall over (both starting, both standby, both primary after a
 * cut), exactly one of them leads — whatever each side sees of the other, they agree.
 */
import { describe, expect, it } from 'vitest';
import { leads, type PairMemberView } from '../../server/standby/pair-order.ts';

const views: PairMemberView[] = [];
for (const term of [0, 1, 2])
  for (const preferredRole of ['primary', 'standby'] as const) for (const name of ['A', 'B']) views.push({ term, preferredRole, name });

describe('which of the pair leads', () => {
  it('exactly one of any two different servers leads, the same on both sides', () => {
    for (const a of views)
      for (const b of views) {
        if (a.name === b.name) continue;
        expect(leads(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(!leads(b, a));
      }
  });

  it('the newer term first (its log holds the later takeover), then the preferred role, then the name', () => {
    expect(leads({ term: 2, preferredRole: 'standby', name: 'Z' }, { term: 1, preferredRole: 'primary', name: 'A' })).toBe(true);
    expect(leads({ term: 1, preferredRole: 'primary', name: 'Z' }, { term: 1, preferredRole: 'standby', name: 'A' })).toBe(true);
    expect(leads({ term: 1, preferredRole: 'primary', name: 'A' }, { term: 1, preferredRole: 'primary', name: 'B' })).toBe(true);
  });
});
