import { reportedIn, totalsAcross, type LocalityDay } from '../aggregate';
import { addDays, datesBetween } from '../dates';
import { measureOf, type Measure } from '../measures';
import { FAMILY_LABELS, SECTOR_FAMILIES, sectorsIn, type Locality, type Sector } from '../register';
import { AggregateIndex, byName, sectorsOf, type SectorOrFamily } from './scope';
import { spcOf } from './spc';
import type { TrendPoint, TrendSeries, TrendsView } from './types';

export const TRENDS_DAYS = { default: 120, max: 400 } as const;
/** The default window: the last 120 days up to `to`. */
export const trendsFrom = (to: string) => addDays(to, 1 - TRENDS_DAYS.default);

function seriesOf(
  key: string,
  label: string,
  measure: Measure,
  dates: string[],
  daysOn: (date: string) => LocalityDay[],
  sectors: readonly Sector[],
): TrendSeries {
  const raw = dates.map((date) => {
    const days = daysOn(date);
    // A day nobody in the series reported is a gap in the chart, not a zero.
    if (reportedIn(days, sectors) === 0) return { date, value: null, numerator: 0, denominator: null };
    return { date, ...measureOf(measure, totalsAcross(days, sectors)) };
  });
  // Every measure is a count or ratio of counts: its lower limit cannot go below zero.
  const spc = spcOf(raw.map((p) => p.value), { nonNegative: true });
  const points: TrendPoint[] = raw.map((p, i) => ({ ...p, ...spc.points[i] }));
  return { key, label, mean: spc.mean, upper: spc.upper, lower: spc.lower, points };
}

/** Daily series of a measure by sector family or by locality, each as an XmR chart. */
export function trendsOf(input: {
  measure: Measure;
  from: string;
  to: string;
  by: TrendsView['by'];
  /** Optional narrowing to one sector or family (by=locality), or to the families it touches. */
  sector?: SectorOrFamily;
  aggregates: readonly LocalityDay[];
  localities: readonly Locality[];
}): TrendsView {
  const { measure, from, to, by } = input;
  const dates = datesBetween(from, to);
  const index = new AggregateIndex(input.aggregates);
  const scope = sectorsOf(input.sector);
  const series =
    by === 'sector-family'
      ? SECTOR_FAMILIES.map((f) => ({ f, sectors: sectorsIn(f).filter((s) => scope.includes(s)) }))
          .filter(({ sectors }) => sectors.length > 0)
          .map(({ f, sectors }) => seriesOf(f, FAMILY_LABELS[f], measure, dates, (d) => index.onDate(d), sectors))
      : byName(input.localities).map((l) =>
          seriesOf(l.localityId, l.name, measure, dates, (d) => [index.get(d, l.localityId)].filter((a) => a !== undefined), scope),
        );
  return { measure, from, to, by, series };
}
