import { z } from 'zod';
import { staffGroupSchema } from './register';
import { freeText } from './text';

/**
 * Exactly a multiple of `step` (0.01, 0.0001): rounding to the step gives back the very same
 * number. Every decimal with at most that many places passes (JSON's 0.07 is the double nearest
 * 7/100, which is what 7 / 100 gives); 1e-9 and 1e-320 do not, so nothing DynamoDB cannot hold
 * (magnitudes below 1e-130) or sums cannot keep exactly reaches the store.
 */
export const isMultipleOf = (n: number, step: number) => {
  const per = Math.round(1 / step);
  return Math.round(n * per) / per === n;
};

/** Why a number with more decimal places than its field keeps is refused, in words. */
export const tooManyPlaces = (places: number) => `must have no more than ${places} decimal places`;

/** Numbers in a return: finite, not negative, to the hundredth, and below a bound no real unit reaches. */
function quantity(max: number, what: string) {
  return z
    .number({ error: 'must be a number' })
    .refine(Number.isFinite, { message: 'must be a finite number', abort: true })
    .refine((n) => n >= 0, { message: 'must not be negative', abort: true })
    .refine((n) => n <= max, { message: `is not believable for ${what} (at most ${max})`, abort: true })
    .refine((n) => isMultipleOf(n, 0.01), tooManyPlaces(2));
}
function count(max: number, what: string) {
  return z
    .number({ error: 'must be a whole number' })
    .refine(Number.isFinite, 'must be a finite number')
    .refine((n) => Number.isInteger(n), 'must be a whole number')
    .refine((n) => n >= 0, 'must not be negative')
    .refine((n) => n <= max, `is not believable for ${what} (at most ${max})`);
}

export const LIMITS = { wte: 20_000, hours: 200_000, beds: 5_000, people: 20_000, homecareHours: 100_000 } as const;

export const filledHoursSchema = z.strictObject({
  permanent: quantity(LIMITS.hours, 'hours'),
  bank: quantity(LIMITS.hours, 'hours'),
  agency: quantity(LIMITS.hours, 'hours'),
});

export const staffingLineSchema = z.strictObject({
  staffGroup: staffGroupSchema,
  establishmentWte: quantity(LIMITS.wte, 'whole-time equivalents').describe('funded posts, WTE'),
  inPostWte: quantity(LIMITS.wte, 'whole-time equivalents').describe('contracted staff in post, WTE'),
  vacancyWte: quantity(LIMITS.wte, 'whole-time equivalents').describe('vacancies being actively recruited, WTE'),
  absentWte: quantity(LIMITS.wte, 'whole-time equivalents').describe('staff absent today, WTE'),
  plannedHours: quantity(LIMITS.hours, 'hours').describe('hours the roster needs today'),
  filledHours: filledHoursSchema.describe('hours covered today, by source'),
});
export type StaffingLine = z.infer<typeof staffingLineSchema>;

export const capacitySchema = z.strictObject({
  bedsOpen: count(LIMITS.beds, 'beds').optional(),
  bedsClosedStaffing: count(LIMITS.beds, 'beds').optional(),
  bedsVacant: count(LIMITS.beds, 'beds').optional(),
  homecareHoursDelivered: count(LIMITS.homecareHours, 'homecare hours').optional(),
  homecareHoursUnmet: count(LIMITS.homecareHours, 'homecare hours').optional(),
  peopleAwaitingCareStart: count(LIMITS.people, 'people').optional(),
  patientsNoCriteriaToReside: count(LIMITS.people, 'patients').optional(),
  awaitingPathway1: count(LIMITS.people, 'patients').optional().describe('no criteria to reside, awaiting home with support'),
  awaitingPathway2: count(LIMITS.people, 'patients').optional().describe('no criteria to reside, awaiting a rehab bed'),
  awaitingPathway3: count(LIMITS.people, 'patients').optional().describe('no criteria to reside, awaiting a care home'),
});
export type Capacity = z.infer<typeof capacitySchema>;
export const CAPACITY_FIELDS = Object.keys(capacitySchema.shape) as (keyof Capacity)[];

/** Operational pressure as a unit reports it: the meanings the return form shows beside each level. */
export const PRESSURE_LEVELS = [1, 2, 3, 4] as const;
export type PressureLevel = (typeof PRESSURE_LEVELS)[number];
export const PRESSURE_LABELS: Record<PressureLevel, string> = {
  1: 'Meeting demand',
  2: 'Signs of pressure',
  3: 'Major pressure',
  4: 'Unable to deliver comprehensive care',
};
export const pressureSchema = z.strictObject({
  level: z
    .literal(PRESSURE_LEVELS, { error: 'must be 1, 2, 3 or 4' })
    .describe(PRESSURE_LEVELS.map((l) => `${l}: ${PRESSURE_LABELS[l]}`).join('; ')),
  note: freeText(500, { min: 0, trim: false })
    .optional()
    .describe('short note; must not carry patient-identifiable information'),
});

/**
 * The body of PUT /providers/{id}/returns/{date}. Strict at every level: unknown keys,
 * `__proto__` and server-owned fields (providerId, version, submittedBy…) are rejected.
 */
export const returnBodySchema = z.strictObject({
  staffing: z.array(staffingLineSchema).min(1).max(16),
  capacity: capacitySchema.default({}),
  pressure: pressureSchema,
});
export type ReturnBody = z.infer<typeof returnBodySchema>;

/** A field at fault: `{ path: "staffing.0.inPostWte", message }`, in errors and warnings alike. */
export const issueSchema = z.object({ path: z.string(), message: z.string() });
export type Issue = z.infer<typeof issueSchema>;

/** One version of a return as stored and as answered. */
export interface ReturnVersion extends ReturnBody {
  providerId: string;
  date: string;
  version: number;
  submittedAt: string;
  submittedBy: string;
  /** The submitter's name as the directory held it then (absent for someone not in it): history shows names, not ids. */
  submittedByName?: string;
  /** When version 1 was submitted: decides "on time", which an amendment must not change. */
  firstSubmittedAt: string;
  warnings: Issue[];
}

/** Canonical text of a body, so that an identical retry is recognised whatever the key order. */
export function canonicalBody(body: ReturnBody): string {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
              .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
          )
        : v;
  const lines = [...body.staffing].sort((a, b) => a.staffGroup.localeCompare(b.staffGroup));
  return JSON.stringify(sortKeys({ ...body, staffing: lines }));
}

export const bodyOf = (r: ReturnBody): ReturnBody => ({ staffing: r.staffing, capacity: r.capacity, pressure: r.pressure });
