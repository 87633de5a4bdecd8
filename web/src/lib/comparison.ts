import type { ComparisonDay, ComparisonView } from '#domain/views/comparison';
import { formatValue, type ValueKind } from './format';
import { formatShortDay } from './home';

export type ComparedMeasure = ComparisonView['measures'][number];

const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
/** "3 Dec": short enough for a table on a phone. */
export const formatDayMonth = (date: string) => dayMonth.format(new Date(`${date}T12:00:00Z`));

/** The latest day with the unit's own figure, or else the latest day: what the sentence reads. */
export const latestDay = (m: ComparedMeasure): ComparisonDay | null => [...m.days].reverse().find((d) => d.own !== null) ?? m.days.at(-1) ?? null;

/** Rates and bounds as people read them ("12.0%"); a range whose ends are equal reads as one value. */
export const rangeText = (lower: number, upper: number, kind: ValueKind) =>
  formatValue(lower, kind) === formatValue(upper, kind) ? formatValue(lower, kind) : `${formatValue(lower, kind)} and ${formatValue(upper, kind)}`;

/** A table cell's range, short enough for a phone: "6.6 to 10.1%". */
export function bandText(lower: number, upper: number, kind: ValueKind): string {
  const [a, b] = [formatValue(lower, kind), formatValue(upper, kind)];
  return a === b ? a : `${kind === 'rate' ? a.replace('%', '') : a} to ${b}`;
}

/**
 * The measure in plain English, on its latest day: "Your vacancy rate was 12.0% on 2 Dec;
 * half of the 14 care home units in Cherwell were between 6.0% and 11.0% (the middle one 8.5%)."
 */
export function readingOf(m: ComparedMeasure, peerGroup: ComparisonView['peerGroup']): string {
  const day = latestDay(m);
  if (!day) return `No days to show.`;
  const label = m.label.toLowerCase();
  const when = formatShortDay(day.date);
  const own = day.own === null ? `You have no ${label} for ${when}.` : `Your ${label} was ${formatValue(day.own, m.kind)} on ${when}.`;
  const peersOn = (d: ComparisonDay) => {
    const bounds = rangeText(d.peerLower!, d.peerUpper!, m.kind);
    const between = bounds.includes(' and ') ? `between ${bounds}` : `at ${bounds}`;
    return `half of the ${d.peers} other ${peerGroup.description} were ${between} (the middle one ${formatValue(d.peerMedian!, m.kind)}).`;
  };
  if (hasPeers(day)) return `${own} ${capitalised(peersOn(day))}`;
  // Early in the day others have not sent theirs yet: the latest day that can be compared still says where the unit stands.
  const earlier = [...m.days].reverse().find((d) => d.date < day.date && hasPeers(d));
  const why = `${own} ${day.reason ?? 'Not enough peers to compare.'}`;
  return earlier ? `${why} On ${formatShortDay(earlier.date)}, ${peersOn(earlier)}` : why;
}

const hasPeers = (d: ComparisonDay) => d.peerMedian !== null && d.peerLower !== null && d.peerUpper !== null;
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export interface ChartGeometry {
  /** The unit's own line, broken where it has no figure. */
  own: string;
  /** Dots for days whose neighbours are both missing (a line needs two points). */
  ownDots: { x: number; y: number }[];
  /** The peers' middle half, one polygon per run of days with quartiles. */
  bands: string[];
  median: string;
  /** y of a few gridlines with their labels. */
  ticks: { y: number; label: string }[];
}

/**
 * A small chart drawn as plain SVG in a `width` x `height` box: the unit's line over the band of
 * its peers' middle half and their median. Rates from 0 to the highest value shown (at least 10%).
 */
export function chartOf(m: ComparedMeasure, width: number, height: number, pad = { left: 36, right: 6, top: 8, bottom: 8 }): ChartGeometry {
  const values = m.days.flatMap((d) => [d.own, d.peerUpper, d.peerLower, d.peerMedian]).filter((v): v is number => v !== null);
  const top = niceTop(Math.max(m.kind === 'rate' ? 0.1 : 1, ...values));
  const n = m.days.length;
  const x = (i: number) => pad.left + (n <= 1 ? 0 : (i * (width - pad.left - pad.right)) / (n - 1));
  const y = (v: number) => pad.top + (1 - v / top) * (height - pad.top - pad.bottom);
  const pathOf = (pick: (d: ComparisonDay) => number | null) => {
    let out = '';
    let pen = false;
    m.days.forEach((d, i) => {
      const v = pick(d);
      if (v === null) pen = false;
      else {
        out += `${pen ? 'L' : 'M'}${r(x(i))},${r(y(v))}`;
        pen = true;
      }
    });
    return out;
  };
  const bands: string[] = [];
  let run: number[] = [];
  const close = () => {
    if (run.length > 0) {
      const upper = run.map((i) => `${r(x(i))},${r(y(m.days[i].peerUpper!))}`);
      const lower = [...run].reverse().map((i) => `${r(x(i))},${r(y(m.days[i].peerLower!))}`);
      // A single day's band is drawn as a thin bar so it can be seen.
      if (run.length === 1) bands.push([`${r(x(run[0]) - 2)},${r(y(m.days[run[0]].peerUpper!))}`, `${r(x(run[0]) + 2)},${r(y(m.days[run[0]].peerUpper!))}`, `${r(x(run[0]) + 2)},${r(y(m.days[run[0]].peerLower!))}`, `${r(x(run[0]) - 2)},${r(y(m.days[run[0]].peerLower!))}`].join(' '));
      else bands.push([...upper, ...lower].join(' '));
    }
    run = [];
  };
  m.days.forEach((d, i) => (d.peerLower !== null && d.peerUpper !== null ? run.push(i) : close()));
  close();
  const ownDots = m.days.flatMap((d, i) =>
    d.own !== null && (m.days[i - 1]?.own ?? null) === null && (m.days[i + 1]?.own ?? null) === null ? [{ x: r(x(i)), y: r(y(d.own)) }] : [],
  );
  const ticks = [0, top / 2, top].map((v) => ({ y: r(y(v)), label: formatValue(v, m.kind).replace('.0%', '%') }));
  return { own: pathOf((d) => d.own), ownDots, bands, median: pathOf((d) => d.peerMedian), ticks };
}

const r = (v: number) => Math.round(v * 10) / 10;

/** The next round top at or above `v`: 10%, 15%, 20%, 25%, 30%, 40%, 50%… (or 1, 1.5, 2… for counts). */
function niceTop(v: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * magnitude >= v - 1e-12) return step * magnitude;
  return 10 * magnitude;
}
