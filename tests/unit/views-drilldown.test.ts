import { describe, expect, it } from 'vitest';
import { dayReturnsOf } from '#domain/views/day-returns';
import { completenessOf } from '#domain/views/completeness';
import { heatmapOf } from '#domain/views/heatmap';
import { DEFAULT_THRESHOLDS, emptyTotals, ragOfTotals } from '#domain';
import { LOCALITIES, aggregatesOf, line, ret, unit, unitDaysOf } from './views-fixtures';

/** A drill-down shows what its cell counted (domain.md, "Figures people can trust"). */
const DATE = '2026-06-15';
const providers = [
  unit('jr', 'cherwell', 'acute', { staffGroups: ['registered-nurse', 'medical'] }),
  unit('nursing-home', 'cherwell', 'care-home', { staffGroups: ['registered-nurse', 'care-worker'] }),
  unit('quiet-home', 'cherwell', 'care-home', { staffGroups: ['registered-nurse', 'care-worker'] }),
  unit('gp', 'cherwell', 'primary-care', { staffGroups: ['medical'] }),
  unit('agency', 'cherwell', 'homecare', { staffGroups: ['care-worker'] }),
];
const returns = [
  ret('jr', DATE, { staffing: [line({ staffGroup: 'registered-nurse', establishmentWte: 100, vacancyWte: 10 }), line({ staffGroup: 'medical', establishmentWte: 40, vacancyWte: 20 })] }),
  ret('nursing-home', DATE, { staffing: [line({ staffGroup: 'registered-nurse', establishmentWte: 5, vacancyWte: 1 }), line({ staffGroup: 'care-worker' })] }),
  ret('gp', DATE, { staffing: [line({ staffGroup: 'medical' })] }),
  ret('agency', DATE, { staffing: [line({ staffGroup: 'care-worker' })] }),
];
const records = returns.map((r) => ({ ...r, localityId: 'cherwell', sector: providers.find((p) => p.providerId === r.providerId)!.sector }));

describe('drill-down from a locality x staff-group cell', () => {
  const nurses = dayReturnsOf({ date: DATE, returns: records, providers, localities: LOCALITIES, locality: 'cherwell', staffGroup: 'registered-nurse' });

  it('lists only the units that report the staff group, with that group\'s own figures', () => {
    expect(nurses.staffGroup).toBe('registered-nurse');
    expect(nurses.returns.map((r) => r.providerId)).toEqual(['jr', 'nursing-home']);
    // The JR's nurses: 10 of 100 WTE, not the whole return's 30 of 140.
    expect(nurses.returns[0].measures.vacancyRate).toBeCloseTo(0.1);
    expect(nurses.returns[1].measures.vacancyRate).toBeCloseTo(0.2);
  });

  it('names the expected units that are missing for that group, and only those', () => {
    expect(nurses.missing.map((m) => [m.providerId, m.status])).toEqual([['quiet-home', 'missing']]);
  });

  it('matches its cell: the same units, the same sum', () => {
    const cell = heatmapOf({
      date: DATE,
      measure: 'vacancy-rate',
      rows: 'locality',
      columns: 'staff-group',
      aggregates: aggregatesOf(providers, returns),
      providers,
      localities: LOCALITIES,
      thresholds: DEFAULT_THRESHOLDS,
    }).cells.find((c) => c.row === 'cherwell' && c.column === 'registered-nurse')!;
    expect(cell).toMatchObject({ reported: nurses.returns.length, expected: nurses.returns.length + nurses.missing.length, numerator: 11, denominator: 105 });
  });

  it('calls a unit without a return "not in yet" before the deadline', () => {
    const before = dayReturnsOf({ date: DATE, returns: records, providers, localities: LOCALITIES, staffGroup: 'registered-nurse', now: new Date('2026-06-15T09:59:00Z') });
    expect(before.missing.map((m) => m.status)).toEqual(['not-in-yet']);
    const after = dayReturnsOf({ date: DATE, returns: records, providers, localities: LOCALITIES, staffGroup: 'registered-nurse', now: new Date('2026-06-15T10:00:00Z') });
    expect(after.missing.map((m) => m.status)).toEqual(['missing']);
  });
});

describe('completeness before and after the deadline', () => {
  const unitDays = unitDaysOf(providers, returns);
  it('is "not in yet" until 11:00 UK time on the day, then "missing"; earlier days are missing at any hour', () => {
    const at = (iso: string, date = DATE) => completenessOf({ date, providers, localities: LOCALITIES, unitDays, now: new Date(iso) });
    expect(at('2026-06-15T09:59:00Z')).toMatchObject({ expected: 5, received: 4, missing: 0, notInYet: 1 });
    expect(at('2026-06-15T09:59:00Z').units[0]).toMatchObject({ providerId: 'quiet-home', status: 'not-in-yet' });
    expect(at('2026-06-15T10:00:00Z')).toMatchObject({ missing: 1, notInYet: 0 });
    expect(at('2026-06-16T06:00:00Z', '2026-06-14')).toMatchObject({ missing: 5, notInYet: 0 });
  });
});

describe('a count judged relative to its size', () => {
  it('colours unfilled hours by the unfilled share, so a county is not red for its size alone', () => {
    const hours = (planned: number, filled: number) => ({ ...emptyTotals(), plannedHours: planned, permanentHours: filled, unfilledHours: planned - filled });
    // 200 unfilled hours of 10,000 planned (2%) is green; 20 of 100 (20%) is red.
    expect(ragOfTotals('unfilled-hours', hours(10_000, 9_800), DEFAULT_THRESHOLDS)).toBe('green');
    expect(ragOfTotals('unfilled-hours', hours(100, 80), DEFAULT_THRESHOLDS)).toBe('red');
    expect(ragOfTotals('vacancy-rate', null, DEFAULT_THRESHOLDS)).toBe('none');
  });
});
