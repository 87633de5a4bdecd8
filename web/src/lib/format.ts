import { MEASURES, measureInfo, type Measure, type ValueKind } from '#domain';

export type { ValueKind };

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDp = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A value as people read it: 12.3%, 1,204 (hours or a count). Null is never shown as zero. */
export function formatValue(value: number | null, kind: ValueKind, missing = 'no data'): string {
  if (value === null || !Number.isFinite(value)) return missing;
  return kind === 'rate' ? `${oneDp.format(value * 100)}%` : whole.format(value);
}

/** Shorter, for heatmap cells: 12.3 (the % is in the column note) or 1,204. */
export function formatCell(value: number | null, kind: ValueKind): string {
  if (value === null || !Number.isFinite(value)) return '';
  return kind === 'rate' ? oneDp.format(value * 100) : whole.format(value);
}

export const formatWhole = (n: number) => whole.format(n);

export interface Trend {
  direction: 'up' | 'down' | 'same' | 'unknown';
  arrow: '↑' | '↓' | '→' | '';
  /** e.g. "up 1.2 points from 9.8%": the words carry the meaning, the arrow only repeats it. */
  text: string;
  judgement: 'worse' | 'better' | null;
}

/** The change from a week earlier, in words. Rates change in percentage points, never in percent of a percent. */
export function trendOf(value: number | null, weekAgo: number | null, kind: ValueKind, higherIsWorse: boolean): Trend {
  if (value === null || weekAgo === null) {
    return { direction: 'unknown', arrow: '', text: weekAgo === null ? 'no value a week earlier' : 'no value today', judgement: null };
  }
  const before = formatValue(weekAgo, kind);
  const delta = kind === 'rate' ? Math.round((value - weekAgo) * 1000) / 10 : Math.round(value - weekAgo);
  if (delta === 0) return { direction: 'same', arrow: '→', text: `no change from ${before}`, judgement: null };
  const up = delta > 0;
  const size = kind === 'rate' ? `${oneDp.format(Math.abs(delta))} ${Math.abs(delta) === 1 ? 'point' : 'points'}` : whole.format(Math.abs(delta));
  return {
    direction: up ? 'up' : 'down',
    arrow: up ? '↑' : '↓',
    text: `${up ? 'up' : 'down'} ${size} from ${before}`,
    judgement: up === higherIsWorse ? 'worse' : 'better',
  };
}

/** "12 of 15 units reported" — the denominator is always shown, so missing returns never read as zero. */
export const reportedText = (reported: number, expected: number) =>
  `${whole.format(reported)} of ${whole.format(expected)} ${expected === 1 ? 'unit' : 'units'} reported`;

const longDate = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
export const formatDate = (iso: string) => longDate.format(new Date(`${iso}T12:00:00Z`));
const stamp = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });
export const formatInstant = (iso: string | null) => (iso ? stamp.format(new Date(iso)) : '—');
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' });
/** "09:12" UK time; the date too ("09:12 on 3 Dec") when it is not today in the UK. */
export function formatClock(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'Europe/London' });
  return day.format(at) === day.format(now) ? clock.format(at) : `${clock.format(at)} on ${day.format(at)}`;
}

const isMeasure = (key: string): key is Measure => (MEASURES as readonly string[]).includes(key);

/** A rate's parts in words ("41.2 WTE vacant of 335.0 WTE funded"): the figure behind the percentage. */
export function partsText(h: { key: string; kind: ValueKind; numerator: number; denominator: number | null }): string | null {
  const info = isMeasure(h.key) ? measureInfo(h.key) : null;
  if (h.kind !== 'rate' || h.denominator === null || !info?.parts) return null;
  const n = (v: number) => (info.partsDecimals === 1 ? oneDp.format(v) : whole.format(v));
  return info.parts.replace('{n}', n(h.numerator)).replace('{d}', n(h.denominator));
}
