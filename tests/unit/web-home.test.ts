import { describe, expect, it } from 'vitest';
import type { Provider } from '#domain';
import { dayStatus, recentDays } from '#web/lib/home';
import type { SubmittedReturn } from '#web/lib/returns-api';

const gp: Provider = {
  providerId: 'high-street-surgery',
  name: 'High Street Surgery',
  organisation: 'Oxford PCN',
  localityId: 'oxford',
  sector: 'primary-care',
  staffGroups: ['medical'],
  reportingDays: 'weekdays',
  activeFrom: '2026-01-01',
  activeTo: null,
};
const ret = (date: string, version = 1, submittedAt = `${date}T07:12:00Z`): SubmittedReturn => ({
  providerId: gp.providerId,
  date,
  version,
  submittedAt,
  submittedBy: 'sub-1',
  submittedByName: 'Sam Jones',
  staffing: [],
  capacity: {},
  pressure: { level: 1 },
  warnings: [],
});
// Monday 15 June 2026; 10:59 and 11:00 UK time (BST) are 09:59 and 10:00 UTC.
const morning = { today: '2026-06-15', now: '2026-06-15T09:59:00Z', deadline: '11:00' };

describe("a unit's status on the home page", () => {
  it('says when today is due, and that it is late from the deadline (UK time, by the server clock)', () => {
    expect(dayStatus(gp, '2026-06-15', morning, null)).toMatchObject({ state: 'due', text: "Today's return is due by 11:00" });
    expect(dayStatus(gp, '2026-06-15', { ...morning, now: '2026-06-15T10:00:00Z' }, null)).toMatchObject({ state: 'late', text: "Late: today's return was due by 11:00" });
  });

  it('names who submitted and when, in UK time, and says "amended" for a later version', () => {
    expect(dayStatus(gp, '2026-06-15', morning, ret('2026-06-15')).text).toBe('Submitted at 08:12 by Sam Jones');
    expect(dayStatus(gp, '2026-06-15', morning, ret('2026-06-15', 2, '2026-06-15T09:30:00Z')).text).toBe('Amended at 10:30 by Sam Jones');
  });

  it('says a return first sent after the deadline was late, on its own day and on the days after', () => {
    const afternoon = { ...morning, now: '2026-06-15T13:00:00Z' };
    expect(dayStatus(gp, '2026-06-15', afternoon, ret('2026-06-15', 1, '2026-06-15T10:42:00Z')).text).toBe('Submitted late at 11:42 by Sam Jones');
    expect(dayStatus(gp, '2026-06-12', afternoon, ret('2026-06-12', 1, '2026-06-15T08:00:00Z')).text).toBe('Submitted late at 09:00 by Sam Jones');
    expect(dayStatus(gp, '2026-06-15', afternoon, ret('2026-06-15', 1, '2026-06-15T09:59:00Z')).text).toBe('Submitted at 10:59 by Sam Jones');
  });

  it('shows the last days newest first: missing where a return was owed, not due at weekends for a weekday unit', () => {
    const days = recentDays(gp, [ret('2026-06-12')], morning, 7);
    expect(days.map((d) => [d.date, d.state])).toEqual([
      ['2026-06-15', 'due'],
      ['2026-06-14', 'not-due'],
      ['2026-06-13', 'not-due'],
      ['2026-06-12', 'submitted'],
      ['2026-06-11', 'missing'],
      ['2026-06-10', 'missing'],
      ['2026-06-09', 'missing'],
    ]);
  });
});
