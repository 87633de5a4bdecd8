import { describe, expect, it } from 'vitest';
import { addDays, datesBetween, isRealDate, localTimeOf, serviceDateOf } from '#domain';

describe('service dates in Europe/London', () => {
  it('is still today at 23:30 UK time in summer, when UTC has moved on', () => {
    // 23:30 BST on 15 July is 22:30 UTC.
    expect(serviceDateOf(new Date('2026-07-15T22:30:00Z'))).toBe('2026-07-15');
    // 00:30 BST on 16 July is 23:30 UTC on the 15th.
    expect(serviceDateOf(new Date('2026-07-15T23:30:00Z'))).toBe('2026-07-16');
  });

  it('follows UTC in winter', () => {
    expect(serviceDateOf(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
    expect(serviceDateOf(new Date('2026-12-02T00:30:00Z'))).toBe('2026-12-02');
  });

  it('treats clock-change days as ordinary days', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(datesBetween('2026-10-24', '2026-10-27')).toEqual(['2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27']);
    // 01:30 UTC on 29 March 2026 is 02:30 BST: after the clocks went forward, still the 29th.
    expect(serviceDateOf(new Date('2026-03-29T01:30:00Z'))).toBe('2026-03-29');
    expect(localTimeOf(new Date('2026-03-29T10:59:00Z'))).toEqual({ date: '2026-03-29', minutes: 11 * 60 + 59 });
    expect(localTimeOf(new Date('2026-10-25T10:59:00Z'))).toEqual({ date: '2026-10-25', minutes: 10 * 60 + 59 });
  });

  it('accepts only real calendar dates', () => {
    expect(isRealDate('2028-02-29')).toBe(true);
    expect(isRealDate('2026-02-29')).toBe(false);
    expect(isRealDate('2026-04-31')).toBe(false);
    expect(isRealDate('2026-13-01')).toBe(false);
    expect(isRealDate('2026-1-01')).toBe(false);
    expect(isRealDate('20260101')).toBe(false);
  });
});
