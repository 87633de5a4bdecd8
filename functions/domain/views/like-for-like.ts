import { TOTAL_FIELDS, toHundredths, type UnitDay } from '../aggregate';
import { measureOf, type Measure, type StaffingTotals } from '../measures';
import type { Sector } from '../register';

/**
 * A comparison with a week earlier that a missing return cannot fake (domain.md, "Partial
 * shown as change"). When both days are complete, their totals are compared as they stand.
 * Otherwise only the units that reported on both days are compared, each day's value summed
 * from those units alone: a fall caused by returns not yet in is never a fall. With no unit
 * in common (or no per-unit figures for the measure), there is no comparison.
 *
 * The stored sums keep nothing per unit (issue 7), so the units of the two dates are read
 * beside them, and only when a comparison is like for like (functions/api/routes/system.ts).
 */
export interface Comparison {
  /** The value a week earlier: of every unit (both days complete) or of the units in common. */
  weekAgo: number | null;
  /** True when the comparison uses only the units that reported on both days. */
  likeForLike: boolean;
  /** Today's value over the same units as `weekAgo` (equal to the headline when not like for like). */
  comparedValue: number | null;
  /** How many units the like-for-like comparison covers; null when it is not like for like. */
  comparedUnits: number | null;
}

export const noComparison: Comparison = { weekAgo: null, likeForLike: false, comparedValue: null, comparedUnits: null };

/** What a like-for-like comparison needs of a unit's day. */
export type ComparedUnit = Pick<UnitDay, 'providerId' | 'sector' | 'totals'>;

/** The units that reported on both dates, and each date's totals summed over those units alone. */
export interface UnitsInCommon {
  units: number;
  today: StaffingTotals;
  weekAgo: StaffingTotals;
}

/**
 * The units in `sectors` on both dates, summed once for every measure of a family (a summary
 * before the deadline has tens of thousands of units a date). A unit counts only if it was in
 * `sectors` on each date. Null with no unit in common.
 */
export function unitsInCommon(today: readonly ComparedUnit[], weekAgo: readonly ComparedUnit[], sectors: readonly Sector[]): UnitsInCommon | null {
  const then = new Map<string, StaffingTotals>();
  for (const u of weekAgo) if (sectors.includes(u.sector)) then.set(u.providerId, u.totals);
  // Whole hundredths, as the stored sums are added: exact in any order.
  const now = new Array<number>(TOTAL_FIELDS.length).fill(0);
  const before = new Array<number>(TOTAL_FIELDS.length).fill(0);
  const counted = new Set<string>();
  for (const u of today) {
    const earlier = then.get(u.providerId);
    if (!earlier || !sectors.includes(u.sector) || counted.has(u.providerId)) continue;
    counted.add(u.providerId);
    TOTAL_FIELDS.forEach((f, i) => {
      now[i] += toHundredths(u.totals[f]);
      before[i] += toHundredths(earlier[f]);
    });
  }
  if (counted.size === 0) return null;
  const totalsOf = (h: number[]) => Object.fromEntries(TOTAL_FIELDS.map((f, i) => [f, h[i] / 100])) as unknown as StaffingTotals;
  return { units: counted.size, today: totalsOf(now), weekAgo: totalsOf(before) };
}

/** A staffing measure compared like for like over the units in common. */
export function likeForLikeOf(measure: Measure, common: UnitsInCommon | null): Comparison {
  if (!common) return noComparison;
  return {
    weekAgo: measureOf(measure, common.weekAgo).value,
    likeForLike: true,
    comparedValue: measureOf(measure, common.today).value,
    comparedUnits: common.units,
  };
}
