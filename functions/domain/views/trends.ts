import type { LocalityTotals } from '../aggregate';
import { addDays, datesBetween } from '../dates';
import { measureOf, emptyTotals, type Measure, type StaffingTotals } from '../measures';
import { FAMILY_LABELS, SECTOR_FAMILIES, sectorsIn, type Locality, type Provider, type Sector, type SectorFamily } from '../register';
import { isComplete } from './coverage';
import { byName, expectedCount, sectorsOf, type SectorOrFamily } from './scope';
import { spcOf } from './spc';
import type { TrendPoint, TrendSeries, TrendsView } from './types';

export const TRENDS_DAYS = { default: 120, max: 400 } as const;
/** The default window: the last 120 days up to `to`. */
export const trendsFrom = (to: string) => addDays(to, 1 - TRENDS_DAYS.default);

interface SeriesScope {
  dates: string[];
  /** The series' units reported on a date and their totals. */
  on: (date: string) => { reported: number; totals: StaffingTotals };
  sectors: readonly Sector[];
  localityId?: string;
  providers: readonly Provider[];
  now?: Date;
  deadlineMinutes?: number;
}

function seriesOf(key: string, label: string, measure: Measure, scope: SeriesScope): TrendSeries {
  const { dates, sectors } = scope;
  const raw = dates.map((date) => {
    const { reported, totals } = scope.on(date);
    const expected = expectedCount(scope.providers, date, sectors, scope.localityId);
    const complete = isComplete({ reported, expected }, date, scope.now, scope.deadlineMinutes);
    // A day nobody in the series reported is a gap in the chart, not a zero.
    if (reported === 0) return { date, value: null, numerator: 0, denominator: null, reported, expected, complete };
    return { date, ...measureOf(measure, totals), reported, expected, complete };
  });
  // Every measure is a count or ratio of counts: its lower limit cannot go below zero.
  // An incomplete day is drawn, but neither sets the limits nor is ever a special cause.
  const spc = spcOf(
    raw.map((p) => p.value),
    { nonNegative: true, counted: raw.map((p) => p.complete) },
  );
  const points: TrendPoint[] = raw.map((p, i) => ({ ...p, ...spc.points[i] }));
  const segments = spc.segments.map((s) => ({ from: dates[s.start], to: dates[s.end], mean: s.mean, upper: s.upper, lower: s.lower }));
  return { key, label, mean: spc.mean, upper: spc.upper, lower: spc.lower, segments, points };
}

/**
 * The families a trend by family draws, each with the one sector filter its totals are read
 * under: the family itself, or the `sector=` asked for (a sector or family inside it).
 */
export const familyFilters = (sector?: SectorOrFamily): { family: SectorFamily; filter: SectorOrFamily }[] => {
  const scope = sectorsOf(sector);
  return SECTOR_FAMILIES.filter((f) => sectorsIn(f).some((s) => scope.includes(s))).map((family) => ({ family, filter: sector ?? family }));
};

/**
 * Daily series of a measure by sector family or by locality, each as an XmR chart. Each point
 * says how many of the units owing a return are in it, and whether its day is complete
 * (coverage.ts). With `trimLeading`, the window starts where the data starts: leading days
 * on which nobody in any series reported are left out.
 */
export function trendsOf(input: {
  measure: Measure;
  from: string;
  to: string;
  by: TrendsView['by'];
  /** Optional narrowing to one sector or family (by=locality), or to the families it touches. */
  sector?: SectorOrFamily;
  /** by=sector-family: the whole system's totals over each family's filter (familyFilters), by date. */
  familyTotals?: ReadonlyMap<SectorFamily, readonly LocalityTotals[]>;
  /** by=locality: each locality's totals over the sectors of `sector`, by date. */
  localityTotals?: readonly LocalityTotals[];
  localities: readonly Locality[];
  providers: readonly Provider[];
  /** Now, for whether the last days are complete; omitted: every day is judged by coverage alone. */
  now?: Date;
  deadlineMinutes?: number;
  trimLeading?: boolean;
}): TrendsView {
  const { measure, to, by } = input;
  const scope = sectorsOf(input.sector);
  // Each series' totals by date, keyed by the series (a family or a locality).
  const totals = new Map<string, LocalityTotals>();
  if (by === 'sector-family') for (const [family, ts] of input.familyTotals ?? []) for (const t of ts) totals.set(`${t.date}|${family}`, t);
  else for (const t of input.localityTotals ?? []) totals.set(`${t.date}|${t.localityId}`, t);
  const on = (key: string) => (d: string) => {
    const t = totals.get(`${d}|${key}`);
    return { reported: t?.reported ?? 0, totals: t?.totals ?? emptyTotals() };
  };
  let dates = datesBetween(input.from, to);
  if (input.trimLeading) {
    const reportedOn = new Set([...totals.values()].filter((t) => t.reported > 0).map((t) => t.date));
    const first = dates.findIndex((d) => reportedOn.has(d));
    if (first > 0) dates = dates.slice(first);
  }
  const common = { dates, providers: input.providers, now: input.now, deadlineMinutes: input.deadlineMinutes };
  const series =
    by === 'sector-family'
      ? familyFilters(input.sector).map(({ family }) =>
          seriesOf(family, FAMILY_LABELS[family], measure, { ...common, sectors: sectorsIn(family).filter((s) => scope.includes(s)), on: on(family) }),
        )
      : byName(input.localities).map((l) => seriesOf(l.localityId, l.name, measure, { ...common, sectors: scope, localityId: l.localityId, on: on(l.localityId) }));
  return { measure, from: dates[0], to, by, series };
}
