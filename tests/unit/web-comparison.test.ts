import { describe, expect, it } from 'vitest';
import type { ComparisonDay } from '#domain/views/comparison';
import { bandText, chartOf, readingOf, type ComparedMeasure } from '#web/lib/comparison';

const day = (date: string, own: number | null, peers: [number, number, number] | null, count = 14): ComparisonDay => ({
  date,
  own,
  peerLower: peers?.[0] ?? null,
  peerMedian: peers?.[1] ?? null,
  peerUpper: peers?.[2] ?? null,
  peers: peers ? count : 3,
  reason: peers ? null : 'Only 3 other care home units in Cherwell had a vacancy rate that day: at least 5 are needed to compare.',
});
const measure = (days: ComparisonDay[]): ComparedMeasure => ({ measure: 'vacancy-rate', label: 'Vacancy rate', kind: 'rate', higherIsWorse: true, days });
const group = { scope: 'locality' as const, description: 'care home units in Cherwell', registered: 15 };

describe('the comparison read in words', () => {
  it("says the unit's latest figure and where half its peers were", () => {
    const m = measure([day('2026-12-01', 0.1, [0.05, 0.07, 0.1]), day('2026-12-02', 0.12, [0.06, 0.085, 0.11]), day('2026-12-03', null, null)]);
    expect(readingOf(m, group)).toBe(
      'Your vacancy rate was 12.0% on Wed 2 Dec. Half of the 14 other care home units in Cherwell were between 6.0% and 11.0% (the middle one 8.5%).',
    );
  });
  it('says why there is nothing to compare with, and never shows a value for too few peers', () => {
    const m = measure([day('2026-12-02', 0.12, null)]);
    expect(readingOf(m, group)).toBe(
      'Your vacancy rate was 12.0% on Wed 2 Dec. Only 3 other care home units in Cherwell had a vacancy rate that day: at least 5 are needed to compare.',
    );
  });
  it("early in the day, before others have sent theirs, also says where the peers were on the latest day that compares", () => {
    const m = measure([day('2026-12-01', 0.1, [0.05, 0.07, 0.1]), day('2026-12-02', 0.11, [0.06, 0.085, 0.11]), day('2026-12-03', 0.12, null)]);
    expect(readingOf(m, group)).toBe(
      'Your vacancy rate was 12.0% on Thu 3 Dec. Only 3 other care home units in Cherwell had a vacancy rate that day: at least 5 are needed to compare. On Wed 2 Dec, half of the 14 other care home units in Cherwell were between 6.0% and 11.0% (the middle one 8.5%).',
    );
  });
  it('says when the unit has no figure at all', () => {
    expect(readingOf(measure([day('2026-12-02', null, [0.06, 0.085, 0.11])]), group)).toMatch(/^You have no vacancy rate for Wed 2 Dec\. Half of the 14/);
  });
});

describe('the small chart', () => {
  it('breaks the lines and the band where there is no figure, and scales to the highest value shown', () => {
    const m = measure([day('2026-12-01', 0.1, [0.05, 0.07, 0.1]), day('2026-12-02', 0.3, [0.06, 0.08, 0.11]), day('2026-12-03', null, null), day('2026-12-04', 0.1, [0.05, 0.07, 0.1])]);
    const c = chartOf(m, 300, 100, { left: 0, right: 0, top: 0, bottom: 0 });
    expect(c.own).toBe('M0,66.7L100,0M300,66.7');
    expect(c.ownDots).toEqual([{ x: 300, y: 66.7 }]);
    expect(c.bands).toHaveLength(2);
    expect(c.ticks.map((t) => t.label)).toEqual(['0%', '15%', '30%']);
  });
});

describe('a table cell', () => {
  it('reads a range briefly, and an empty range as one value', () => {
    expect(bandText(0.066, 0.101, 'rate')).toBe('6.6 to 10.1%');
    expect(bandText(0.1, 0.1, 'rate')).toBe('10.0%');
  });
});
