import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, MEASURES, ragOf, type Thresholds } from '#domain';
import { summaryOf } from '#domain/views/summary';
import { LOCALITIES, aggregatesOf, inCommonFrom, line, ret, unit, unitDaysOf } from './views-fixtures';
import type { Provider, ReturnVersion } from '#domain';

/** What the store gives the summary: the sums, and what a like-for-like comparison reads (only then). */
const stored = (units: Provider[], returns: ReturnVersion[], unitDays = unitDaysOf(units, returns)) => {
  const aggregates = aggregatesOf(units, returns);
  return { aggregates, inCommon: inCommonFrom(unitDays, aggregates, DATE) };
};

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
  return summaryOf({ date: DATE, ...stored(providers, returns), providers, localities: LOCALITIES, thresholds: DEFAULT_THRESHOLDS });
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
    // A week ago 1 of 2 hospitals reported: a count is not compared with an incomplete day.
    expect(headline(v, 'hospital', 'patients-no-criteria-to-reside')).toMatchObject({ value: 20, weekAgo: null, likeForLike: false });
    // Every measure of the registry, and no capacity count: GP practices report none.
    expect(v.families.find((f) => f.family === 'primary-care')!.measures.map((m) => m.key)).toEqual([...MEASURES]);
    expect(v.families.find((f) => f.family === 'social-care')!.measures.map((m) => m.key)).toContain('homecare-hours-unmet');
  });

  it('reports how many units reported of those expected', () => {
    const v = summary();
    expect(v.families.find((f) => f.family === 'hospital')).toMatchObject({ reported: 2, expected: 2 });
    expect(v.completeness).toEqual({ expected: 4, received: 2, onTime: 2, late: 0, missing: 2, notInYet: 0 });
  });

  it('colours by the configured thresholds', () => {
    const strict: Thresholds = { ...DEFAULT_THRESHOLDS, 'vacancy-rate': { amber: 0.6, red: 0.8 } };
    const v = summaryOf({
      date: DATE,
      ...stored(providers, [ret('jr', DATE, { staffing: [line({ establishmentWte: 10, vacancyWte: 5 })] })]),
      providers,
      localities: LOCALITIES,
      thresholds: strict,
    });
    expect(headline(v, 'hospital', 'vacancy-rate').rag).toBe('green');
  });
});

describe('a day that is not complete (10:00 on a weekday, 4 of 10 wards in)', () => {
  const wards = Array.from({ length: 10 }, (_, i) => unit(`ward-${i}`, i < 5 ? 'oxford' : 'cherwell', 'acute'));
  // Every ward: 1 of 10 WTE vacant today, 2 of 10 a week ago; 5 patients with no criteria to reside on both days.
  const today = (i: number) => ret(`ward-${i}`, DATE, { staffing: [line({ vacancyWte: 1 })], capacity: { patientsNoCriteriaToReside: 5 } });
  const weekAgo = (i: number) => ret(`ward-${i}`, WEEK_AGO, { staffing: [line({ vacancyWte: 2 })], capacity: { patientsNoCriteriaToReside: 5 } });
  const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const view = (todayIn: number[], now: string, weekAgoIn = all) =>
    summaryOf({
      date: DATE,
      ...stored(wards, [...todayIn.map(today), ...weekAgoIn.map(weekAgo)]),
      providers: wards,
      localities: LOCALITIES,
      thresholds: DEFAULT_THRESHOLDS,
      now: new Date(now),
    });
  const morning = () => view([0, 1, 2, 3], '2026-06-15T09:00:00Z'); // 10:00 BST
  const h = (v: ReturnType<typeof view>, key: string) => v.families.find((f) => f.family === 'hospital')!.measures.find((m) => m.key === key)!;

  it('compares a rate like for like: the 4 wards in today against the same 4 a week ago', () => {
    const v = morning();
    expect(v.families.find((f) => f.family === 'hospital')).toMatchObject({ reported: 4, expected: 10, complete: false });
    expect(h(v, 'vacancy-rate')).toMatchObject({ likeForLike: true, comparedUnits: 4 });
    expect(h(v, 'vacancy-rate').weekAgo).toBeCloseTo(0.2);
    expect(h(v, 'vacancy-rate').comparedValue).toBeCloseTo(0.1);
  });

  it('compares a unit only if it was in the family on both days, and sums the units in hundredths, exactly', () => {
    // Wards 0 to 2: 0.1 WTE vacant of 10 on both days (0.1 + 0.1 + 0.1 is not 0.3 in floating point).
    const tenth = (id: number, date: string, vacancyWte = 0.1) => ret(`ward-${id}`, date, { staffing: [line({ vacancyWte })] });
    const returns = [0, 1, 2, 3].flatMap((i) => [tenth(i, DATE, i === 3 ? 4 : 0.1), tenth(i, WEEK_AGO)]);
    // Ward 3 was a care home a week ago (its sector since changed): not a hospital unit on both days,
    // so its 4 WTE vacant today are not compared.
    const unitDays = unitDaysOf(wards, returns).map((u) => (u.providerId === 'ward-3' && u.date === WEEK_AGO ? { ...u, sector: 'care-home' as const } : u));
    const v = summaryOf({ date: DATE, ...stored(wards, returns, unitDays), providers: wards, localities: LOCALITIES, thresholds: DEFAULT_THRESHOLDS, now: new Date('2026-06-15T09:00:00Z') });
    expect(h(v, 'vacancy-rate')).toMatchObject({ likeForLike: true, comparedUnits: 3, weekAgo: 0.01, comparedValue: 0.01 });
    expect(h(v, 'vacancy-rate').value).toBeCloseTo(4.3 / 40);
  });

  it('leaves out of today a unit that did not report a week ago', () => {
    // Wards 0 and 1 in on both days; ward 2 (9 WTE vacant) only today.
    const returns = [today(0), today(1), ret('ward-2', DATE, { staffing: [line({ vacancyWte: 9 })] }), weekAgo(0), weekAgo(1)];
    const v = summaryOf({ date: DATE, ...stored(wards, returns), providers: wards, localities: LOCALITIES, thresholds: DEFAULT_THRESHOLDS, now: new Date('2026-06-15T09:00:00Z') });
    expect(h(v, 'vacancy-rate')).toMatchObject({ likeForLike: true, comparedUnits: 2, weekAgo: 0.2, comparedValue: 0.1 });
  });

  it('never shows a fall caused by missing returns: a count is withheld, not "down 30 from 50"', () => {
    const v = morning();
    // Today's 4 wards hold 20 patients; all 10 held 50 a week ago.
    expect(h(v, 'patients-no-criteria-to-reside')).toMatchObject({ value: 20, weekAgo: null, comparedValue: null });
    // The same hours, like for like: 4 wards' unfilled hours on both days, not 4 against 10.
    expect(h(v, 'unfilled-hours')).toMatchObject({ value: 20, weekAgo: 20, comparedValue: 20, likeForLike: true });
  });

  it('says units are not in yet before the deadline, and missing after it', () => {
    expect(morning().completeness).toMatchObject({ expected: 10, received: 4, missing: 0, notInYet: 6 });
    expect(view([0, 1, 2, 3], '2026-06-15T10:00:00Z').completeness).toMatchObject({ missing: 6, notInYet: 0 });
  });

  it('points to the last complete day, and compares complete days as they stand', () => {
    expect(morning()).toMatchObject({ complete: false, lastCompleteDate: WEEK_AGO });
    const afternoon = view(all, '2026-06-15T13:00:00Z');
    expect(afternoon).toMatchObject({ complete: true, lastCompleteDate: DATE });
    expect(h(afternoon, 'patients-no-criteria-to-reside')).toMatchObject({ value: 50, weekAgo: 50, likeForLike: false });
    expect(h(afternoon, 'vacancy-rate')).toMatchObject({ likeForLike: false, comparedUnits: null });
    // Complete even with one ward missing (9 of 10, after the deadline).
    expect(view([0, 1, 2, 3, 4, 5, 6, 7, 8], '2026-06-15T13:00:00Z').complete).toBe(true);
    // Nothing complete in the 8 days: no day to offer.
    expect(view([0], '2026-06-15T13:00:00Z', []).lastCompleteDate).toBe(null);
  });

  it('judges homecare hours unmet as a share of the hours needed', () => {
    const agencies = [unit('big', 'oxford', 'homecare'), unit('small', 'cherwell', 'homecare')];
    const v = summaryOf({
      date: DATE,
      ...stored(agencies, [
        ret('big', DATE, { capacity: { homecareHoursDelivered: 1900, homecareHoursUnmet: 100 } }),
        ret('small', DATE, { capacity: { homecareHoursDelivered: 50, homecareHoursUnmet: 50 } }),
      ]),
      providers: agencies,
      localities: LOCALITIES,
      thresholds: DEFAULT_THRESHOLDS,
    });
    // 150 of 2,100 hours needed: 7.1%, amber.
    expect(v.families.find((f) => f.family === 'social-care')!.measures.find((m) => m.key === 'homecare-hours-unmet')).toMatchObject({
      value: 150,
      denominator: 2100,
      rag: 'amber',
    });
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
