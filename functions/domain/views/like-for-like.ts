import type { UnitDay } from '../aggregate';
import { addTotals, emptyTotals, measureOf, type Measure } from '../measures';
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

const unitMap = (units: readonly ComparedUnit[], sectors: readonly Sector[]) =>
  new Map(units.filter((u) => sectors.includes(u.sector)).map((u) => [u.providerId, u]));

/** A staffing measure compared like for like over the units in both days. */
export function likeForLikeOf(measure: Measure, today: readonly ComparedUnit[], weekAgo: readonly ComparedUnit[], sectors: readonly Sector[]): Comparison {
  const now = unitMap(today, sectors);
  const then = unitMap(weekAgo, sectors);
  const common = [...now.keys()].filter((id) => then.has(id));
  if (common.length === 0) return noComparison;
  const sum = (m: Map<string, ComparedUnit>) => common.reduce((t, id) => addTotals(t, m.get(id)!.totals), emptyTotals());
  return {
    weekAgo: measureOf(measure, sum(then)).value,
    likeForLike: true,
    comparedValue: measureOf(measure, sum(now)).value,
    comparedUnits: common.length,
  };
}
