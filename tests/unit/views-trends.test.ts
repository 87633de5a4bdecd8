import { describe, expect, it } from 'vitest';
import { addDays, datesBetween } from '#domain';
import { dayReturnsOf } from '#domain/views/day-returns';
import { trendsOf } from '#domain/views/trends';
import { LOCALITIES, aggregatesOf, familyTotalsIn, line, localityTotalsIn, ret, unit } from './views-fixtures';

const providers = [unit('jr', 'oxford', 'acute'), unit('sunrise', 'cherwell', 'care-home'), unit('meadow', 'cherwell', 'care-home')];
const FROM = '2026-05-01';
const TO = '2026-05-20';

describe('trends', () => {
  // The hospital fills 80% of planned hours for 12 days, then 100%; the care home reports every other day.
  const returns = datesBetween(FROM, TO).flatMap((date, i) => [
    ret('jr', date, { staffing: [line({ plannedHours: 100, filledHours: { permanent: i < 12 ? 80 : 100, bank: 0, agency: 0 } })] }),
    ...(i % 2 === 0 ? [ret('sunrise', date, { staffing: [line({ plannedHours: 50, filledHours: { permanent: 45, bank: 0, agency: 0 } })] })] : []),
  ]);
  const aggregates = aggregatesOf(providers, returns);

  it('gives a daily series per sector family with process limits and special causes', () => {
    const v = trendsOf({ measure: 'fill-rate', from: FROM, to: TO, by: 'sector-family', familyTotals: familyTotalsIn(aggregates), localities: LOCALITIES, providers });
    expect(v.series.map((s) => s.key)).toEqual(['hospital', 'social-care', 'primary-care']);
    const hospital = v.series[0];
    expect(hospital.points).toHaveLength(20);
    expect(hospital.mean).toBeCloseTo((12 * 0.8 + 8 * 1) / 20);
    // Twelve days below the mean, then eight above: both are shifts.
    expect(hospital.points.slice(0, 12).every((p) => p.special === 'low')).toBe(true);
    expect(hospital.points.slice(12).every((p) => p.special === 'high')).toBe(true);
    expect(hospital.points[0]).toMatchObject({ date: FROM, value: 0.8, numerator: 80, denominator: 100 });
  });

  it('leaves days nobody reported as gaps, and a family with no units as an empty series', () => {
    const v = trendsOf({ measure: 'fill-rate', from: FROM, to: TO, by: 'sector-family', familyTotals: familyTotalsIn(aggregates), localities: LOCALITIES, providers });
    const social = v.series[1];
    expect(social.points[1]).toMatchObject({ value: null, special: null, denominator: null });
    expect(social.points[2].value).toBe(0.9);
    expect(v.series[2]).toMatchObject({ mean: null, upper: null, lower: null });
  });

  it('draws one series per locality, narrowed to a sector when asked', () => {
    const v = trendsOf({ measure: 'fill-rate', from: FROM, to: addDays(FROM, 1), by: 'locality', sector: 'acute', localityTotals: localityTotalsIn(aggregates, ['acute']), localities: LOCALITIES, providers });
    expect(v.series.map((s) => [s.key, s.points.map((p) => p.value)])).toEqual([
      ['cherwell', [null, null]],
      ['oxford', [0.8, 0.8]],
    ]);
  });
});

describe('trend points on days that are not complete', () => {
  const units = Array.from({ length: 10 }, (_, i) => unit(`ward-${i}`, 'oxford', 'acute'));
  const DAYS = datesBetween('2026-04-01', '2026-05-10');
  const LAST = DAYS[DAYS.length - 1];
  // Every ward reports 10 unfilled hours a day; on the last day only 4 of the 10 are in yet.
  const returns = DAYS.flatMap((date) =>
    units
      .filter((_, i) => date < LAST || i < 4)
      .map((u) => ret(u.providerId, date, { staffing: [line({ plannedHours: 100, filledHours: { permanent: 90 + (date.endsWith('1') ? 1 : 0), bank: 0, agency: 0 } })] })),
  );
  const aggregates = aggregatesOf(units, returns);
  // 09:30 UK on the last day: before its 11:00 deadline.
  const now = new Date(`${LAST}T08:30:00Z`);
  const view = (over: { now?: Date } = {}) =>
    trendsOf({ measure: 'unfilled-hours', from: '2026-03-20', to: LAST, by: 'sector-family', sector: 'hospital', familyTotals: familyTotalsIn(aggregates, 'hospital'), localities: LOCALITIES, providers: units, now, trimLeading: true, ...over });

  it('carries reported, expected and complete on every point, and never marks a partial day as a special cause', () => {
    const last = view().series[0].points.at(-1)!;
    expect(last).toMatchObject({ date: LAST, value: 40, reported: 4, expected: 10, complete: false, special: null });
    expect(view().series[0].points.at(-2)).toMatchObject({ reported: 10, expected: 10, complete: true });
    // Judged with the partial day counted, the fall from about 100 to 40 would be far below the lower limit.
    expect(view().series[0].lower).toBeGreaterThan(40);
  });

  it('is incomplete before the deadline even when every unit is in, and complete after it with 90% in', () => {
    const all = aggregatesOf(units, DAYS.flatMap((date) => units.map((u) => ret(u.providerId, date))));
    const at = (iso: string) =>
      trendsOf({ measure: 'fill-rate', from: LAST, to: LAST, by: 'sector-family', sector: 'hospital', familyTotals: familyTotalsIn(all, 'hospital'), localities: LOCALITIES, providers: units, now: new Date(iso) }).series[0].points[0].complete;
    expect(at(`${LAST}T09:59:00Z`)).toBe(false);
    expect(at(`${LAST}T10:00:00Z`)).toBe(true);
    const nine = aggregatesOf(units, units.slice(0, 9).map((u) => ret(u.providerId, LAST)));
    const point = trendsOf({ measure: 'fill-rate', from: LAST, to: LAST, by: 'sector-family', sector: 'hospital', familyTotals: familyTotalsIn(nine, 'hospital'), localities: LOCALITIES, providers: units, now: new Date(`${LAST}T12:00:00Z`) }).series[0].points[0];
    expect(point).toMatchObject({ reported: 9, expected: 10, complete: true });
  });

  it('starts the default window where the data starts', () => {
    expect(view().from).toBe(DAYS[0]);
    expect(view().series[0].points[0].date).toBe(DAYS[0]);
  });
});

describe('drill-down: the returns behind a cell', () => {
  const DATE = '2026-06-15';
  const records = [
    { ...ret('jr', DATE, { warnings: [{ path: 'staffing.0.vacancyWte', message: 'differs' }] }), localityId: 'oxford', sector: 'acute' as const },
    { ...ret('sunrise', DATE, { firstSubmittedAt: '2026-06-15T12:00:00Z' }), localityId: 'cherwell', sector: 'care-home' as const },
  ];
  it('lists matching returns with measures, warnings and on-time status, and the units missing', () => {
    const v = dayReturnsOf({ date: DATE, returns: records, providers, localities: LOCALITIES, sector: 'social-care' });
    expect(v.returns.map((r) => [r.providerId, r.status])).toEqual([['sunrise', 'late']]);
    expect(v.returns[0].measures.vacancyRate).toBeCloseTo(0.1);
    expect(v.missing.map((m) => m.providerId)).toEqual(['meadow']);
    const jr = dayReturnsOf({ date: DATE, returns: records, providers, localities: LOCALITIES, provider: 'jr' });
    expect(jr.returns[0]).toMatchObject({ name: 'jr', locality: 'Oxford', status: 'on-time', warnings: [{ path: 'staffing.0.vacancyWte', message: 'differs' }] });
    expect(jr.missing).toEqual([]);
  });
});
