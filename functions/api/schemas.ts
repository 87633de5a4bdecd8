import { z } from 'zod';
import { isoDate, issueSchema, measuresOf, measuresSchema, returnBodySchema, slug, sumLines, type ReturnVersion } from '#domain';

/** Shapes the API answers with, as zod schemas so the OpenAPI document describes them. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(issueSchema),
  })
  .describe('RFC 9457 problem details; a 412 also carries `current`, the current return')
  .meta({ id: 'Problem' });

export const returnResponseSchema = z
  .object({
    providerId: z.string(),
    date: isoDate,
    version: z.number().int().min(1),
    submittedAt: z.string().describe('ISO 8601 instant'),
    submittedBy: z.string().describe('subject of the user who submitted this version'),
    submittedByName: z.string().nullable().describe('their name when they submitted it (null when not in the directory)'),
    staffing: returnBodySchema.shape.staffing,
    capacity: returnBodySchema.shape.capacity,
    pressure: returnBodySchema.shape.pressure,
    measures: measuresSchema,
    warnings: z.array(issueSchema),
  })
  .meta({ id: 'Return' });
export type ReturnResponse = z.infer<typeof returnResponseSchema>;

/** A stored version as the API answers it. */
export const returnResponseOf = (r: ReturnVersion): ReturnResponse => ({
  providerId: r.providerId,
  date: r.date,
  version: r.version,
  submittedAt: r.submittedAt,
  submittedBy: r.submittedBy,
  submittedByName: r.submittedByName ?? null,
  staffing: r.staffing,
  capacity: r.capacity,
  pressure: r.pressure,
  measures: measuresOf(sumLines(r.staffing)),
  warnings: r.warnings,
});

export const etagOf = (r: Pick<ReturnVersion, 'version'>) => `"${r.version}"`;

/** Path parameters, checked before any look-up: a 2,000-character id is a 400, never a database error. */
export const providerIdParam = slug.describe('the unit id');
export const dateParam = isoDate.describe('service date, YYYY-MM-DD (a UK calendar day)');

/** A query filter where a blank value means "any" (a form left on "All localities"). */
export const anyWhenBlank = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** Lists that page (RFC 8288): the `cursor` a page's Link header gave, and the Link header itself. */
export const cursorParam = anyWhenBlank(z.string().max(1_000).regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor this list gave')).describe("from the previous page's Link header");
export const pageOf = <S extends z.ZodType>(description: string, item: S) => ({
  description,
  headers: z.object({ Link: z.string().optional().describe('`<address of the next page>; rel="next"` when more follow') }),
  content: { 'application/json': { schema: z.array(item) } },
});
/** The same request from `cursor` on: the Link header of a page that is not the last. */
export const nextPageLink = (requestUrl: string, cursor: string) => {
  const next = new URL(requestUrl);
  next.searchParams.set('cursor', cursor);
  return `<${next.pathname}${next.search}>; rel="next"`;
};

const PROBLEM_TEXT: Record<number, string> = {
  400: 'the request is not valid (fields named in `errors`)',
  401: 'no token, or not a valid one',
  403: 'the role, or the unit, may not do this',
  404: 'no such unit, return or route',
  409: 'the return exists; say which version is amended (If-Match)',
  412: 'that version is no longer current; `current` holds the current return',
  413: 'the body is over 256 KiB (a CSV file: over 4 MiB)',
  415: 'the body is not of the media type this route takes',
  422: 'a well-formed body that breaks the rules (every broken field listed)',
  429: 'too many requests; try again after Retry-After',
  503: 'the database is not available; try again after Retry-After',
};

/** The problem responses a route can answer with, for its declaration. */
export const problems = <const S extends readonly (keyof typeof PROBLEM_TEXT)[]>(...statuses: S) =>
  Object.fromEntries(
    statuses.map((s) => [s, { description: `Problem: ${PROBLEM_TEXT[s]}`, content: { 'application/problem+json': { schema: problemSchema } } }]),
  ) as { [K in S[number]]: { description: string; content: { 'application/problem+json': { schema: typeof problemSchema } } } };

/** A 200 answer with a JSON body. */
export const json = <S extends z.ZodType>(description: string, schema: S) => ({ description, content: { 'application/json': { schema } } });

/** A query parameter that is a whole number from 1 to `max`. */
export const wholeNumber = (max: number) =>
  z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));

/** Every JSON view carries the time its figures were read. */
export const withAsAt = <S extends z.ZodObject>(schema: S) => schema.extend({ asAt: z.string().describe('when the figures were read (ISO 8601 instant)') });
