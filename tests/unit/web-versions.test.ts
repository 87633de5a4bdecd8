import { describe, expect, it } from 'vitest';
import type { ReturnBody } from '#domain';
import { changesBetween } from '#web/lib/versions';

const line = (staffGroup: 'registered-nurse' | 'care-worker', vacancyWte: number) => ({
  staffGroup,
  establishmentWte: 20,
  inPostWte: 18,
  vacancyWte,
  absentWte: 1,
  plannedHours: 150,
  filledHours: { permanent: 120, bank: 10, agency: 5 },
});

describe('what changed between versions of a return', () => {
  it('lists each changed field with its before and after, by staff group', () => {
    const v1: ReturnBody = { staffing: [line('registered-nurse', 2), line('care-worker', 1)], capacity: {}, pressure: { level: 2 } };
    const v2: ReturnBody = {
      staffing: [line('care-worker', 1), line('registered-nurse', 3)],
      capacity: { bedsClosedStaffing: 4 },
      pressure: { level: 3, note: 'two wards short' },
    };
    expect(changesBetween(v1, v2)).toEqual([
      { field: 'Registered nurses: vacancies (WTE)', before: '2', after: '3' },
      { field: 'Capacity: beds closed for staffing', before: '—', after: '4' },
      { field: 'Pressure: pressure level', before: '2', after: '3' },
      { field: 'Pressure: note', before: '—', after: 'two wards short' },
    ]);
  });
  it('finds no change when only the order of staffing lines differs', () => {
    const a: ReturnBody = { staffing: [line('registered-nurse', 2), line('care-worker', 1)], capacity: {}, pressure: { level: 1 } };
    expect(changesBetween(a, { ...a, staffing: [...a.staffing].reverse() })).toEqual([]);
  });
});
