import type { TrendSeries } from '#domain';
import { formatValue, type ValueKind } from './format';

/** Making Data Count reads special cause as concern or improvement, depending on which way is worse. */
export function specialMeaning(special: 'high' | 'low' | null, higherIsWorse: boolean): 'concern' | 'improvement' | null {
  if (!special) return null;
  return (special === 'high') === higherIsWorse ? 'concern' : 'improvement';
}

/** One sentence that says what the chart shows, for its accessible name and the page. */
export function seriesSummary(s: TrendSeries, kind: ValueKind, higherIsWorse: boolean): string {
  if (s.mean === null) return `${s.label}: no values in this period.`;
  const f = (v: number | null) => formatValue(v, kind);
  const concern = s.points.filter((p) => specialMeaning(p.special, higherIsWorse) === 'concern').length;
  const improvement = s.points.filter((p) => specialMeaning(p.special, higherIsWorse) === 'improvement').length;
  const limits = s.lower !== null && s.upper !== null ? `, process limits ${f(s.lower)} to ${f(s.upper)}` : '';
  const shifts = s.segments.length > 1 ? ` The process shifted ${s.segments.length - 1} ${s.segments.length === 2 ? 'time' : 'times'}: limits recalculated from ${s.segments.at(-1)!.from}.` : '';
  const incomplete = s.points.filter((p) => p.value !== null && !p.complete).length;
  const partial = incomplete > 0 ? ` ${incomplete} ${incomplete === 1 ? 'day is' : 'days are'} not complete and not judged.` : '';
  return `${s.label}: mean ${f(s.mean)}${limits}; ${concern} ${concern === 1 ? 'point' : 'points'} of special cause for concern, ${improvement} of improvement.${shifts}${partial}`;
}
