import { localTimeOf } from '../dates';

/** Returns are due by 11:00 UK time on the service date, unless the deployment says otherwise. */
export const DEFAULT_DEADLINE_MINUTES = 11 * 60;

/**
 * When a day's figures can be trusted as a whole (domain.md, "Figures people can trust").
 *
 * A unit owes its return by the deadline (11:00 UK by default) on the service date itself.
 * Before then, a unit without a return is "not in yet"; after it, "missing". A day is
 * complete once its deadline has passed and at least COMPLETE_SHARE of the units that owed a
 * return have sent one: a few units always miss a day, and waiting for every last one would
 * leave no day ever complete, while a day at 63% (a weekday morning) is plainly not.
 */
export const COMPLETE_SHARE = 0.9;

/** Minutes past midnight as a clock reads: 660 → "11:00". */
export const clockText = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
/** "11:00" → 660: the deadline as /api/me sends it, back in minutes. */
export const minutesOfClock = (text: string) => {
  const [h, m] = text.split(':').map(Number);
  return h * 60 + m;
};

/** True once the deadline of `date` has passed at `now` (UK time). */
export function isPastDeadline(date: string, now: Date, deadlineMinutes = DEFAULT_DEADLINE_MINUTES): boolean {
  const local = localTimeOf(now);
  return date < local.date || (date === local.date && local.minutes >= deadlineMinutes);
}

/** What a unit without a return is on `date` at `now`. */
export const absentStatus = (date: string, now: Date | undefined, deadlineMinutes?: number): 'missing' | 'not-in-yet' =>
  now === undefined || isPastDeadline(date, now, deadlineMinutes) ? 'missing' : 'not-in-yet';

export interface Coverage {
  reported: number;
  expected: number;
}

/**
 * Is a day (or a series' point) complete? `now` undefined means the question is asked of the
 * past, where only coverage decides. A day nobody owed a return on is complete (there is
 * nothing to wait for), though it has no value.
 */
export function isComplete(c: Coverage, date: string, now?: Date, deadlineMinutes?: number): boolean {
  if (now !== undefined && !isPastDeadline(date, now, deadlineMinutes)) return false;
  return c.expected === 0 || c.reported >= COMPLETE_SHARE * c.expected;
}
