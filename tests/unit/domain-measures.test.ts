import { describe, expect, it } from 'vitest';
import { measureOf, measuresOf, sumLines, totalsAcross, aggregateOf, type StaffingLine, type ReturnVersion } from '#domain';

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
  });

  it('answers null, not zero, when there is nothing to divide by', () => {
    const t = sumLines([line({ establishmentWte: 0, inPostWte: 0, vacancyWte: 0, absentWte: 0, plannedHours: 0, filledHours: { permanent: 0, bank: 0, agency: 0 } })]);
    const m = measuresOf(t);
    expect(m.vacancyRate).toBeNull();
    expect(m.absenceRate).toBeNull();
    expect(m.fillRate).toBeNull();
    expect(m.agencyShare).toBeNull();
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

  it('groups totals by sector and staff group and keeps one row per unit', () => {
    const agg = aggregateOf('2026-11-20', 'oxford', [
      { ret: ret('a', [line()], { bedsVacant: 3 }), sector: 'care-home' },
      { ret: ret('b', [line(), line({ staffGroup: 'care-worker' })], { bedsVacant: 2, bedsClosedStaffing: 1 }), sector: 'care-home' },
      { ret: ret('c', [line({ staffGroup: 'medical' })]), sector: 'acute' },
    ]);
    expect(agg.groups['care-home']?.['registered-nurse']?.establishmentWte).toBe(200);
    expect(agg.capacity['care-home']).toMatchObject({ bedsVacant: 5, bedsClosedStaffing: 1, units: 2 });
    expect(Object.keys(agg.units).sort()).toEqual(['a', 'b', 'c']);
    expect(totalsAcross([agg], ['care-home']).establishmentWte).toBe(300);
    expect(totalsAcross([agg], undefined, ['medical']).establishmentWte).toBe(100);
  });
});
