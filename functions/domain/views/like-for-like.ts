import { TOTAL_FIELDS, toHundredths, totalsAcross, type LocalityDay, type UnitDay } from '../aggregate';
import { measureOf, type Measure, type StaffingTotals } from '../measures';
import { SECTOR_FAMILIES, familyOf, sectorsIn, type Sector, type SectorFamily } from '../register';

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

/** Adds a unit's totals into whole hundredths, or takes them out. */
function addInto(into: number[], t: StaffingTotals, sign: 1 | -1 = 1) {
  for (let i = 0; i < TOTAL_FIELDS.length; i++) into[i] += sign * toHundredths(t[TOTAL_FIELDS[i]]);
}
const totalsOf = (h: readonly number[]) => Object.fromEntries(TOTAL_FIELDS.map((f, i) => [f, h[i] / 100])) as unknown as StaffingTotals;

/**
 * Per sector family, the units in it on both dates, each date summed over them alone (the
 * summary compares by family). A unit is in common for a family only if it was in the family
 * on each date. The date's side is its sums over the family less its counted units not in
 * common, in whole hundredths as the sums are added: exact. Null for a family with no unit in
 * common. One pass over the units for every family (tens of thousands a date nationally).
 */
export function unitsInCommon(input: LikeForLikeInput): Map<SectorFamily, UnitsInCommon | null> {
  const then = new Map(input.weekAgo.map((u) => [u.providerId, u]));
  const zeros = () => new Array<number>(TOTAL_FIELDS.length).fill(0);
  const acc = new Map(SECTOR_FAMILIES.map((f) => [f, { units: 0, before: zeros() }]));
  const common = new Set<string>();
  for (const u of input.counted) {
    const earlier = then.get(u.providerId);
    const family = familyOf(u.sector);
    if (!earlier || familyOf(earlier.sector) !== family || common.has(u.providerId)) continue;
    common.add(u.providerId);
    const a = acc.get(family)!;
    a.units++;
    addInto(a.before, earlier.totals);
  }
  return new Map(
    SECTOR_FAMILIES.map((family) => {
      const { units, before } = acc.get(family)!;
      if (units === 0) return [family, null];
      const now = zeros();
      addInto(now, totalsAcross(input.days, sectorsIn(family)));
      for (const u of input.subtracted) if (familyOf(u.sector) === family && !common.has(u.providerId)) addInto(now, u.totals, -1);
      return [family, { units, today: totalsOf(now), weekAgo: totalsOf(before) }];
    }),
  );
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
