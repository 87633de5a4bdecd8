import { describe, expect, it } from 'vitest';
import type { Provider, ReturnBody } from '#domain';
import { check, fieldLabel, formFrom, numberOf, targetOf } from '#web/lib/return-form';

const careHome: Provider = {
  providerId: 'willow-house',
  name: 'Willow House Care Home',
  organisation: 'Willow House Ltd',
  localityId: 'oxford',
  sector: 'care-home',
  staffGroups: ['care-worker', 'registered-nurse'],
  reportingDays: 'every-day',
  activeFrom: '2026-01-01',
  activeTo: null,
};

const yesterday: ReturnBody = {
  staffing: [
    { staffGroup: 'registered-nurse', establishmentWte: 8, inPostWte: 7, vacancyWte: 1, absentWte: 0.5, plannedHours: 180, filledHours: { permanent: 160, bank: 10, agency: 10 } },
    { staffGroup: 'care-worker', establishmentWte: 30, inPostWte: 27, vacancyWte: 3, absentWte: 2, plannedHours: 600, filledHours: { permanent: 520, bank: 40, agency: 40 } },
  ],
  capacity: { bedsOpen: 40, bedsVacant: 2 },
  pressure: { level: 2, note: 'Settled' },
};
const ctx = { provider: careHome, date: '2026-06-15', today: '2026-06-15', history: [] };

describe('the return form', () => {
  it('opens filled from the last return, in the order the unit reports its staff groups, with only its sector\'s capacity fields', () => {
    const values = formFrom(careHome, yesterday);
    expect(Object.keys(values.staffing)).toEqual(['care-worker', 'registered-nurse']);
    expect(values.staffing['registered-nurse']).toMatchObject({ inPostWte: '7', 'filledHours.bank': '10' });
    expect(values.capacity).toEqual({ bedsOpen: '40', bedsClosedStaffing: '', bedsVacant: '2' });
    expect([values.level, values.note]).toEqual(['2', 'Settled']);
  });

  it('sends back exactly the last return when nothing was changed (so "unchanged" and a retry are recognised)', () => {
    const { body, errors } = check(formFrom(careHome, yesterday), ctx);
    expect(errors).toEqual([]);
    expect(body!.staffing.map((l) => l.staffGroup)).toEqual(['care-worker', 'registered-nurse']);
    expect(body!.staffing[1]).toEqual(yesterday.staffing[0]);
    expect(body!.capacity).toEqual(yesterday.capacity);
  });

  it.each([
    ['', 'enter a number (0 if none)'],
    ['10,5', 'use a full stop for a decimal point, like 10.5'],
    ['ten', 'must be a number, like 12 or 12.5'],
    ['-1', 'must not be negative'],
    ['1.234', 'must have no more than 2 decimal places'],
    ['25000', 'is not believable for whole-time equivalents (at most 20000)'],
  ])('blocks %j in a staffing box with a message on that box: %s', (typed, message) => {
    const values = formFrom(careHome, yesterday);
    values.staffing['registered-nurse'].absentWte = typed;
    const { body, errors } = check(values, ctx);
    expect(body).toBeNull();
    expect(errors).toEqual([{ path: 'staffing.1.absentWte', message }]);
    expect(targetOf(errors[0].path)).toBe('f-staffing-1-absentWte');
    expect(fieldLabel(errors[0].path, careHome)).toBe('Registered nurses: absent today (WTE)');
  });

  it('reads thousands separators, and leaves an empty capacity box out rather than sending 0', () => {
    const values = formFrom(careHome, yesterday);
    values.staffing['care-worker'].plannedHours = '1,200';
    values.capacity.bedsVacant = '';
    const { body } = check(values, ctx);
    expect(body!.staffing[0].plannedHours).toBe(1200);
    expect(body!.capacity).toEqual({ bedsOpen: 40 });
    expect(numberOf(' 12.5 ')).toEqual({ value: 12.5 });
  });

  it('asks for the pressure level, and applies the rules that need the unit and the date', () => {
    const empty = formFrom(careHome, null);
    expect(check(empty, ctx).errors.map((e) => e.path)).toContain('pressure.level');
    expect(check(formFrom(careHome, yesterday), { ...ctx, date: '2026-06-16' }).errors).toEqual([{ path: 'date', message: '2026-06-16 is in the future (today is 2026-06-15)' }]);
  });

  it('warns, without blocking, where the API would warn', () => {
    const values = formFrom(careHome, yesterday);
    values.staffing['care-worker'].vacancyWte = '12';
    const { body, errors, warnings } = check(values, ctx);
    expect(body).not.toBeNull();
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.path)).toEqual(['staffing.0.vacancyWte']);
  });

  it('keeps a note exactly as typed, and refuses control characters in it as the API does', () => {
    const values = formFrom(careHome, yesterday);
    values.note = '  Two off sick  ';
    expect(check(values, ctx).body!.pressure.note).toBe('  Two off sick  ');
    values.note = 'bad\u202Etext';
    expect(check(values, ctx).errors.map((e) => e.path)).toEqual(['pressure.note']);
  });
});
