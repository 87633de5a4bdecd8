import type { Provider } from '#domain';

/**
 * Units summed in one part of a date x locality x sector's sums. The sums item holds a guard
 * per unit (aggregates.ts), so an item of every unit of a big locality grew with it: about one
 * write unit per save for each 80 units of a sector at bench ids, more with long ids. Parts of
 * at most this many units keep an item, and so a save, the same size at 50 units or 1,000,
 * while a day's read gains only one item per 25 units (the guards are the bulk either way).
 */
export const UNITS_PER_SUMS_PART = 25;

type Place = Pick<Provider, 'providerId' | 'localityId' | 'sector'>;

/** A unit as the register stores it: its place and the part of the sums its new dates go to. */
export interface PlacedUnit extends Place {
  sumsPart?: number;
}

const placeKey = (p: Place) => `${p.localityId}|${p.sector}`;

/**
 * The part of the sums each of `changed` sends its new dates to, given the register before
 * the change. A unit that stays in its locality and sector keeps its part; a new or moved one
 * takes the next free place in order (parts fill up to UNITS_PER_SUMS_PART). Which part a unit has
 * only balances the items: a date already counted stays where its first version was counted
 * (the save follows the stored version's part), so a part may change at any time.
 */
export function assignParts(register: readonly PlacedUnit[], changed: readonly Place[]): number[] {
  const before = new Map(register.map((u) => [u.providerId, u]));
  const moving = new Set(changed.filter((c) => !staysIn(before.get(c.providerId), c)).map((c) => c.providerId));
  const counts = new Map<string, number>();
  for (const u of register) if (!moving.has(u.providerId)) counts.set(placeKey(u), (counts.get(placeKey(u)) ?? 0) + 1);
  return changed.map((c) => {
    if (!moving.has(c.providerId)) return before.get(c.providerId)!.sumsPart ?? 0;
    const n = counts.get(placeKey(c)) ?? 0;
    counts.set(placeKey(c), n + 1);
    return Math.floor(n / UNITS_PER_SUMS_PART);
  });
}

const staysIn = (was: PlacedUnit | undefined, now: Place): was is PlacedUnit =>
  was !== undefined && was.localityId === now.localityId && was.sector === now.sector;
