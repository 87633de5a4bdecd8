import { onTimeIn, reportedIn, totalsAcross, type CapacityTotals, type LocalityDay } from '../aggregate';
import { addDays } from '../dates';
import { MEASURES, measureInfo, measureOf } from '../measures';
import { FAMILY_LABELS, SECTORS, SECTOR_FAMILIES, sectorsIn, type Locality, type Provider, type Sector, type SectorFamily } from '../register';
import { ragOf, type Thresholds } from '../thresholds';
import { expectedUnits } from './scope';
import type { FamilySummary, Headline, SummaryView } from './types';

type CountKey = Exclude<Headline['key'], (typeof MEASURES)[number]>;

/** Capacity headlines, each only for the family whose units report it. */
const COUNTS: Record<CountKey, { label: string; field: keyof CapacityTotals; kind: 'count' | 'hours'; families: SectorFamily[] }> = {
  'beds-closed-staffing': { label: 'Beds closed for staffing', field: 'bedsClosedStaffing', kind: 'count', families: ['hospital', 'social-care'] },
  'homecare-hours-unmet': { label: 'Homecare hours unmet', field: 'homecareHoursUnmet', kind: 'hours', families: ['social-care'] },
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

function familyHeadlines(family: SectorFamily, today: LocalityDay[], weekAgo: LocalityDay[], thresholds: Thresholds): Headline[] {
  const sectors = sectorsIn(family);
  // Missing is never zero: a family none of whose units reported has no value at all.
  const reported = (days: LocalityDay[]) => reportedIn(days, sectors) > 0;
  const rates = MEASURES.map((m): Headline => {
    const now = measureOf(m, totalsAcross(today, sectors));
    const then = measureOf(m, totalsAcross(weekAgo, sectors));
    const value = reported(today) ? now.value : null;
    return {
      key: m,
      label: measureInfo(m).label,
      value,
      numerator: now.numerator,
      denominator: now.denominator,
      weekAgo: reported(weekAgo) ? then.value : null,
      kind: measureInfo(m).kind,
      higherIsWorse: measureInfo(m).higherIsWorse,
      rag: ragOf(m, value, thresholds),
    };
  });
  const counts = (Object.entries(COUNTS) as [CountKey, (typeof COUNTS)[CountKey]][])
    .filter(([, c]) => c.families.includes(family))
    .map(([key, c]): Headline => {
      const value = capacitySum(today, sectors, c.field);
      return {
        key,
        label: c.label,
        value,
        numerator: value ?? 0,
        denominator: null,
        weekAgo: capacitySum(weekAgo, sectors, c.field),
        kind: c.kind,
        higherIsWorse: true,
        rag: 'none',
      };
    });
  return [...rates, ...counts];
}

/**
 * Headline measures per sector family for a date, each beside its value a week earlier.
 * `aggregates` may hold any dates: those of `date` and `date - 7` are used.
 * A family's `reported` counts the returns its values are built from; `expected` the units
 * that owed one (so a weekday-only unit reporting on a Saturday shows as 1 of 0).
 */
export function summaryOf(input: {
  date: string;
  aggregates: readonly LocalityDay[];
  providers: readonly Provider[];
  localities: readonly Locality[];
  thresholds: Thresholds;
  deadlineMinutes?: number;
}): SummaryView {
  const { date, providers, thresholds } = input;
  const weekAgoDate = addDays(date, -7);
  const today = input.aggregates.filter((a) => a.date === date);
  const weekAgo = input.aggregates.filter((a) => a.date === weekAgoDate);
  const families = SECTOR_FAMILIES.map((family): FamilySummary => {
    const sectors = sectorsIn(family);
    return {
      family,
      label: FAMILY_LABELS[family],
      measures: familyHeadlines(family, today, weekAgo, thresholds),
      reported: reportedIn(today, sectors),
      expected: expectedUnits(providers, date, sectors).length,
    };
  });
  // From the sums alone: the summary never lists units. A unit that reported on a day it did
  // not owe a return counts as received.
  const expected = expectedUnits(providers, date, SECTORS).length;
  const received = reportedIn(today);
  const onTime = onTimeIn(today);
  const late = received - onTime;
  const missing = Math.max(0, expected - received);
  return { date, weekAgoDate, families, completeness: { expected, received, onTime, late, missing } };
}
