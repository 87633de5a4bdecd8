import { onTimeIn, reportedIn, totalsAcross, type CapacityTotals, type LocalityDay } from '../aggregate';
import { addDays } from '../dates';
import { MEASURES, measureInfo, measureOf } from '../measures';
import { FAMILY_LABELS, SECTORS, SECTOR_FAMILIES, sectorsIn, type Locality, type Provider, type Sector, type SectorFamily } from '../register';
import { ragOfTotals, type Thresholds } from '../thresholds';
import { absentStatus, isComplete } from './coverage';
import { likeForLikeOf, noComparison, type Comparison, type UnitsInCommon } from './like-for-like';
import { expectedCount } from './scope';
import type { FamilySummary, Headline, SummaryView } from './types';

type CountKey = Exclude<Headline['key'], (typeof MEASURES)[number]>;

/**
 * Homecare hours unmet are judged as a share of the hours needed (delivered + unmet), so that a
 * large locality is not red for its size alone. There is no national benchmark for the share:
 * the bounds are those of the unfilled share of rostered hours, the nearest staffing measure.
 */
export const HOMECARE_UNMET_SHARE = { amber: 0.05, red: 0.1 } as const;

interface CountDefinition {
  label: string;
  field: keyof CapacityTotals;
  kind: 'count' | 'hours';
  families: SectorFamily[];
  /** The whole the count is part of, for its share and RAG. */
  whole?: (keyof CapacityTotals)[];
}

/** Capacity headlines, each only for the family whose units report it. */
const COUNTS: Record<CountKey, CountDefinition> = {
  'beds-closed-staffing': { label: 'Beds closed for staffing', field: 'bedsClosedStaffing', kind: 'count', families: ['hospital', 'social-care'] },
  'homecare-hours-unmet': {
    label: 'Homecare hours unmet',
    field: 'homecareHoursUnmet',
    kind: 'hours',
    families: ['social-care'],
    whole: ['homecareHoursUnmet', 'homecareHoursDelivered'],
  },
  'patients-no-criteria-to-reside': {
    label: 'Patients with no criteria to reside',
    field: 'patientsNoCriteriaToReside',
    kind: 'count',
    families: ['hospital'],
  },
};

/** Sum of one capacity field over some sectors, or null when none of their units reported. */
export function capacitySum(days: readonly LocalityDay[], sectors: readonly Sector[], field: keyof CapacityTotals): number | null {
  let units = 0;
  let sum = 0;
  for (const d of days)
    for (const s of sectors) {
      const c = d.capacity[s];
      if (!c) continue;
      units += c.units;
      sum += c[field];
    }
  return units === 0 ? null : sum;
}

function familyHeadlines(
  family: SectorFamily,
  today: LocalityDay[],
  weekAgo: LocalityDay[],
  thresholds: Thresholds,
  /** Whether each day's returns are all in: only then are their totals compared as they stand. */
  complete: { today: boolean; weekAgo: boolean },
  /** The family's units in common, read only when its comparison is like for like. */
  inCommon: () => UnitsInCommon | null,
): Headline[] {
  const sectors = sectorsIn(family);
  // Missing is never zero: a family none of whose units reported has no value at all.
  const reported = (days: LocalityDay[]) => reportedIn(days, sectors) > 0;
  const bothComplete = complete.today && complete.weekAgo;
  const rates = MEASURES.map((m): Headline => {
    const nowTotals = totalsAcross(today, sectors);
    const now = measureOf(m, nowTotals);
    const then = measureOf(m, totalsAcross(weekAgo, sectors));
    const value = reported(today) ? now.value : null;
    const comparison: Comparison = !reported(today)
      ? noComparison
      : bothComplete
        ? { weekAgo: reported(weekAgo) ? then.value : null, likeForLike: false, comparedValue: value, comparedUnits: null }
        : likeForLikeOf(m, inCommon());
    return {
      key: m,
      label: measureInfo(m).label,
      value,
      numerator: now.numerator,
      denominator: now.denominator,
      ...comparison,
      kind: measureInfo(m).kind,
      higherIsWorse: measureInfo(m).higherIsWorse,
      rag: value === null ? 'none' : ragOfTotals(m, nowTotals, thresholds),
    };
  });
  const counts = (Object.entries(COUNTS) as [CountKey, CountDefinition][])
    .filter(([, c]) => c.families.includes(family))
    .map(([key, c]): Headline => {
      const value = capacitySum(today, sectors, c.field);
      const whole = c.whole ? c.whole.reduce((s, f) => s + (capacitySum(today, sectors, f) ?? 0), 0) : null;
      const share = value !== null && whole !== null && whole > 0 ? value / whole : null;
      // A sum of capacity counts is compared only between complete days: the aggregates keep no
      // per-unit capacity to compare like for like, so on a partial day the comparison is withheld.
      const then = capacitySum(weekAgo, sectors, c.field);
      const comparison: Comparison = bothComplete && value !== null ? { weekAgo: then, likeForLike: false, comparedValue: value, comparedUnits: null } : noComparison;
      return {
        key,
        label: c.label,
        value,
        numerator: value ?? 0,
        denominator: whole,
        ...comparison,
        kind: c.kind,
        higherIsWorse: true,
        rag: share === null ? 'none' : share >= HOMECARE_UNMET_SHARE.red ? 'red' : share >= HOMECARE_UNMET_SHARE.amber ? 'amber' : 'green',
      };
    });
  return [...rates, ...counts];
}

interface SummaryInput {
  date: string;
  /** The sums of `date - 7` to `date` (the whole system's, or any scope's). */
  aggregates: readonly LocalityDay[];
  /** Each family's units in common (like-for-like.ts `unitsInCommon`), needed only when `comparesLikeForLike` says so. */
  inCommon?: ReadonlyMap<SectorFamily, UnitsInCommon | null>;
  providers: readonly Provider[];
  localities: readonly Locality[];
  thresholds: Thresholds;
  deadlineMinutes?: number;
  now?: Date;
}

/** Per family, whether the date and the date a week earlier are complete (coverage.ts), from the sums alone. */
function completenessByFamily(input: Omit<SummaryInput, 'inCommon' | 'thresholds' | 'localities'>) {
  const { date, providers, now, deadlineMinutes } = input;
  const weekAgoDate = addDays(date, -7);
  const on = (d: string) => input.aggregates.filter((a) => a.date === d);
  const completeOn = (d: string, sectors: readonly Sector[] = SECTORS) =>
    isComplete({ reported: reportedIn(on(d), sectors), expected: expectedCount(providers, d, sectors) }, d, now, deadlineMinutes);
  const families = SECTOR_FAMILIES.map((family) => {
    const sectors = sectorsIn(family);
    return { family, sectors, reported: reportedIn(on(date), sectors), complete: { today: completeOn(date, sectors), weekAgo: completeOn(weekAgoDate, sectors) } };
  });
  return { weekAgoDate, on, completeOn, families };
}

/**
 * Whether some family's headlines are compared like for like (it reported on `date`, and
 * `date` or the week before is not complete): only then does the summary need `inCommon`.
 */
export function comparesLikeForLike(input: Omit<SummaryInput, 'inCommon' | 'thresholds' | 'localities'>): boolean {
  return completenessByFamily(input).families.some((f) => f.reported > 0 && !(f.complete.today && f.complete.weekAgo));
}

/**
 * Headline measures per sector family for a date, each beside its value a week earlier.
 * `aggregates` may hold any dates from `date - 7` to `date`: those of `date` and `date - 7`
 * are compared, and all of them are searched for the last complete day.
 * A family's `reported` counts the returns its values are built from; `expected` the units
 * that owed one (so a weekday-only unit reporting on a Saturday shows as 1 of 0).
 * `now` decides whether a day's deadline has passed (coverage.ts); without it every day is
 * judged by its coverage alone.
 */
export function summaryOf(input: SummaryInput): SummaryView {
  const { date, providers, thresholds, now, deadlineMinutes } = input;
  const { weekAgoDate, on, completeOn, families: byFamily } = completenessByFamily(input);
  const today = on(date);
  const weekAgo = on(weekAgoDate);
  const inCommon = (family: SectorFamily) => {
    if (!input.inCommon) throw new Error('summaryOf: a like-for-like comparison needs the units in common (like-for-like.ts)');
    return input.inCommon.get(family) ?? null;
  };
  const families = byFamily.map(({ family, sectors, reported, complete }): FamilySummary => ({
    family,
    label: FAMILY_LABELS[family],
    measures: familyHeadlines(family, today, weekAgo, thresholds, complete, () => inCommon(family)),
    reported,
    expected: expectedCount(providers, date, sectors),
    complete: complete.today,
  }));
  // From the sums alone: the summary never lists units. A unit that reported on a day it did
  // not owe a return counts as received.
  const expected = expectedCount(providers, date, SECTORS);
  const received = reportedIn(today);
  const onTime = onTimeIn(today);
  const late = received - onTime;
  const absent = Math.max(0, expected - received);
  const absentAre = absentStatus(date, now, deadlineMinutes);
  const missing = absentAre === 'missing' ? absent : 0;
  const notInYet = absentAre === 'not-in-yet' ? absent : 0;
  const lastCompleteDate = Array.from({ length: 8 }, (_, i) => addDays(date, -i)).find((d) => completeOn(d)) ?? null;
  return {
    date,
    weekAgoDate,
    complete: completeOn(date),
    lastCompleteDate,
    families,
    completeness: { expected, received, onTime, late, missing, notInYet },
  };
}
