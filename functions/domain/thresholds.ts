import { z } from 'zod';
import { MEASURES, MEASURE_REGISTRY, judgedAs, measureInfo, measureOf, type Measure, type StaffingTotals } from './measures';
import { isMultipleOf, tooManyPlaces } from './return';

export type Rag = 'red' | 'amber' | 'green' | 'none';
export const RAGS = ['red', 'amber', 'green', 'none'] as const satisfies readonly Rag[];

const MAX_BOUND = 1_000_000;
/**
 * A bound: a rate as a fraction or hours, at most a million, to 0.0001 (0.01 % of a rate).
 * Bounded and stepped so that nothing sent can reach DynamoDB out of its range (1e308 or
 * 1e-320 would) and a saved bound reads back as sent.
 */
const bound = z
  .number({ error: 'must be a number' })
  .refine(Number.isFinite, { message: 'must be a finite number', abort: true })
  .refine((n) => n >= 0, { message: 'must not be negative', abort: true })
  .refine((n) => n <= MAX_BOUND, { message: `must be at most ${MAX_BOUND.toLocaleString('en-GB')}`, abort: true })
  .refine((n) => isMultipleOf(n, 0.0001), tooManyPlaces(4));
/**
 * Per measure, the two bounds between green, amber and red. For a measure where higher is
 * worse, value >= red is red, >= amber is amber; where lower is worse (fill rate), the reverse.
 */
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
