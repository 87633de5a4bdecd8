import { addDays, isExpectedOn, type Provider } from '#domain';
import { isPastDeadline, minutesOfClock } from '#domain/views/coverage';
import type { SubmittedReturn } from './returns-api';

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' });
/** "08:12", UK time. */
export const formatTime = (iso: string) => clock.format(new Date(iso));
const shortDay = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
/** "Tue 3 Dec". */
export const formatShortDay = (date: string) => shortDay.format(new Date(`${date}T12:00:00Z`));

const byWhom = (r: SubmittedReturn) => (r.submittedByName ? ` by ${r.submittedByName}` : '');

export type DayState = 'submitted' | 'due' | 'late' | 'missing' | 'not-due';

export interface DayStatus {
  date: string;
  state: DayState;
  /** In plain words: "Submitted at 08:12 by Sam Jones", "Today's return is due by 11:00", "Late". */
  text: string;
  ret: SubmittedReturn | null;
}

/** One day's status for a unit. Lateness is judged by the server's clock (`now`), not the device's. */
export function dayStatus(unit: Provider, date: string, ctx: { today: string; now: string; deadline: string }, ret: SubmittedReturn | null): DayStatus {
  if (ret) {
    // A first version sent after the deadline is counted late (the completeness rule): say so.
    const verb = ret.version > 1 ? 'Amended' : isPastDeadline(date, new Date(ret.submittedAt), minutesOfClock(ctx.deadline)) ? 'Submitted late' : 'Submitted';
    return { date, state: 'submitted', text: `${verb} at ${formatTime(ret.submittedAt)}${byWhom(ret)}`, ret };
  }
  if (!isExpectedOn(unit, date)) return { date, state: 'not-due', text: date === ctx.today ? 'No return is due today' : 'Not due', ret };
  if (date < ctx.today) return { date, state: 'missing', text: 'Missing', ret };
  return isPastDeadline(date, new Date(ctx.now), minutesOfClock(ctx.deadline))
    ? { date, state: 'late', text: `Late: today's return was due by ${ctx.deadline}`, ret }
    : { date, state: 'due', text: `Today's return is due by ${ctx.deadline}`, ret };
}

/** The last `days` days, newest first, from the unit's current returns. */
export function recentDays(unit: Provider, returns: SubmittedReturn[], ctx: { today: string; now: string; deadline: string }, days = 7): DayStatus[] {
  const byDate = new Map(returns.map((r) => [r.date, r]));
  return Array.from({ length: days }, (_, i) => addDays(ctx.today, -i))
    .filter((date) => date >= unit.activeFrom)
    .map((date) => dayStatus(unit, date, ctx, byDate.get(date) ?? null));
}
