import { describe, expect, it } from 'vitest';
import { addDays, datesBetween } from '#domain';
import { dayReturnsOf } from '#domain/views/day-returns';
import { trendsOf } from '#domain/views/trends';
import { LOCALITIES, aggregatesOf, line, ret, unit } from './views-fixtures';

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
    const v = trendsOf({ measure: 'fill-rate', from: FROM, to: TO, by: 'sector-family', aggregates, localities: LOCALITIES });
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
    const v = trendsOf({ measure: 'fill-rate', from: FROM, to: TO, by: 'sector-family', aggregates, localities: LOCALITIES });
    const social = v.series[1];
    expect(social.points[1]).toMatchObject({ value: null, special: null, denominator: null });
    expect(social.points[2].value).toBe(0.9);
    expect(v.series[2]).toMatchObject({ mean: null, upper: null, lower: null });
  });

  it('draws one series per locality, narrowed to a sector when asked', () => {
    const v = trendsOf({ measure: 'fill-rate', from: FROM, to: addDays(FROM, 1), by: 'locality', sector: 'acute', aggregates, localities: LOCALITIES });
    expect(v.series.map((s) => [s.key, s.points.map((p) => p.value)])).toEqual([
      ['cherwell', [null, null]],
      ['oxford', [0.8, 0.8]],
    ]);
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
