import { describe, expect, it } from 'vitest';
import { formatValue, partsText, reportedText, trendOf } from '#web/lib/format';

describe('trend arrow text on the overview', () => {
  it('says a rate moved in percentage points from last week, and that up is worse when higher is worse', () => {
    expect(trendOf(0.11, 0.098, 'rate', true)).toEqual({ direction: 'up', arrow: '↑', text: 'up 1.2 points from 9.8%', judgement: 'worse' });
  });
  it('calls a rise better for fill rate, where lower is worse', () => {
    const t = trendOf(0.97, 0.93, 'rate', false);
    expect(t.text).toBe('up 4.0 points from 93.0%');
    expect(t.judgement).toBe('better');
  });
  it('gives hours as whole numbers with separators', () => {
    expect(trendOf(3280, 3400, 'hours', true).text).toBe('down 120 from 3,400');
  });
  it('says "no change" when the change rounds away', () => {
    expect(trendOf(0.1001, 0.1, 'rate', true)).toMatchObject({ direction: 'same', arrow: '→', text: 'no change from 10.0%', judgement: null });
  });
  it('never invents a trend when either week has no value', () => {
    expect(trendOf(0.1, null, 'rate', true)).toMatchObject({ direction: 'unknown', arrow: '', text: 'no value a week earlier' });
    expect(trendOf(null, 0.1, 'rate', true).text).toBe('no value today');
  });
});

describe('values on the dashboard', () => {
  it('never shows a missing value as zero', () => {
    expect(formatValue(null, 'rate')).toBe('no data');
    expect(formatValue(0, 'rate')).toBe('0.0%');
    expect(formatValue(null, 'count', 'No returns')).toBe('No returns');
  });
  it('always shows how many units the figure rests on', () => {
    expect(reportedText(12, 15)).toBe('12 of 15 units reported');
    expect(reportedText(0, 1)).toBe('0 of 1 unit reported');
  });
});

describe('the parts behind a headline rate', () => {
  it('says what the numerator and denominator are', () => {
    expect(partsText({ key: 'vacancy-rate', kind: 'rate', numerator: 41.2, denominator: 335 })).toBe('41.2 WTE vacant of 335.0 WTE funded');
    expect(partsText({ key: 'fill-rate', kind: 'rate', numerator: 9120, denominator: 9800 })).toBe('9,120 hours filled of 9,800 planned');
    expect(partsText({ key: 'unfilled-hours', kind: 'hours', numerator: 10, denominator: null })).toBeNull();
  });
});
