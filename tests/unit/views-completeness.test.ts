import { describe, expect, it } from 'vitest';
import { completenessOf, isOnTime } from '#domain/views/completeness';
import { LOCALITIES, ret, unit, unitDaysOf } from './views-fixtures';

describe('on time: before 11:00 UK time on the service date', () => {
  it('in British Summer Time, 11:00 is 10:00 UTC', () => {
    expect(isOnTime('2026-06-15T09:59:59Z', '2026-06-15')).toBe(true);
    expect(isOnTime('2026-06-15T10:00:00Z', '2026-06-15')).toBe(false);
  });
  it('in Greenwich Mean Time, 11:00 is 11:00 UTC', () => {
    expect(isOnTime('2026-01-15T10:59:59Z', '2026-01-15')).toBe(true);
    expect(isOnTime('2026-01-15T11:00:00Z', '2026-01-15')).toBe(false);
  });
  it('counts a return sent the evening before as on time and one sent the next day as late', () => {
    // 23:30 UTC on the 14th of June is already 00:30 on the 15th in the UK.
    expect(isOnTime('2026-06-14T23:30:00Z', '2026-06-15')).toBe(true);
    expect(isOnTime('2026-06-14T20:00:00Z', '2026-06-15')).toBe(true);
    expect(isOnTime('2026-06-16T07:00:00Z', '2026-06-15')).toBe(false);
  });
  it('follows a configured deadline', () => {
    expect(isOnTime('2026-01-15T09:30:00Z', '2026-01-15', 9 * 60)).toBe(false);
  });
});

describe('completeness', () => {
  const DATE = '2026-06-14'; // a Sunday
  const providers = [
    unit('jr', 'oxford', 'acute'),
    unit('sunrise', 'cherwell', 'care-home'),
    unit('meadow', 'cherwell', 'care-home'),
    unit('banbury-gp', 'cherwell', 'primary-care', { reportingDays: 'weekdays' }),
    unit('new-home', 'oxford', 'care-home', { activeFrom: '2026-07-01' }),
    unit('oxford-homecare', 'oxford', 'homecare'),
  ];
  const returns = [
    ret('jr', DATE, { firstSubmittedAt: '2026-06-14T08:00:00Z', submittedAt: '2026-06-14T15:00:00Z', version: 2 }),
    ret('sunrise', DATE, { firstSubmittedAt: '2026-06-14T10:30:00Z' }),
  ];
  const view = completenessOf({
    date: DATE,
    providers,
    localities: LOCALITIES,
    unitDays: unitDaysOf(providers, returns),
    lastReturnDates: { meadow: '2026-06-10' },
  });

  it('counts only the units that owe a return that day', () => {
    expect(view).toMatchObject({ date: DATE, deadline: '11:00', expected: 4, received: 2, onTime: 1, late: 1, missing: 2 });
    expect(view.units.map((u) => u.providerId)).not.toContain('banbury-gp');
    expect(view.units.map((u) => u.providerId)).not.toContain('new-home');
  });

  it('lists missing units first with their last return, then late, then on time; an amendment keeps on time', () => {
    expect(view.units.map((u) => [u.providerId, u.status, u.lastReturnDate])).toEqual([
      ['meadow', 'missing', '2026-06-10'],
      ['oxford-homecare', 'missing', null],
      ['sunrise', 'late', DATE],
      ['jr', 'on-time', DATE],
    ]);
    expect(view.units[3]).toMatchObject({ submittedAt: '2026-06-14T08:00:00Z', locality: 'Oxford', sector: 'acute' });
  });
});
