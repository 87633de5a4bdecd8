import { weekdayOf } from '#domain';
import { clamp, hashOf } from './random';

/**
 * The slow forces behind the demo figures, each a pure function of the date: winter,
 * the day of the week, and a social-care strain per locality that both the homes and
 * agencies there and the hospitals waiting to discharge into them feel.
 */

const DAY_MS = 86_400_000;
export const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/** 1 in mid-January, 0 in mid-July. */
export function winterOf(date: string): number {
  const start = Date.parse(`${date.slice(0, 4)}-01-01T00:00:00Z`);
  const dayOfYear = (Date.parse(`${date}T00:00:00Z`) - start) / DAY_MS;
  return 0.5 * (1 + Math.cos((2 * Math.PI * (dayOfYear - 15)) / 365.25));
}

export const isWeekend = (date: string) => [0, 6].includes(weekdayOf(date));
export const isMonday = (date: string) => weekdayOf(date) === 1;

const phase = (...parts: (string | number)[]) => (hashOf(...parts) / 2 ** 32) * 2 * Math.PI;

export type StrainKind = 'homecare' | 'care-home';

/**
 * Social-care strain of a locality on a date, 0 (easy) to 1 (severe). The homecare and
 * care-home strains share their slow wave, so a bad month for one is a bad month for both.
 */
export function strainOf(seed: string, localityId: string, date: string, kind: StrainKind): number {
  const fast = Math.sin((2 * Math.PI * dayNumber(date)) / 17 + phase(seed, localityId, kind, 'fast'));
  return clamp(recruitmentStrainOf(seed, localityId, date) + 0.12 * fast, 0, 1);
}

/** The slow part of the strain alone: vacancies follow it, as recruitment takes weeks, not days. */
export function recruitmentStrainOf(seed: string, localityId: string, date: string): number {
  const slow = Math.sin((2 * Math.PI * dayNumber(date)) / 70 + phase(seed, localityId, 'slow'));
  return 0.5 + 0.24 * slow + 0.2 * (winterOf(date) - 0.5);
}

/** A unit's own slow drift around its usual level, -1 to 1. */
export const driftOf = (seed: string, providerId: string, what: string, date: string) =>
  Math.sin((2 * Math.PI * dayNumber(date)) / 120 + phase(seed, providerId, what));
