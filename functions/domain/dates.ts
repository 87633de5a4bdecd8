import { z } from 'zod';

/** The system's time zone: service dates are UK calendar days, whatever the server's zone. */
export const SYSTEM_TIME_ZONE = 'Europe/London';

/** Injected so that tests can stand at any moment (23:30 UK time, a clock-change night). */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isRealDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

export const isoDate = z
  .string()
  .refine(isRealDate, { message: 'must be a real calendar date written YYYY-MM-DD' })
  .describe('a calendar date, YYYY-MM-DD');

/**
 * Formatters kept per time zone and kind: building an Intl.DateTimeFormat costs far more than
 * using one, and the deadline rule asks the time of day once per unit in every view.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string, kind: 'date' | 'time' = 'date'): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      kind === 'date'
        ? new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
        : new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });
    formatters.set(key, f);
  }
  return f;
}

/** The service date (YYYY-MM-DD) that an instant falls on in the system's time zone. */
export function serviceDateOf(instant: Date, timeZone = SYSTEM_TIME_ZONE): string {
  return formatterFor(timeZone).format(instant);
}

export const today = (clock: Clock, timeZone = SYSTEM_TIME_ZONE): string => serviceDateOf(clock.now(), timeZone);

/** Calendar arithmetic on YYYY-MM-DD; done in UTC so clock changes cannot shift a day. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Every date from `from` to `to` inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** 0 = Sunday … 6 = Saturday, of a calendar date. */
export const weekdayOf = (date: string): number => new Date(`${date}T12:00:00Z`).getUTCDay();

/** Minutes past midnight of an instant in the system's time zone (for the on-time deadline). */
export function localTimeOf(instant: Date, timeZone = SYSTEM_TIME_ZONE): { date: string; minutes: number } {
  // The last answer is kept: a view asks it of the same instant for every point it draws.
  if (lastLocalTime?.ms === instant.getTime() && lastLocalTime.timeZone === timeZone) return lastLocalTime.value;
  const parts = formatterFor(timeZone, 'time').formatToParts(instant);
  const hour = Number(parts.find((p) => p.type === 'hour')!.value);
  const minute = Number(parts.find((p) => p.type === 'minute')!.value);
  const value = { date: serviceDateOf(instant, timeZone), minutes: hour * 60 + minute };
  lastLocalTime = { ms: instant.getTime(), timeZone, value };
  return value;
}
let lastLocalTime: { ms: number; timeZone: string; value: { date: string; minutes: number } } | undefined;
