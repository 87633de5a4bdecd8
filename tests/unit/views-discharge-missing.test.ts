import { describe, expect, it } from 'vitest';
import type { DischargeRow } from '#domain';
import { dischargeCount } from '#domain/views/discharge';
import { dischargeCsv } from '#domain/views/csv';
import { dischargeCountText } from '#web/lib/discharge';

// South Oxfordshire at 08:00: homecare and care homes have reported, the hospital has not.
const row: DischargeRow = {
  localityId: 'south-oxfordshire',
  locality: 'South Oxfordshire',
  patientsNoCriteriaToReside: 0,
  awaitingPathway1: 0,
  awaitingPathway2: 0,
  awaitingPathway3: 0,
  homecareHoursDelivered: 900,
  homecareHoursUnmet: 0,
  peopleAwaitingCareStart: 8,
  careWorkerVacancyRate: 0.087,
  careWorkerAbsenceRate: 0.065,
  careHomeBedsVacant: 99,
  careHomeBedsClosedStaffing: 0,
  reported: { hospital: 0, homecare: 9, careHome: 19 },
  expected: { hospital: 2, homecare: 16, careHome: 24 },
};

describe('discharge counts when a service has not reported', () => {
  it('are missing, not zero, for the service that has not reported, and real zeros elsewhere', () => {
    expect(dischargeCount(row, 'awaitingPathway1')).toBeNull();
    expect(dischargeCount(row, 'patientsNoCriteriaToReside')).toBeNull();
    expect(dischargeCount(row, 'homecareHoursUnmet')).toBe(0);
    expect(dischargeCount(row, 'careHomeBedsClosedStaffing')).toBe(0);
    expect(dischargeCountText(row, 'awaitingPathway3')).toBe('no return');
    expect(dischargeCountText(row, 'careHomeBedsVacant')).toBe('99');
  });

  it('leave the CSV cell empty rather than writing 0', () => {
    const csv = dischargeCsv({ date: '2026-11-22', rows: [row], total: { ...row, localityId: 'total', locality: 'Whole system' } });
    const [header, first] = csv.trim().split(/\r\n/).map((l) => l.split(','));
    const cell = (name: string) => first[header.indexOf(name)];
    expect(cell('awaitingPathway1')).toBe('');
    expect(cell('patientsNoCriteriaToReside')).toBe('');
    expect(cell('homecareHoursUnmet')).toBe('0');
    expect(cell('careHomeBedsVacant')).toBe('99');
  });
});
