import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THRESHOLDS,
  MEASURES,
  aggregateOf,
  measureField,
  measureInfo,
  measureOf,
  measuresOf,
  ragOf,
  sumLines,
  thresholdsSchema,
  thresholdsWithDefaults,
  totalsAcross,
  type ReturnVersion,
  type StaffingLine,
  type Thresholds,
} from '#domain';

const line = (over: Partial<StaffingLine> = {}): StaffingLine => ({
  staffGroup: 'registered-nurse',
  establishmentWte: 100,
  inPostWte: 90,
  vacancyWte: 10,
  absentWte: 4.5,
  plannedHours: 1000,
  filledHours: { permanent: 800, bank: 100, agency: 50 },
  ...over,
});

describe('derived measures', () => {
  it('computes each rate from its parts', () => {
    const m = measuresOf(sumLines([line()]));
    expect(m.vacancyRate).toBeCloseTo(0.1);
    expect(m.absenceRate).toBeCloseTo(0.05);
    expect(m.fillRate).toBeCloseTo(0.95);
    expect(m.agencyShare).toBeCloseTo(50 / 950);
    expect(m.unfilledHours).toBe(50);
    expect(m.unfilledShare).toBeCloseTo(50 / 1000);
  });

  it('sums the parts, then divides: never the mean of the rates', () => {
    const small = line({ establishmentWte: 10, inPostWte: 9, vacancyWte: 1 });
    const large = line({ staffGroup: 'care-worker', establishmentWte: 10, inPostWte: 1, vacancyWte: 9 });
    const big = line({ staffGroup: 'medical', establishmentWte: 80, inPostWte: 80, vacancyWte: 0 });
    // 1/10, 9/10 and 0/80: the mean of rates would be 33%; the system rate is 10/100.
    expect(measureOf('vacancy-rate', sumLines([small, large, big])).value).toBeCloseTo(0.1);
  });

  it('lets fill rate exceed 100% and keeps unfilled hours at zero then', () => {
    const t = sumLines([line({ plannedHours: 100, filledHours: { permanent: 120, bank: 0, agency: 0 } })]);
    expect(measureOf('fill-rate', t).value).toBeCloseTo(1.2);
    expect(measureOf('unfilled-hours', t).value).toBe(0);
  });

  it("does not let one unit's overfill hide another unit's gap", () => {
    const over = line({ plannedHours: 100, filledHours: { permanent: 150, bank: 0, agency: 0 } });
    const under = line({ staffGroup: 'care-worker', plannedHours: 100, filledHours: { permanent: 60, bank: 0, agency: 0 } });
    expect(measureOf('unfilled-hours', sumLines([over, under])).value).toBe(40);
    // Unfilled share is those per-line gaps over every planned hour: 40 of 200.
    expect(measureOf('unfilled-share', sumLines([over, under]))).toEqual({ value: 0.2, numerator: 40, denominator: 200 });
  });

  it('answers null, not zero, when there is nothing to divide by', () => {
    const t = sumLines([line({ establishmentWte: 0, inPostWte: 0, vacancyWte: 0, absentWte: 0, plannedHours: 0, filledHours: { permanent: 0, bank: 0, agency: 0 } })]);
    const m = measuresOf(t);
    expect(m.vacancyRate).toBeNull();
    expect(m.absenceRate).toBeNull();
    expect(m.fillRate).toBeNull();
    expect(m.agencyShare).toBeNull();
    expect(m.unfilledShare).toBeNull();
  });

  it('keeps sums of hundredths exact', () => {
    const t = sumLines([line({ absentWte: 0.1 }), line({ staffGroup: 'care-worker', absentWte: 0.2 })]);
    expect(t.absentWte).toBe(0.3);
  });
});

describe('aggregates', () => {
  const ret = (providerId: string, staffing: StaffingLine[], capacity = {}): ReturnVersion => ({
    providerId,
    date: '2026-11-20',
    version: 1,
    submittedAt: '2026-11-20T09:00:00.000Z',
    firstSubmittedAt: '2026-11-20T09:00:00.000Z',
    submittedBy: 'u',
    staffing,
    capacity,
    pressure: { level: 2 },
    warnings: [],
  });

  it('groups totals by sector and staff group and counts the units of each, never listing them', () => {
    const agg = aggregateOf('2026-11-20', 'oxford', [
      { ret: ret('a', [line()], { bedsVacant: 3 }), sector: 'care-home' },
      { ret: ret('b', [line(), line({ staffGroup: 'care-worker' })], { bedsVacant: 2, bedsClosedStaffing: 1 }), sector: 'care-home' },
      { ret: ret('c', [line({ staffGroup: 'medical' })]), sector: 'acute' },
    ]);
    expect(agg.groups['care-home']?.['registered-nurse']?.establishmentWte).toBe(200);
    expect(agg.capacity['care-home']).toMatchObject({ bedsVacant: 5, bedsClosedStaffing: 1, units: 2 });
    expect(agg.reported).toEqual({
      'care-home': { units: 2, onTime: 2, staffGroups: { 'registered-nurse': 2, 'care-worker': 1 } },
      acute: { units: 1, onTime: 1, staffGroups: { medical: 1 } },
    });
    expect(totalsAcross([agg], ['care-home']).establishmentWte).toBe(300);
    expect(totalsAcross([agg], undefined, ['medical']).establishmentWte).toBe(100);
  });
});

describe('the measure registry', () => {
  it('gives every measure a label, a direction, a kind and default bounds in that direction', () => {
    for (const m of MEASURES) {
      const info = measureInfo(m);
      expect(info.label, m).toMatch(/^[A-Z]/);
      const { amber, red } = DEFAULT_THRESHOLDS[m];
      expect(info.higherIsWorse ? red >= amber : red <= amber, m).toBe(true);
      expect(thresholdsSchema.safeParse(DEFAULT_THRESHOLDS).success).toBe(true);
    }
  });

  it('names each measure in a return by its camel-case field', () => {
    expect(MEASURES.map(measureField)).toEqual(['vacancyRate', 'absenceRate', 'fillRate', 'agencyShare', 'unfilledHours', 'unfilledShare']);
  });

  it('merges saved thresholds over the defaults, so a measure saved before it existed still has bounds', () => {
    const { 'unfilled-share': _, ...savedBefore } = { ...DEFAULT_THRESHOLDS, 'vacancy-rate': { amber: 0.2, red: 0.3 } };
    const merged = thresholdsWithDefaults(savedBefore as Partial<Thresholds>);
    expect(merged['vacancy-rate']).toEqual({ amber: 0.2, red: 0.3 });
    expect(merged['unfilled-share']).toEqual(DEFAULT_THRESHOLDS['unfilled-share']);
    expect(ragOf('unfilled-share', 0.5, merged)).toBe('red');
    expect(thresholdsWithDefaults(null)).toEqual(DEFAULT_THRESHOLDS);
  });
});
