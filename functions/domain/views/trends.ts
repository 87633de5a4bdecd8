import { reportedIn, totalsAcross, type LocalityDay, type LocalityTotals } from '../aggregate';
import { addDays, datesBetween } from '../dates';
import { measureOf, emptyTotals, type Measure, type StaffingTotals } from '../measures';
import { FAMILY_LABELS, SECTOR_FAMILIES, sectorsIn, type Locality, type Provider, type Sector } from '../register';
import { isComplete } from './coverage';
import { AggregateIndex, byName, expectedUnits, sectorsOf, type SectorOrFamily } from './scope';
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
    const expected = expectedUnits(scope.providers, date, sectors, scope.localityId).length;
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
  /** by=sector-family: the whole system's figures of each date. */
  aggregates?: readonly LocalityDay[];
  /** by=locality: each locality's totals over the sectors of `sector` on each date. */
  localityTotals?: readonly LocalityTotals[];
  localities: readonly Locality[];
  providers: readonly Provider[];
  /** Now, for whether the last days are complete; omitted: every day is judged by coverage alone. */
  now?: Date;
  deadlineMinutes?: number;
  trimLeading?: boolean;
}): TrendsView {
  const { measure, to, by } = input;
  const index = new AggregateIndex(input.aggregates ?? []);
  const totals = new Map((input.localityTotals ?? []).map((t) => [`${t.date}|${t.localityId}`, t]));
  const scope = sectorsOf(input.sector);
  let dates = datesBetween(input.from, to);
  if (input.trimLeading) {
    const reportedOn = (d: string) =>
      by === 'sector-family' ? reportedIn(index.onDate(d), scope) : input.localities.reduce((n, l) => n + (totals.get(`${d}|${l.localityId}`)?.reported ?? 0), 0);
    const first = dates.findIndex((d) => reportedOn(d) > 0);
    if (first > 0) dates = dates.slice(first);
  }
  const common = { dates, providers: input.providers, now: input.now, deadlineMinutes: input.deadlineMinutes };
  const series =
    by === 'sector-family'
      ? SECTOR_FAMILIES.map((f) => ({ f, sectors: sectorsIn(f).filter((s) => scope.includes(s)) }))
          .filter(({ sectors }) => sectors.length > 0)
          .map(({ f, sectors }) =>
            seriesOf(f, FAMILY_LABELS[f], measure, {
              ...common,
              sectors,
              on: (d) => ({ reported: reportedIn(index.onDate(d), sectors), totals: totalsAcross(index.onDate(d), sectors) }),
            }),
          )
      : byName(input.localities).map((l) =>
          seriesOf(l.localityId, l.name, measure, {
            ...common,
            sectors: scope,
            localityId: l.localityId,
            on: (d) => {
              const t = totals.get(`${d}|${l.localityId}`);
              return { reported: t?.reported ?? 0, totals: t?.totals ?? emptyTotals() };
            },
          }),
        );
  return { measure, from: dates[0], to, by, series };
}
