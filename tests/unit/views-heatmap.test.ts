import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, SECTORS, type Measure } from '#domain';
import { heatmapOf, type HeatmapInput } from '#domain/views/heatmap';
import { LOCALITIES, aggregatesOf, line, localityTotalsIn, ret, unit, unitDaysOf } from './views-fixtures';

const DATE = '2026-06-15'; // a Monday
const providers = [
  unit('jr', 'oxford', 'acute', { staffGroups: ['registered-nurse', 'medical'] }),
  unit('churchill', 'oxford', 'acute', { staffGroups: ['registered-nurse', 'medical'] }),
  unit('sunrise', 'cherwell', 'care-home', { staffGroups: ['care-worker'] }),
  unit('banbury-care', 'cherwell', 'homecare', { staffGroups: ['care-worker'], reportingDays: 'weekdays' }),
];
const returns = [
  ret('jr', DATE, {
    staffing: [line({ vacancyWte: 0 }), line({ staffGroup: 'medical', establishmentWte: 20, vacancyWte: 5 })],
  }),
  ret('churchill', DATE, { staffing: [line({ vacancyWte: 3 })] }),
  ret('sunrise', DATE, { staffing: [line({ staffGroup: 'care-worker', vacancyWte: 0 })] }),
  ret('sunrise', '2026-06-14', { staffing: [line({ staffGroup: 'care-worker', vacancyWte: 2 })] }),
];

const heatmap = (over: Partial<HeatmapInput> & { measure?: Measure } = {}) =>
  heatmapOf({
    date: DATE,
    measure: 'vacancy-rate',
    rows: 'locality',
    columns: 'staff-group',
    aggregates: aggregatesOf(providers, returns),
    localityTotals: localityTotalsIn(aggregatesOf(providers, returns), SECTORS),
    unitDays: unitDaysOf(providers, returns),
    providers,
    localities: LOCALITIES,
    thresholds: DEFAULT_THRESHOLDS,
    returns,
    ...over,
  });
const cellOf = (v: ReturnType<typeof heatmap>, row: string, column: string) => v.cells.find((c) => c.row === row && c.column === column)!;

describe('heatmap: locality x staff group', () => {
  it('sums each staff group over the locality units, then divides', () => {
    const v = heatmap();
    expect(v.rowHeads.map((r) => r.id)).toEqual(['cherwell', 'oxford']);
    expect(v.columnHeads.map((c) => c.id)).toEqual(['registered-nurse', 'care-worker', 'medical']);
    expect(cellOf(v, 'oxford', 'registered-nurse')).toEqual({
      row: 'oxford',
      column: 'registered-nurse',
      value: 0.15,
      numerator: 3,
      denominator: 20,
      rag: 'red',
      reported: 2,
      expected: 2,
    });
    // The Churchill may report medical staff but sent no line for them today: it did not report into that cell.
    expect(cellOf(v, 'oxford', 'medical')).toMatchObject({ value: 0.25, reported: 1, expected: 2 });
  });

  it('tells a zero from a gap: a reported 0% is green, a cell nobody reported into is null', () => {
    const v = heatmap();
    expect(cellOf(v, 'cherwell', 'care-worker')).toMatchObject({ value: 0, rag: 'green', reported: 1, expected: 2 });
    expect(cellOf(v, 'cherwell', 'registered-nurse')).toEqual({
      row: 'cherwell',
      column: 'registered-nurse',
      value: null,
      numerator: 0,
      denominator: null,
      rag: 'none',
      reported: 0,
      expected: 0,
    });
    // Unfilled hours of nobody is not 0 hours.
    expect(cellOf(heatmap({ measure: 'unfilled-hours', sector: 'hospital' }), 'cherwell', 'registered-nurse').value).toBeNull();
  });

  it('narrows to a sector or a whole family, and to one locality', () => {
    const care = heatmap({ sector: 'care-home' });
    expect(care.columnHeads.map((c) => c.id)).toEqual(['care-worker']);
    expect(cellOf(care, 'cherwell', 'care-worker')).toMatchObject({ reported: 1, expected: 1 });
    const social = heatmap({ sector: 'social-care', locality: 'cherwell' });
    expect(social.rowHeads.map((r) => r.id)).toEqual(['cherwell']);
    expect(cellOf(social, 'cherwell', 'care-worker')).toMatchObject({ reported: 1, expected: 2 });
  });
});

describe('heatmap: unit x day', () => {
  it('has a cell per unit and day, grouped by locality then sector, with expected from reporting days', () => {
    const v = heatmap({ rows: 'provider', columns: 'day', days: 3 });
    expect(v.columnHeads).toEqual([
      { id: '2026-06-13', label: 'Sat 13 Jun' },
      { id: '2026-06-14', label: 'Sun 14 Jun' },
      { id: '2026-06-15', label: 'Mon 15 Jun' },
    ]);
    expect(v.rowHeads.map((r) => [r.id, r.group])).toEqual([
      ['sunrise', 'Cherwell · Care home'],
      ['banbury-care', 'Cherwell · Homecare'],
      ['churchill', 'Oxford · Acute hospital'],
      ['jr', 'Oxford · Acute hospital'],
    ]);
    expect(v.cells).toHaveLength(12);
    expect(cellOf(v, 'sunrise', '2026-06-14')).toMatchObject({ value: 0.1 + 0.1, numerator: 2, denominator: 10, reported: 1, expected: 1 });
    expect(cellOf(v, 'sunrise', '2026-06-13')).toMatchObject({ value: null, rag: 'none', reported: 0, expected: 1 });
    // A weekday-only unit owes nothing on Sunday, but does on Monday.
    expect(cellOf(v, 'banbury-care', '2026-06-14')).toMatchObject({ value: null, reported: 0, expected: 0 });
    expect(cellOf(v, 'banbury-care', '2026-06-15')).toMatchObject({ value: null, reported: 0, expected: 1 });
    // The unit cell is the unit's total across its staff groups: (0 + 5) / (10 + 20).
    expect(cellOf(v, 'jr', DATE).value).toBeCloseTo(5 / 30);
  });

  it('also draws locality x day and unit x staff group', () => {
    const byDay = heatmap({ columns: 'day', days: 2 });
    expect(cellOf(byDay, 'cherwell', '2026-06-14')).toMatchObject({ value: 0.2, reported: 1, expected: 1 });
    expect(cellOf(byDay, 'oxford', '2026-06-14')).toMatchObject({ value: null, reported: 0, expected: 2 });

    const byGroup = heatmap({ rows: 'provider', columns: 'staff-group' });
    expect(cellOf(byGroup, 'jr', 'medical')).toMatchObject({ value: 0.25, reported: 1, expected: 1 });
    expect(cellOf(byGroup, 'jr', 'care-worker')).toMatchObject({ value: null, reported: 0, expected: 0 });
    expect(byGroup.thresholds).toEqual(DEFAULT_THRESHOLDS['vacancy-rate']);
  });
});
