import { z } from 'zod';
import { MEASURES, MEASURE_REGISTRY, judgedAs, measureInfo, measureOf, type Measure, type StaffingTotals } from './measures';

export type Rag = 'red' | 'amber' | 'green' | 'none';
export const RAGS = ['red', 'amber', 'green', 'none'] as const satisfies readonly Rag[];

/**
 * Per measure, the two bounds between green, amber and red. For a measure where higher is
 * worse, value >= red is red, >= amber is amber; where lower is worse (fill rate), the reverse.
 */
/** Every bound a table can hold: rates to six decimals (0.045), hours up to a million; no 5e-324 or 1e200 (DynamoDB refuses both). */
const bound = z
  .number()
  .finite()
  .min(0)
  .max(1_000_000, 'is not believable (at most 1,000,000)')
  .refine((n) => Math.round(n * 1e6) / 1e6 === n, 'must have at most 6 decimal places');
const bounds = z.strictObject({ amber: bound, red: bound });
export type Bounds = z.infer<typeof bounds>;
export type Thresholds = Record<Measure, Bounds>;

const boundsInOrder = (t: Partial<Thresholds>, ctx: z.RefinementCtx) => {
  for (const m of MEASURES) {
    const b = t[m];
    if (!b) continue;
    const higherIsWorse = measureInfo(m).higherIsWorse;
    if (higherIsWorse ? b.red < b.amber : b.red > b.amber)
      ctx.addIssue({ code: 'custom', path: [m, 'red'], message: higherIsWorse ? 'must not be below amber' : 'must not be above amber' });
  }
};

/** Every measure's bounds: what the API answers. */
export const thresholdsSchema = z
  .strictObject(Object.fromEntries(MEASURES.map((m) => [m, bounds])) as Record<Measure, typeof bounds>)
  .superRefine(boundsInOrder);

/** What an admin may send: any measure left out keeps its default. */
export const thresholdsBodySchema = z
  .strictObject(Object.fromEntries(MEASURES.map((m) => [m, bounds.optional()])) as Record<Measure, z.ZodOptional<typeof bounds>>)
  .superRefine(boundsInOrder);

export const DEFAULT_THRESHOLDS = Object.fromEntries(
  MEASURES.map((m) => [m, { ...MEASURE_REGISTRY[m].defaultThresholds }]),
) as Thresholds;

/**
 * Saved thresholds over the defaults: a measure added after they were saved (or one the admin
 * left out) falls back to its default, so no view ever meets a measure without bounds.
 */
export const thresholdsWithDefaults = (saved: Partial<Thresholds> | null | undefined): Thresholds => {
  const known = Object.entries(saved ?? {}).filter(([m]) => (MEASURES as readonly string[]).includes(m));
  return { ...DEFAULT_THRESHOLDS, ...Object.fromEntries(known) };
};

export function ragOf(measure: Measure, value: number | null, t: Thresholds): Rag {
  if (value === null) return 'none';
  const { amber, red } = t[measure];
  if (measureInfo(measure).higherIsWorse) return value >= red ? 'red' : value >= amber ? 'amber' : 'green';
  return value <= red ? 'red' : value <= amber ? 'amber' : 'green';
}

/**
 * The RAG of a measure from its summed parts: a count judged as a rate (unfilled hours by the
 * unfilled share) is coloured by that rate, so one set of bounds fits a unit, a locality and a sector.
 */
export function ragOfTotals(measure: Measure, totals: StaffingTotals | null, t: Thresholds): Rag {
  if (totals === null) return 'none';
  const judge = judgedAs(measure);
  return ragOf(judge, measureOf(judge, totals).value, t);
}
