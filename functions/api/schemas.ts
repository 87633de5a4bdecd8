import { z } from 'zod';
import { MEASURES, isoDate, measureField, measureInfo, measuresOf, type MeasureField, returnBodySchema, sumLines, type ReturnVersion } from '#domain';

/** Shapes the API answers with, as zod schemas so the OpenAPI document describes them. */
export const issueSchema = z.object({ path: z.string(), message: z.string() });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(issueSchema),
  })
  .describe('RFC 9457 problem details; a 412 also carries `current`, the current return');

export const measuresSchema = z.object(
  Object.fromEntries(MEASURES.map((m) => [measureField(m), z.number().nullable().describe(`${measureInfo(m).label}; null when there is nothing to divide by`)])) as Record<
    MeasureField,
    z.ZodNullable<z.ZodNumber>
  >,
);

export const returnResponseSchema = z.object({
  providerId: z.string(),
  date: isoDate,
  version: z.number().int().min(1),
  submittedAt: z.string().describe('ISO 8601 instant'),
  submittedBy: z.string().describe('subject of the user who submitted this version'),
  staffing: returnBodySchema.shape.staffing,
  capacity: returnBodySchema.shape.capacity,
  pressure: returnBodySchema.shape.pressure,
  measures: measuresSchema,
  warnings: z.array(issueSchema),
});
export type ReturnResponse = z.infer<typeof returnResponseSchema>;

/** A stored version as the API answers it. */
export const returnResponseOf = (r: ReturnVersion): ReturnResponse => ({
  providerId: r.providerId,
  date: r.date,
  version: r.version,
  submittedAt: r.submittedAt,
  submittedBy: r.submittedBy,
  staffing: r.staffing,
  capacity: r.capacity,
  pressure: r.pressure,
  measures: measuresOf(sumLines(r.staffing)),
  warnings: r.warnings,
});

export const etagOf = (r: Pick<ReturnVersion, 'version'>) => `"${r.version}"`;

/** Doc entries for the problem responses a route can answer with. */
export const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: 'problem details (application/problem+json)', schema: problemSchema }]));
