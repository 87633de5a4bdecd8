/**
 * XmR (individuals) chart by the NHS "Making Data Count" rules.
 *
 * Which points count: a null point (nothing reported) and an incomplete point (a day whose
 * returns are not all in) are skipped. They neither set the limits nor break or extend a run
 * or trend, and they are never marked: a partial day's low total is missing returns, not a
 * change in the process.
 *
 * Limits: mean ± 2.66 × the average moving range, from the first `baseline` (20) counted
 * points of a segment, then held ("locked") for the rest of it, so each new day is judged
 * against the process as it was rather than chasing itself. Moving ranges above 3.267 × their
 * average are screened out before the limits are set (Nelson 1982; Provost & Murray, The
 * Health Care Data Guide, as NHSRplotthedots does by default), so one wild day does not widen
 * the limits for everyone.
 *
 * Recalculation: when the process shifts, that is when `rebaseRun` (12) counted points in a
 * row sit on one side of the segment's mean, a new segment starts at the first of them and
 * its limits are set afresh from its own points. The chart then shows a step in the limits
 * where the process moved, and flags what is unusual for the process as it now is.
 *
 * Special causes within a segment, in the order they are claimed (a point keeps the first):
 * 1. a point above the upper or below the lower process limit;
 * 2. a shift: 7 or more consecutive points above the mean, or below it (a point exactly on
 *    the mean ends a run);
 * 3. a trend: 6 or more consecutive points each higher than the last, or each lower;
 * 4. two out of three consecutive points beyond two sigma on the same side (the points
 *    beyond are marked).
 * `high` / `low` is the direction of the variation; whether that is good or bad is for the
 * reader of the measure (its `higherIsWorse` in MEASURE_REGISTRY).
 */
export const SPC = {
  limitFactor: 2.66,
  sigmaFactor: 1.128,
  /** Moving ranges above this many average moving ranges are screened out of the limits. */
  screenFactor: 3.267,
  shiftLength: 7,
  trendLength: 6,
  /** Points a segment's limits are set from. */
  baseline: 20,
  /** A shift this long is the process moving: new limits from its first point. */
  rebaseRun: 12,
} as const;

export interface SpcPoint {
  special: 'high' | 'low' | null;
  reason?: string;
}

/** One stretch of the chart with its own limits. */
export interface SpcSegment {
  /** Index of the first point of the segment (counted or not) and of the last. */
  start: number;
  end: number;
  mean: number;
  movingRange: number | null;
  upper: number | null;
  lower: number | null;
}

export interface SpcResult {
  /** The latest segment's figures (the process as it is now). */
  mean: number | null;
  /** Average moving range between consecutive counted points (after screening). */
  movingRange: number | null;
  upper: number | null;
  lower: number | null;
  segments: SpcSegment[];
  points: SpcPoint[];
}

interface Counted {
  i: number;
  v: number;
}

function limitsOf(baseline: Counted[], nonNegative: boolean) {
  const mean = baseline.reduce((s, p) => s + p.v, 0) / baseline.length;
  if (baseline.length < 2) return { mean, movingRange: null, upper: null, lower: null };
  const ranges = baseline.slice(1).map((p, k) => Math.abs(p.v - baseline[k].v));
  const average = (rs: number[]) => rs.reduce((s, r) => s + r, 0) / rs.length;
  const first = average(ranges);
  const kept = ranges.filter((r) => r <= SPC.screenFactor * first);
  const movingRange = kept.length > 0 ? average(kept) : first;
  const upper = mean + SPC.limitFactor * movingRange;
  const rawLower = mean - SPC.limitFactor * movingRange;
  return { mean, movingRange, upper, lower: nonNegative ? Math.max(0, rawLower) : rawLower };
}

/** Where the first run of `SPC.rebaseRun` counted points on one side of `mean` starts, after position `after`. */
function shiftStart(points: Counted[], mean: number, after: number): number | null {
  let start = 0;
  const side = (k: number) => Math.sign(points[k].v - mean);
  for (let k = 1; k <= points.length; k++) {
    if (k < points.length && side(k) !== 0 && side(k) === side(start)) continue;
    if (side(start) !== 0 && k - start >= SPC.rebaseRun && start > after) return start;
    start = k;
  }
  return null;
}

function markSegment(points: SpcPoint[], present: Counted[], seg: { mean: number; movingRange: number | null; upper: number | null; lower: number | null }) {
  const { mean, movingRange, upper, lower } = seg;
  if (movingRange === null || upper === null || lower === null) return;
  const mark = (k: number, special: 'high' | 'low', reason: string) => {
    const p = points[present[k].i];
    if (p.special === null) Object.assign(p, { special, reason });
  };

  present.forEach((p, k) => {
    if (p.v > upper) mark(k, 'high', 'above the upper process limit');
    else if (p.v < lower) mark(k, 'low', 'below the lower process limit');
  });

  // Runs of consecutive counted points on one side of the mean; every member of a long enough run is marked.
  const sideOfMean = (k: number) => (present[k].v > mean ? 'high' : present[k].v < mean ? 'low' : null);
  let start = 0;
  for (let k = 1; k <= present.length; k++) {
    if (k < present.length && sideOfMean(k) !== null && sideOfMean(k) === sideOfMean(start)) continue;
    const s = sideOfMean(start);
    const n = k - start;
    if (s !== null && n >= SPC.shiftLength) for (let j = start; j < k; j++) mark(j, s, `${n} points in a row ${s === 'high' ? 'above' : 'below'} the mean`);
    start = k;
  }

  // A trend of n points is n-1 steps in one direction; step k is from point k-1 to k.
  const stepOf = (k: number) => (present[k].v > present[k - 1].v ? 'high' : present[k].v < present[k - 1].v ? 'low' : null);
  start = 1;
  for (let k = 2; k <= present.length; k++) {
    if (k < present.length && stepOf(k) !== null && stepOf(k) === stepOf(start)) continue;
    const s = stepOf(start);
    const n = k - start + 1;
    if (s !== null && n >= SPC.trendLength) for (let j = start - 1; j < k; j++) mark(j, s, `${n} points in a row ${s === 'high' ? 'increasing' : 'decreasing'}`);
    start = k;
  }

  const sigma = movingRange / SPC.sigmaFactor;
  const beyond = (k: number) => (present[k].v > mean + 2 * sigma ? 'high' : present[k].v < mean - 2 * sigma ? 'low' : null);
  for (let k = 0; k + 2 < present.length; k++)
    for (const s of ['high', 'low'] as const) {
      const window = [k, k + 1, k + 2].filter((j) => beyond(j) === s);
      if (window.length >= 2) for (const j of window) mark(j, s, 'two of three points beyond two sigma');
    }
}

/**
 * The XmR chart of a series. `counted[i] === false` leaves point i out (an incomplete day);
 * `nonNegative` clamps the lower limit at zero for a measure that cannot go below it.
 */
export function spcOf(values: readonly (number | null)[], opts: { nonNegative?: boolean; counted?: readonly boolean[] } = {}): SpcResult {
  const points: SpcPoint[] = values.map(() => ({ special: null }));
  const present: Counted[] = values.flatMap((v, i) => (v === null || !Number.isFinite(v) || opts.counted?.[i] === false ? [] : [{ i, v }]));
  const none = { mean: null, movingRange: null, upper: null, lower: null, segments: [], points };
  if (present.length === 0) return none;

  // Segments as positions in `present`: each starts where the process was seen to shift.
  const starts: number[] = [0];
  for (;;) {
    const from = starts[starts.length - 1];
    const rest = present.slice(from);
    const { mean } = limitsOf(rest.slice(0, SPC.baseline), !!opts.nonNegative);
    const next = shiftStart(rest, mean, 0);
    if (next === null) break;
    starts.push(from + next);
  }

  const segments: SpcSegment[] = starts.map((from, n) => {
    const to = n + 1 < starts.length ? starts[n + 1] : present.length;
    const members = present.slice(from, to);
    const limits = limitsOf(members.slice(0, SPC.baseline), !!opts.nonNegative);
    markSegment(points, members, limits);
    return {
      start: n === 0 ? 0 : members[0].i,
      end: n + 1 < starts.length ? present[to].i - 1 : values.length - 1,
      ...limits,
    };
  });
  const last = segments[segments.length - 1];
  return { mean: last.mean, movingRange: last.movingRange, upper: last.upper, lower: last.lower, segments, points };
}
