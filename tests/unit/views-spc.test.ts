import { describe, expect, it } from 'vitest';
import { spcOf } from '#domain/views/spc';

const flagged = (r: ReturnType<typeof spcOf>) => r.points.flatMap((p, i) => (p.special ? [[i, p.special]] : []));

describe('XmR process limits (Making Data Count)', () => {
  it('puts the limits at the mean plus and minus 2.66 average moving ranges', () => {
    const r = spcOf([10, 12, 10, 12, 10, 12]);
    expect(r.mean).toBeCloseTo(11);
    expect(r.movingRange).toBeCloseTo(2);
    expect(r.upper).toBeCloseTo(11 + 2.66 * 2);
    expect(r.lower).toBeCloseTo(11 - 2.66 * 2);
    expect(flagged(r)).toEqual([]);
  });

  it('clamps the lower limit at zero for a measure that cannot be negative', () => {
    expect(spcOf([0, 5, 0, 5], { nonNegative: true }).lower).toBe(0);
    expect(spcOf([0, 5, 0, 5]).lower).toBeLessThan(0);
  });

  it('gives a mean but no limits for fewer than two points, and nothing for none', () => {
    expect(spcOf([null, 4, null])).toMatchObject({ mean: 4, upper: null, lower: null });
    expect(spcOf([null, null])).toMatchObject({ mean: null, upper: null, lower: null });
  });

  it('marks a point beyond the upper limit', () => {
    const around = Array.from({ length: 19 }, (_, i) => (i % 2 ? 13 : 9));
    const r = spcOf([...around.slice(0, 10), 31, ...around.slice(10)]);
    expect(r.points[10]).toEqual({ special: 'high', reason: 'above the upper process limit' });
    expect(flagged(r)).toEqual([[10, 'high']]);
  });

  it('marks every point of a run of seven on one side of the mean, and not a run of six', () => {
    const seven = spcOf([10, 11, 10, 11, 10, 11, 10, 11, 13, 12, 13, 12, 13, 12, 13]);
    expect(flagged(seven)).toEqual([
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => [i, 'low']),
      ...[8, 9, 10, 11, 12, 13, 14].map((i) => [i, 'high']),
    ]);
    expect(seven.points[8].reason).toBe('7 points in a row above the mean');
    expect(seven.points[0].reason).toBe('8 points in a row below the mean');

    const six = spcOf([14, 10, 14, 10, 14, 10, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5, 10, 14, 10, 14, 10]);
    expect(six.points.slice(6, 12).every((p) => p.special === null)).toBe(true);
  });

  it('marks a trend of six rising points as high, and six falling points as low', () => {
    const rising = spcOf([12, 14, 12, 14, 12, 9, 10, 11, 12, 13, 14, 12, 14, 12, 14]);
    expect(flagged(rising)).toEqual([5, 6, 7, 8, 9, 10].map((i) => [i, 'high']));
    expect(rising.points[5].reason).toBe('6 points in a row increasing');

    const falling = spcOf([12, 14, 12, 14, 12, 15, 14, 13, 12, 11, 10, 12, 14, 12, 14].map((v) => v));
    expect(flagged(falling).filter(([, s]) => s === 'low').map(([i]) => i)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(falling.points[10].reason).toBe('6 points in a row decreasing');

    // Five rising points are common cause.
    const five = spcOf([12, 14, 12, 14, 12, 10, 11, 12, 13, 14, 12, 14, 12, 14]);
    expect(flagged(five)).toEqual([]);
  });

  it('skips days with nothing reported: they neither break a trend nor get marked', () => {
    const r = spcOf([12, 14, 12, 14, 12, 9, null, 10, 11, null, 12, 13, 14, 12, 14, 12, 14]);
    expect(flagged(r)).toEqual([5, 7, 8, 10, 11, 12].map((i) => [i, 'high']));
    expect(r.points[6]).toEqual({ special: null });
  });

  it('marks two of three points beyond two sigma on the same side', () => {
    // Steady alternation with mR̄ ≈ 1 (σ ≈ 0.89): two points near the upper limit but inside it.
    const base = Array.from({ length: 28 }, (_, i) => (i % 2 ? 11 : 10));
    const r = spcOf([...base.slice(0, 22), 12.9, 11, 12.9, ...base.slice(22)]);
    expect(r.upper).toBeGreaterThan(12.9);
    expect(r.points[22]).toEqual({ special: 'high', reason: 'two of three points beyond two sigma' });
    expect(r.points[24].special).toBe('high');
    expect(r.points[23].special).toBe(null);
  });

  it('never counts or marks an incomplete point: a partial day low is missing returns, not a change', () => {
    const steady = Array.from({ length: 24 }, (_, i) => (i % 2 ? 12 : 10));
    const counted = [...steady.map(() => true), false];
    const r = spcOf([...steady, 2], { counted });
    expect(r.points[24]).toEqual({ special: null });
    expect(r.mean).toBeCloseTo(11);
    expect(flagged(r)).toEqual([]);
    // The same value counted is far below the lower limit.
    expect(spcOf([...steady, 2]).points[24]).toEqual({ special: 'low', reason: 'below the lower process limit' });
  });

  it('sets the limits from the first 20 points and holds them, so new days are judged against the process as it was', () => {
    const first = Array.from({ length: 20 }, (_, i) => (i % 2 ? 11 : 9));
    const r = spcOf([...first, 11, 9, 11, 9, 16, 9, 11]);
    expect(r.mean).toBeCloseTo(10);
    expect(r.movingRange).toBeCloseTo(2);
    expect(r.upper).toBeCloseTo(10 + 2.66 * 2);
    expect(flagged(r)).toEqual([[24, 'high']]);
  });

  it('screens out a moving range above 3.267 average ranges, so one wild day does not widen the limits', () => {
    const around = Array.from({ length: 19 }, (_, i) => (i % 2 ? 11 : 10));
    const r = spcOf([...around.slice(0, 10), 40, ...around.slice(10)]);
    // Without screening the two ranges around 40 would make the average moving range about 4.
    expect(r.movingRange).toBeCloseTo(1);
    expect(r.points[10].special).toBe('high');
  });

  it('recalculates the limits when the process shifts for 12 points, so the new level is not flagged day after day', () => {
    const before = Array.from({ length: 30 }, (_, i) => (i % 2 ? 9 : 11));
    const after = Array.from({ length: 30 }, (_, i) => (i % 2 ? 16 : 14));
    const r = spcOf([...before, ...after]);
    expect(r.segments.map((s) => [s.start, s.end, s.mean])).toEqual([
      [0, 29, 10],
      [30, 59, 15],
    ]);
    expect(r.mean).toBe(15);
    // Only the step itself is not flagged afresh: every point of the new level is common cause for the new process.
    expect(flagged(r)).toEqual([]);
    // A shift shorter than 12 points stays a flagged shift, with no new limits.
    const brief = spcOf([...before, ...after.slice(0, 8), ...before.slice(1, 13)]);
    expect(brief.segments).toHaveLength(1);
    expect(flagged(brief).map(([i]) => i)).toEqual([30, 31, 32, 33, 34, 35, 36, 37]);
  });
});
