import { describe, expect, it } from 'vitest';
import { dischargeOf } from '#domain/views/discharge';
import { LOCALITIES, aggregatesOf, line, ret, unit } from './views-fixtures';

const DATE = '2026-06-15';
const providers = [
  unit('jr', 'oxford', 'acute'),
  unit('community-oxford', 'oxford', 'community'),
  unit('oxford-homecare', 'oxford', 'homecare'),
  unit('sunrise', 'cherwell', 'care-home'),
  unit('meadow', 'cherwell', 'care-home'),
  unit('horton', 'cherwell', 'acute'),
];
const careWorkers = (establishmentWte: number, vacancyWte: number, inPostWte: number, absentWte: number) =>
  line({ staffGroup: 'care-worker', establishmentWte, vacancyWte, inPostWte, absentWte });

const returns = [
  ret('jr', DATE, { capacity: { patientsNoCriteriaToReside: 40, awaitingPathway1: 20, awaitingPathway2: 5, awaitingPathway3: 10 } }),
  ret('community-oxford', DATE, { capacity: { patientsNoCriteriaToReside: 6, awaitingPathway1: 4 } }),
  ret('oxford-homecare', DATE, {
    staffing: [careWorkers(40, 8, 32, 2)],
    capacity: { homecareHoursDelivered: 1200, homecareHoursUnmet: 150, peopleAwaitingCareStart: 9 },
  }),
  ret('sunrise', DATE, { staffing: [careWorkers(10, 1, 9, 1)], capacity: { bedsVacant: 3, bedsClosedStaffing: 2 } }),
  ret('meadow', DATE, {
    // Nurses in a care home are not care workers: they stay out of the care-worker rates.
    staffing: [careWorkers(10, 9, 1, 0), line({ staffGroup: 'registered-nurse', establishmentWte: 5, vacancyWte: 5 })],
    capacity: { bedsVacant: 1 },
  }),
];
const view = () => dischargeOf({ date: DATE, aggregates: aggregatesOf(providers, returns), providers, localities: LOCALITIES });

describe('discharge view', () => {
  it('puts delayed discharges by pathway beside homecare in the same locality', () => {
    const oxford = view().rows.find((r) => r.localityId === 'oxford')!;
    expect(oxford).toMatchObject({
      locality: 'Oxford',
      patientsNoCriteriaToReside: 46,
      awaitingPathway1: 24,
      awaitingPathway2: 5,
      awaitingPathway3: 10,
      homecareHoursDelivered: 1200,
      homecareHoursUnmet: 150,
      peopleAwaitingCareStart: 9,
      careWorkerVacancyRate: 0.2,
      careWorkerAbsenceRate: 2 / 32,
      careHomeBedsVacant: 0,
      reported: { hospital: 2, homecare: 1, careHome: 0 },
      expected: { hospital: 2, homecare: 1, careHome: 0 },
    });
  });

  it('sums care workers over units before dividing, and says who has not reported', () => {
    const cherwell = view().rows.find((r) => r.localityId === 'cherwell')!;
    // 1/10 and 9/10: 50%, not the mean of two rates that happens to match; absence 1 of 10 in post.
    expect(cherwell.careWorkerVacancyRate).toBe(0.5);
    expect(cherwell.careWorkerAbsenceRate).toBe(0.1);
    expect(cherwell).toMatchObject({ careHomeBedsVacant: 4, careHomeBedsClosedStaffing: 2, patientsNoCriteriaToReside: 0 });
    expect(cherwell.reported).toEqual({ hospital: 0, homecare: 0, careHome: 2 });
    expect(cherwell.expected).toEqual({ hospital: 1, homecare: 0, careHome: 2 });
  });

  it('lists localities by name and adds a total row built from the parts', () => {
    const v = view();
    expect(v.rows.map((r) => r.locality)).toEqual(['Cherwell', 'Oxford']);
    expect(v.total).toMatchObject({
      localityId: 'total',
      patientsNoCriteriaToReside: 46,
      careHomeBedsVacant: 4,
      reported: { hospital: 2, homecare: 1, careHome: 2 },
      expected: { hospital: 3, homecare: 1, careHome: 2 },
    });
    expect(v.total.careWorkerVacancyRate).toBeCloseTo(18 / 60);
  });

  it('has no care-worker rate where no social-care unit reported', () => {
    const v = dischargeOf({ date: DATE, aggregates: [], providers, localities: LOCALITIES });
    expect(v.total.careWorkerVacancyRate).toBeNull();
    expect(v.total.reported).toEqual({ hospital: 0, homecare: 0, careHome: 0 });
  });
});
