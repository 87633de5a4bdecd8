import { z } from 'zod';
import { HIGHER_IS_WORSE, MEASURES, type Measure } from './measures';

export type Rag = 'red' | 'amber' | 'green' | 'none';

/**
 * Per measure, the two bounds between green, amber and red. For a measure where higher is
 * worse, value >= red is red, >= amber is amber; where lower is worse (fill rate), the reverse.
 */
const bounds = z.strictObject({ amber: z.number().finite().min(0), red: z.number().finite().min(0) });
export const thresholdsSchema = z
  .strictObject(Object.fromEntries(MEASURES.map((m) => [m, bounds])) as Record<Measure, typeof bounds>)
  .superRefine((t, ctx) => {
    for (const m of MEASURES) {
      const { amber, red } = t[m];
      if (HIGHER_IS_WORSE[m] ? red < amber : red > amber)
        ctx.addIssue({
          code: 'custom',
          path: [m, 'red'],
          message: HIGHER_IS_WORSE[m] ? 'must not be below amber' : 'must not be above amber',
        });
    }
  });
export type Thresholds = z.infer<typeof thresholdsSchema>;

export const DEFAULT_THRESHOLDS: Thresholds = {
  'vacancy-rate': { amber: 0.08, red: 0.12 },
  'absence-rate': { amber: 0.045, red: 0.06 },
  'fill-rate': { amber: 0.95, red: 0.9 },
  'agency-share': { amber: 0.05, red: 0.1 },
  'unfilled-hours': { amber: 50, red: 200 },
};

export function ragOf(measure: Measure, value: number | null, t: Thresholds): Rag {
  if (value === null) return 'none';
  const { amber, red } = t[measure];
  if (HIGHER_IS_WORSE[measure]) return value >= red ? 'red' : value >= amber ? 'amber' : 'green';
  return value <= red ? 'red' : value <= amber ? 'amber' : 'green';
}
