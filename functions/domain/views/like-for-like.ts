import { TOTAL_FIELDS, toHundredths, totalsAcross, type LocalityDay, type UnitDay } from '../aggregate';
import { measureOf, type Measure, type StaffingTotals } from '../measures';
import type { Sector } from '../register';

/**
 * A comparison with a week earlier that a missing return cannot fake (domain.md, "Partial
 * shown as change"). When both days are complete, their totals are compared as they stand.
 * Otherwise only the units that reported on both days are compared, each day's value summed
 * from those units alone: a fall caused by returns not yet in is never a fall. With no unit
 * in common (or no per-unit figures for the measure), there is no comparison.
 *
 * The stored sums keep no unit's figures (issue 7), only which version of each unit they count.
 * So the date's value over the units in common is its sums less the units not in common, read
 * from the very versions counted; the week-ago side is summed from that date's kept unit days.
 * Both are read only when a comparison is like for like (functions/api/routes/system.ts).
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

/** A unit counted in a date's sums: its sector there, and the version counted (the guard of its deltas). */
export interface CountedUnit {
  providerId: string;
  sector: Sector;
  version: number;
}

/** What a like-for-like comparison of a date with the week before reads (functions/api/routes/system.ts). */
export interface LikeForLikeInput {
  /** The date's sums, and the units they count: from ONE read, so each unit is in both or neither. */
  days: readonly LocalityDay[];
  counted: readonly CountedUnit[];
  /** The date's figures of each unit of `toSubtract`, from the version counted. */
  subtracted: readonly ComparedUnit[];
  /** Every unit's day of the week-ago date. */
  weekAgo: readonly ComparedUnit[];
}

/**
 * The counted units that may be outside the units in common of some family: none a week ago, or
 * in another sector then. Only their figures are read; every other unit is in common for its family.
 */
export function toSubtract(counted: readonly CountedUnit[], weekAgo: readonly ComparedUnit[]): CountedUnit[] {
  const then = new Map(weekAgo.map((u) => [u.providerId, u.sector]));
  return counted.filter((u) => then.get(u.providerId) !== u.sector);
}

const hundredthsOf = (t: StaffingTotals) => TOTAL_FIELDS.map((f) => toHundredths(t[f]));
const totalsOf = (h: readonly number[]) => Object.fromEntries(TOTAL_FIELDS.map((f, i) => [f, h[i] / 100])) as unknown as StaffingTotals;
const addInto = (into: number[], t: StaffingTotals, sign = 1) => TOTAL_FIELDS.forEach((f, i) => (into[i] += sign * toHundredths(t[f])));

/**
 * The units in `sectors` on both dates, each date summed over them alone, once for every
 * measure of a family. A unit is in common only if it was in `sectors` on each date. The date's
 * side is its sums over `sectors` less the counted units not in common (in whole hundredths, as
 * the sums are added: exact). Null with no unit in common.
 */
export function unitsInCommon(input: LikeForLikeInput, sectors: readonly Sector[]): UnitsInCommon | null {
  const then = new Map<string, ComparedUnit>();
  for (const u of input.weekAgo) if (sectors.includes(u.sector)) then.set(u.providerId, u);
  const before = new Array<number>(TOTAL_FIELDS.length).fill(0);
  const common = new Set<string>();
  for (const u of input.counted) {
    const earlier = then.get(u.providerId);
    if (!earlier || !sectors.includes(u.sector) || common.has(u.providerId)) continue;
    common.add(u.providerId);
    addInto(before, earlier.totals);
  }
  if (common.size === 0) return null;
  const now = hundredthsOf(totalsAcross(input.days, sectors));
  for (const u of input.subtracted) if (sectors.includes(u.sector) && !common.has(u.providerId)) addInto(now, u.totals, -1);
  return { units: common.size, today: totalsOf(now), weekAgo: totalsOf(before) };
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
