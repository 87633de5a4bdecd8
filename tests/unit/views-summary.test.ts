import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, MEASURES, ragOf, type Thresholds } from '#domain';
import { summaryOf } from '#domain/views/summary';
import { LOCALITIES, aggregatesOf, line, ret, unit } from './views-fixtures';

const DATE = '2026-06-15';
const WEEK_AGO = '2026-06-08';
const providers = [
  unit('jr', 'oxford', 'acute'),
  unit('horton', 'cherwell', 'acute'),
  unit('sunrise', 'cherwell', 'care-home'),
  unit('banbury-gp', 'cherwell', 'primary-care'),
];

function summary(returns = [
  ret('jr', DATE, { staffing: [line({ establishmentWte: 10, vacancyWte: 1 })], capacity: { bedsClosedStaffing: 4, patientsNoCriteriaToReside: 20 } }),
  ret('horton', DATE, { staffing: [line({ establishmentWte: 10, vacancyWte: 9 })], capacity: { bedsClosedStaffing: 1 } }),
  ret('jr', WEEK_AGO, { staffing: [line({ establishmentWte: 10, vacancyWte: 2 })] }),
]) {
  return summaryOf({ date: DATE, aggregates: aggregatesOf(providers, returns), providers, localities: LOCALITIES, thresholds: DEFAULT_THRESHOLDS });
}
const headline = (v: ReturnType<typeof summary>, family: string, key: string) =>
  v.families.find((f) => f.family === family)!.measures.find((m) => m.key === key)!;

describe('summary', () => {
  it('sums the parts across units, then divides: 1/10 and 9/10 make 50%, with its parts', () => {
    const v = summary();
    expect(headline(v, 'hospital', 'vacancy-rate')).toMatchObject({ value: 0.5, numerator: 10, denominator: 20, rag: 'red', kind: 'rate' });
  });

  it('gives each measure its value a week earlier', () => {
    expect(summary().weekAgoDate).toBe(WEEK_AGO);
    expect(headline(summary(), 'hospital', 'vacancy-rate').weekAgo).toBeCloseTo(0.2);
    expect(headline(summary(), 'hospital', 'absence-rate').weekAgo).toBeCloseTo(0.5 / 9);
  });

  it('shows a family with no returns as no value, never as zero', () => {
    const v = summary();
    const social = v.families.find((f) => f.family === 'social-care')!;
    expect(social).toMatchObject({ reported: 0, expected: 1 });
    for (const m of social.measures) expect(m).toMatchObject({ value: null, rag: 'none', weekAgo: null });
    expect(headline(v, 'hospital', 'unfilled-hours').weekAgo).toBe(5);
  });

  it('counts capacity headlines for the families that report them, without RAG', () => {
    const v = summary();
    expect(headline(v, 'hospital', 'beds-closed-staffing')).toMatchObject({ value: 5, numerator: 5, denominator: null, rag: 'none', kind: 'count' });
    expect(headline(v, 'hospital', 'patients-no-criteria-to-reside')).toMatchObject({ value: 20, weekAgo: 0 });
    // Every measure of the registry, and no capacity count: GP practices report none.
    expect(v.families.find((f) => f.family === 'primary-care')!.measures.map((m) => m.key)).toEqual([...MEASURES]);
    expect(v.families.find((f) => f.family === 'social-care')!.measures.map((m) => m.key)).toContain('homecare-hours-unmet');
  });

  it('reports how many units reported of those expected', () => {
    const v = summary();
    expect(v.families.find((f) => f.family === 'hospital')).toMatchObject({ reported: 2, expected: 2 });
    expect(v.completeness).toEqual({ expected: 4, received: 2, onTime: 2, late: 0, missing: 2 });
  });

  it('colours by the configured thresholds', () => {
    const strict: Thresholds = { ...DEFAULT_THRESHOLDS, 'vacancy-rate': { amber: 0.6, red: 0.8 } };
    const v = summaryOf({
      date: DATE,
      aggregates: aggregatesOf(providers, [ret('jr', DATE, { staffing: [line({ establishmentWte: 10, vacancyWte: 5 })] })]),
      providers,
      localities: LOCALITIES,
      thresholds: strict,
    });
    expect(headline(v, 'hospital', 'vacancy-rate').rag).toBe('green');
  });
});

describe('RAG thresholds', () => {
  it('is red at or above red and amber at or above amber where higher is worse', () => {
    expect(ragOf('vacancy-rate', 0.12, DEFAULT_THRESHOLDS)).toBe('red');
    expect(ragOf('vacancy-rate', 0.08, DEFAULT_THRESHOLDS)).toBe('amber');
    expect(ragOf('vacancy-rate', 0.0799, DEFAULT_THRESHOLDS)).toBe('green');
  });
  it('runs the other way for fill rate, and is none for no value', () => {
    expect(ragOf('fill-rate', 0.9, DEFAULT_THRESHOLDS)).toBe('red');
    expect(ragOf('fill-rate', 0.93, DEFAULT_THRESHOLDS)).toBe('amber');
    expect(ragOf('fill-rate', 1.2, DEFAULT_THRESHOLDS)).toBe('green');
    expect(ragOf('fill-rate', null, DEFAULT_THRESHOLDS)).toBe('none');
  });
});
