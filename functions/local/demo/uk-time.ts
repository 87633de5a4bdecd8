import { SYSTEM_TIME_ZONE } from '#domain';

const offsetFormat = new Intl.DateTimeFormat('en-GB', { timeZone: SYSTEM_TIME_ZONE, timeZoneName: 'shortOffset' });
const offsets = new Map<string, number>();

/** Minutes UK time is ahead of UTC at noon on a date (0 in winter, 60 in summer). */
function ukOffsetMinutes(date: string): number {
  let offset = offsets.get(date);
  if (offset === undefined) {
    const name = offsetFormat.formatToParts(new Date(`${date}T12:00:00Z`)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-]\d+)(?::(\d+))?/.exec(name);
    offset = m ? Number(m[1]) * 60 + Math.sign(Number(m[1])) * Number(m[2] ?? 0) : 0;
    offsets.set(date, offset);
  }
  return offset;
}

/**
 * The instant of a UK wall-clock time on a date. Demo returns go in between 06:00 and 22:00,
 * far from the 01:00 clock change, so the noon offset is the one in force.
 */
export function ukInstant(date: string, minutes: number, seconds = 0): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + (minutes - ukOffsetMinutes(date)) * 60_000 + seconds * 1000);
}
