import { describe, expect, it } from 'vitest';
import type { HeatmapCell } from '#domain';
import { cellLabel, cellState, cellText, groupRows, legendOf } from '#web/lib/heatmap';

const cell = (over: Partial<HeatmapCell>): HeatmapCell => ({
  row: 'oxford',
  column: 'registered-nurse',
  value: 0.123,
  numerator: 12.3,
  denominator: 100,
  rag: 'red',
  reported: 3,
  expected: 4,
  ...over,
});

describe('heatmap cells', () => {
  it('shows a missing return as "no return", never as a low value', () => {
    const missing = cell({ value: null, reported: 0, rag: 'none' });
    expect(cellState(missing)).toBe('no-return');
    expect(cellText(missing, 'vacancy-rate', false)).toBe('no return');
    expect(cellText(missing, 'vacancy-rate', true)).toBe('n/r');
    expect(cellState(cell({ value: 0, rag: 'green' }))).toBe('value');
  });
  it('leaves a cell blank where no return was due', () => {
    expect(cellState(undefined)).toBe('not-due');
    expect(cellText(cell({ expected: 0, reported: 0, value: null }), 'fill-rate', true)).toBe('');
  });
  it('shows the number in every valued cell, and says it with its colour and coverage to a screen reader', () => {
    expect(cellText(cell({}), 'vacancy-rate', false)).toBe('12.3%');
    expect(cellText(cell({}), 'vacancy-rate', true)).toBe('12.3');
    expect(cellText(cell({ value: 1204 }), 'unfilled-hours', true)).toBe('1,204');
    expect(cellLabel(cell({}), 'Oxford', 'Registered nurses', 'vacancy-rate', false)).toBe(
      '12.3% 3 of 4: Oxford, Registered nurses: 12.3%, red, 3 of 4 returns',
    );
    expect(cellLabel(cell({ reported: 0, value: null, rag: 'none' }), 'Unit 1', 'Mon 3 Mar', 'vacancy-rate', true)).toBe(
      'n/r: Unit 1, Mon 3 Mar: no return (4 expected)',
    );
  });
  it('words the threshold bands in the direction of the measure', () => {
    expect(legendOf({ measure: 'vacancy-rate', thresholds: { amber: 0.08, red: 0.12 } }).map((l) => l.text)).toEqual([
      '12.0% or more',
      '8.0% to under 12.0%',
      'under 8.0%',
    ]);
    expect(legendOf({ measure: 'fill-rate', thresholds: { amber: 0.95, red: 0.9 } })[0].text).toBe('90.0% or less');
    // Unfilled hours are coloured by the unfilled share, and the legend says so.
    expect(legendOf({ measure: 'unfilled-hours', judgedAs: 'unfilled-share', thresholds: { amber: 0.05, red: 0.1 } })[0].text).toBe(
      '10.0% or more unfilled share',
    );
  });
  it('groups unit rows under their locality and sector heading, in order', () => {
    const g = groupRows([
      { id: 'a', label: 'A', group: 'Oxford · Care home' },
      { id: 'b', label: 'B', group: 'Oxford · Care home' },
      { id: 'c', label: 'C', group: 'Cherwell · Acute hospital' },
    ]);
    expect(g.map((x) => [x.label, x.rows.map((r) => r.id)])).toEqual([
      ['Oxford · Care home', ['a', 'b']],
      ['Cherwell · Acute hospital', ['c']],
    ]);
  });
});
