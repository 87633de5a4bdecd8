/**
 * XmR (individuals) chart by the NHS "Making Data Count" rules.
 *
 * Baseline: every non-null point in the series (the dashboard shows a window of up to 400
 * days, so the limits describe the window being looked at). Null points (nothing reported)
 * are skipped: they neither break nor extend a run or trend, and add no moving range.
 *
 * Special causes, in the order they are claimed (a point keeps the first rule that marks it):
 * 1. a point above the upper or below the lower process limit;
 * 2. a shift: 7 or more consecutive points above the mean, or below it (a point exactly
 *    on the mean ends a run);
 * 3. a trend: 6 or more consecutive points each higher than the last, or each lower;
 * 4. two out of three consecutive points beyond two sigma on the same side (the points
 *    beyond are marked).
 * `high` / `low` is the direction of the variation; whether that is good or bad is for the
 * reader of the measure (its `higherIsWorse` in MEASURE_REGISTRY).
 */
export const SPC = { limitFactor: 2.66, sigmaFactor: 1.128, shiftLength: 7, trendLength: 6 } as const;

export interface SpcPoint {
  special: 'high' | 'low' | null;
  reason?: string;
}
export interface SpcResult {
  mean: number | null;
  /** Average moving range between consecutive non-null points. */
  movingRange: number | null;
  upper: number | null;
  lower: number | null;
  points: SpcPoint[];
}

export function spcOf(values: readonly (number | null)[], opts: { nonNegative?: boolean } = {}): SpcResult {
  const points: SpcPoint[] = values.map(() => ({ special: null }));
  const present = values.flatMap((v, i) => (v === null || !Number.isFinite(v) ? [] : [{ i, v }]));
  if (present.length === 0) return { mean: null, movingRange: null, upper: null, lower: null, points };
  const mean = present.reduce((s, p) => s + p.v, 0) / present.length;
  if (present.length < 2) return { mean, movingRange: null, upper: null, lower: null, points };

  const ranges = present.slice(1).map((p, k) => Math.abs(p.v - present[k].v));
  const movingRange = ranges.reduce((s, r) => s + r, 0) / ranges.length;
  const upper = mean + SPC.limitFactor * movingRange;
  const rawLower = mean - SPC.limitFactor * movingRange;
  const lower = opts.nonNegative ? Math.max(0, rawLower) : rawLower;

  const mark = (k: number, special: 'high' | 'low', reason: string) => {
    const p = points[present[k].i];
    if (p.special === null) Object.assign(p, { special, reason });
  };

  present.forEach((p, k) => {
    if (p.v > upper) mark(k, 'high', 'above the upper process limit');
    else if (p.v < lower) mark(k, 'low', 'below the lower process limit');
  });

  // Runs of consecutive present points sharing a property; every member of a long enough run is marked.
  const markRuns = (side: (k: number) => 'high' | 'low' | null, length: number, reason: (s: 'high' | 'low', n: number) => string) => {
    let start = 0;
    for (let k = 1; k <= present.length; k++) {
      if (k < present.length && side(k) !== null && side(k) === side(start)) continue;
      const s = side(start);
      const n = k - start;
      if (s !== null && n >= length) for (let j = start; j < k; j++) mark(j, s, reason(s, n));
      start = k;
    }
  };
  const sideOfMean = (k: number) => (present[k].v > mean ? 'high' : present[k].v < mean ? 'low' : null);
  markRuns(sideOfMean, SPC.shiftLength, (s, n) => `${n} points in a row ${s === 'high' ? 'above' : 'below'} the mean`);

  // A trend of n points is n-1 steps in one direction; step k is from point k-1 to k.
  const stepOf = (k: number) => (present[k].v > present[k - 1].v ? 'high' : present[k].v < present[k - 1].v ? 'low' : null);
  let start = 1;
  for (let k = 2; k <= present.length; k++) {
    if (k < present.length && stepOf(k) !== null && stepOf(k) === stepOf(start)) continue;
    const s = stepOf(start);
    const n = k - start + 1;
    if (s !== null && n >= SPC.trendLength)
      for (let j = start - 1; j < k; j++) mark(j, s, `${n} points in a row ${s === 'high' ? 'increasing' : 'decreasing'}`);
    start = k;
  }

  const sigma = movingRange / SPC.sigmaFactor;
  const beyond = (k: number) => (present[k].v > mean + 2 * sigma ? 'high' : present[k].v < mean - 2 * sigma ? 'low' : null);
  for (let k = 0; k + 2 < present.length; k++)
    for (const s of ['high', 'low'] as const) {
      const window = [k, k + 1, k + 2].filter((j) => beyond(j) === s);
      if (window.length >= 2) for (const j of window) mark(j, s, 'two of three points beyond two sigma');
    }

  return { mean, movingRange, upper, lower, points };
}
