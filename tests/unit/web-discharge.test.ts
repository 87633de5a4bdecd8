import { describe, expect, it } from 'vitest';
import type { DischargeRow } from '#domain';
import { dischargeSentences } from '#web/lib/discharge';

const row: DischargeRow = {
  localityId: 'cherwell',
  locality: 'Cherwell',
  patientsNoCriteriaToReside: 14,
  awaitingPathway1: 8,
  awaitingPathway2: 2,
  awaitingPathway3: 4,
  homecareHoursDelivered: 5000,
  homecareHoursUnmet: 320,
  peopleAwaitingCareStart: 11,
  careWorkerVacancyRate: 0.124,
  careWorkerAbsenceRate: 0.05,
  careHomeBedsVacant: 6,
  careHomeBedsClosedStaffing: 9,
  reported: { hospital: 2, homecare: 10, careHome: 20 },
  expected: { hospital: 2, homecare: 12, careHome: 25 },
};

describe('discharge page in plain words', () => {
  it('links each pathway to the social-care gap it waits on', () => {
    expect(dischargeSentences(row)).toEqual([
      '14 patients are medically fit to leave hospital but still in a bed: 8 waiting for care at home (pathway 1), 2 for a rehab bed (pathway 2) and 4 for a care home (pathway 3).',
      'Homecare could not deliver 320 hours and 11 people are waiting for care to start; care-worker vacancy is 12.4% and absence 5.0%. So far 10 of 12 homecare providers have reported.',
      'Care homes have 6 beds free and 9 beds closed because there are not enough staff. So far 20 of 25 care homes have reported.',
    ]);
  });
  it('says how many hospital units a partial count comes from', () => {
    const [first] = dischargeSentences({ ...row, reported: { ...row.reported, hospital: 1 }, expected: { ...row.expected, hospital: 4 } });
    expect(first).toMatch(/ So far 1 of 4 hospital units have reported\.$/);
  });
  it('says a figure is unknown when nobody reported, rather than zero', () => {
    const s = dischargeSentences({ ...row, reported: { hospital: 0, homecare: 0, careHome: 0 } });
    expect(s).toEqual([
      'No hospital unit in Cherwell has reported, so delayed discharges are unknown.',
      'No homecare provider has reported.',
      'No care home has reported.',
    ]);
  });
});
