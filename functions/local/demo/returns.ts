import {
  addDays,
  datesBetween,
  isExpectedOn,
  localTimeOf,
  returnWarnings,
  serviceDateOf,
  type Provider,
  type ReturnBody,
  type StaffingLine,
} from '#domain';
import type { ReturnRecord } from '#store/types';
import { figuresOf } from './figures';
import { unitManagerOf } from './people';
import { profileOf, type UnitProfile } from './profile';
import { clamp, randomFrom, round2 } from './random';
import { dayNumber } from './signals';
import { ukInstant } from './uk-time';

/** The returns' history window, as the API uses for its warnings. */
const HISTORY_DAYS = 28;
/** Share of today's expected units that will have reported by the end of the day. */
const TODAY_SHARE = 0.68;

/** A demo return: version 1, and for a few an amendment made later the same day. */
export interface DemoReturn {
  record: ReturnRecord;
  amendment?: ReturnRecord;
}

export interface DemoWindow {
  seed: string;
  /** First and last service dates to produce (inclusive); `to` is at most today. */
  from: string;
  to: string;
  /** Now: decides which of today's returns are in yet. */
  now: Date;
}

const MISS_CHANCE = { steady: 0.01, patchy: 0.08, lapsing: 0.02 } as const;
const LATE_CHANCE = { steady: 0.05, patchy: 0.2, lapsing: 0.1 } as const;

/** When (UK minutes past midnight) the unit reports on a date, or null if it does not (yet). */
function submissionMinutes(seed: string, provider: Provider, profile: UnitProfile, date: string, now: { date: string; minutes: number }): number | null {
  if (!isExpectedOn(provider, date) || date > now.date) return null;
  // A lapsing unit goes quiet for ten-day spells now and then.
  if (profile.reliability === 'lapsing' && randomFrom(seed, provider.providerId, 'spell', Math.floor(dayNumber(date) / 10)).chance(0.35)) return null;
  const r = randomFrom(seed, provider.providerId, date, 'submission');
  if (r.chance(MISS_CHANCE[profile.reliability])) return null;
  const minutes = r.chance(LATE_CHANCE[profile.reliability])
    ? r.int(11 * 60, 15 * 60)
    : Math.round(clamp(r.normal(profile.submitMinutes, 20), 6 * 60, 10 * 60 + 59));
  if (date === now.date) {
    if (!randomFrom(seed, provider.providerId, date, 'today').chance(TODAY_SHARE)) return null;
    // Only minutes wholly past: a return is never stamped after now.
    if (minutes >= now.minutes) return null;
  }
  return minutes;
}

/** A correction made later the same day: more staff off sick than first reported. */
function amendmentOf(seed: string, providerId: string, date: string, body: ReturnBody): { body: ReturnBody; delay: number } | null {
  const r = randomFrom(seed, providerId, date, 'amendment');
  if (!r.chance(0.012)) return null;
  const [first, ...rest] = body.staffing;
  const extra = round2(Math.min(1.5, first.inPostWte - first.absentWte));
  const amended: StaffingLine = { ...first, absentWte: round2(first.absentWte + extra) };
  return {
    body: { ...body, staffing: [amended, ...rest], pressure: { level: body.pressure.level, note: 'Amended: late sickness reported' } },
    delay: r.int(30, 240),
  };
}

/** One unit's demo returns for the window, with warnings worked out against its own history. */
export function demoReturnsOf(provider: Provider, window: DemoWindow): DemoReturn[] {
  const { seed } = window;
  const profile = profileOf(seed, provider);
  const now = localTimeOf(window.now);
  const out: DemoReturn[] = [];
  const history: { date: string; staffing: StaffingLine[] }[] = [];
  const manager = unitManagerOf(seed, provider);

  for (const date of datesBetween(addDays(window.from, -HISTORY_DAYS), window.to)) {
    const minutes = submissionMinutes(seed, provider, profile, date, now);
    if (minutes === null) continue;
    const body = figuresOf(seed, provider, profile, date);
    const amendment = date < now.date ? amendmentOf(seed, provider.providerId, date, body) : null;
    while (history.length > 0 && history[0].date < addDays(date, -HISTORY_DAYS)) history.shift();

    if (date >= window.from) {
      const seconds = randomFrom(seed, provider.providerId, date, 'seconds').int(0, 59);
      const first = ukInstant(date, minutes, seconds).toISOString();
      const where = { localityId: provider.localityId, sector: provider.sector };
      const record: ReturnRecord = {
        ...body,
        providerId: provider.providerId,
        date,
        version: 1,
        submittedAt: first,
        submittedBy: manager.subject,
        submittedByName: manager.name,
        firstSubmittedAt: first,
        warnings: returnWarnings(body, history),
        ...where,
      };
      out.push({
        record,
        amendment: amendment
          ? {
              ...record,
              ...amendment.body,
              version: 2,
              submittedAt: ukInstant(date, Math.min(minutes + amendment.delay, 23 * 60), seconds).toISOString(),
              warnings: returnWarnings(amendment.body, history),
            }
          : undefined,
      });
    }
    history.push({ date, staffing: (amendment?.body ?? body).staffing });
  }
  return out;
}

/** Every unit's demo returns for the window. */
export const demoReturns = (providers: Provider[], window: DemoWindow): DemoReturn[] =>
  providers.flatMap((p) => demoReturnsOf(p, window));

/** The window of `days` service dates ending today. */
export function demoWindow(seed: string, days: number, now: Date): DemoWindow {
  const to = serviceDateOf(now);
  return { seed, from: addDays(to, -(days - 1)), to, now };
}
