import { Hono } from 'hono';
import { z } from 'zod';
import { bodyOf, canonicalBody, returnErrors, today, type Provider } from '#domain';
import { requireMediaType } from '../body';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { readImport, REQUIRED_COLUMNS, RETURN_COLUMNS, rowIssuesOf, type ImportedReturn, type RowIssue } from '../imports/rows';
import { ProblemError, parseQuery } from '../problem';
import type { RouteDoc } from '../route-doc';
import { problems } from '../schemas';
import { saveNextVersion } from '../submit';

const importQuery = z.strictObject({ dryRun: z.enum(['true', 'false']).optional() });

const OUTCOMES = ['written', 'would-write', 'unchanged', 'conflict'] as const;
type Outcome = (typeof OUTCOMES)[number];

const rowIssueSchema = z.object({ row: z.number().int(), path: z.string(), message: z.string() });
const importResultSchema = z.object({
  dryRun: z.boolean(),
  rows: z.number().int().describe('data rows read (row 1 is the header)'),
  errors: z.array(rowIssueSchema).describe('every row error; a return with any error is not written'),
  returns: z.array(
    z.object({
      providerId: z.string(),
      date: z.string(),
      rows: z.array(z.number().int()),
      outcome: z.enum(OUTCOMES),
      version: z.number().int().optional(),
      message: z.string().optional(),
    }),
  ),
  summary: z.object({ written: z.number(), wouldWrite: z.number(), unchanged: z.number(), conflicts: z.number(), invalidRows: z.number() }),
});
type ImportResult = z.infer<typeof importResultSchema>;

/** How many returns are written at once: enough to be quick, few enough not to be throttled. */
const WRITE_CONCURRENCY = 8;

/** CSV import of returns, mounted at /api/imports. */
export function importRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    const dryRun = parseQuery(importQuery, c.req.query()).dryRun === 'true';
    requireMediaType(c, 'text/csv');
    const identity = c.get('identity');
    const file = readImport(await c.req.text());

    // Providers import only their own units: one foreign row refuses the whole file.
    if (!identity.roles.includes('admin')) {
      const foreign = file.returns.filter((r) => !identity.providerIds.includes(r.providerId));
      if (foreign.length > 0)
        throw new ProblemError(
          403,
          'Not allowed',
          'The file has rows for units you do not belong to; nothing was imported.',
          foreign.flatMap((r) => r.rows.map((row) => ({ path: `row ${row}.providerId`, message: `you do not belong to ${r.providerId}` }))),
        );
    }

    const errors: RowIssue[] = [...file.errors];
    const providers = new Map<string, Provider | null>();
    const valid: { ret: ImportedReturn; provider: Provider }[] = [];
    const serviceToday = today(deps.clock);
    for (const ret of file.returns) {
      if (!providers.has(ret.providerId)) providers.set(ret.providerId, await deps.store.getProvider(ret.providerId));
      const provider = providers.get(ret.providerId)!;
      if (!provider) {
        errors.push(...ret.rows.map((row) => ({ row, path: 'providerId', message: `there is no unit ${ret.providerId}` })));
        continue;
      }
      const ruleErrors = returnErrors(ret.body, provider, ret.date, serviceToday);
      if (ruleErrors.length > 0) errors.push(...rowIssuesOf(ret, ruleErrors));
      else valid.push({ ret, provider });
    }

    const results: ImportResult['returns'] = [];
    const importOne = async ({ ret, provider }: (typeof valid)[number]) => {
      const base = { providerId: ret.providerId, date: ret.date, rows: ret.rows };
      const current = await deps.store.currentReturn(ret.providerId, ret.date);
      const outcome = (outcome: Outcome, extra: { version?: number; message?: string } = {}) => results.push({ ...base, outcome, ...extra });
      if (current && canonicalBody(bodyOf(current)) === canonicalBody(ret.body)) {
        if (!dryRun) await deps.store.repair(ret.providerId, ret.date);
        return outcome('unchanged', { version: current.version });
      }
      const conflict = (version: number) =>
        outcome('conflict', { version, message: `a return exists (version ${version}); amend it on the form or with If-Match` });
      if (current) return conflict(current.version);
      if (dryRun) return outcome('would-write');
      const saved = await saveNextVersion(deps, provider, ret.date, ret.body, identity.subject, null);
      return saved.saved ? outcome('written', { version: saved.ret.version }) : conflict(saved.current.version);
    };
    for (let i = 0; i < valid.length; i += WRITE_CONCURRENCY) await Promise.all(valid.slice(i, i + WRITE_CONCURRENCY).map(importOne));

    results.sort((a, b) => a.rows[0] - b.rows[0]);
    errors.sort((a, b) => a.row - b.row);
    const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
    const result: ImportResult = {
      dryRun,
      rows: file.rows,
      errors,
      returns: results,
      summary: {
        written: count('written'),
        wouldWrite: count('would-write'),
        unchanged: count('unchanged'),
        conflicts: count('conflict'),
        invalidRows: new Set(errors.map((e) => e.row)).size,
      },
    };
    return c.json(result);
  });

  return app;
}

export const importDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/imports',
    summary: `Import returns from CSV, one row per unit x date x staff group. Columns: ${REQUIRED_COLUMNS.join(', ')}; optional per return: ${RETURN_COLUMNS.join(', ')}. ?dryRun=true only reports.`,
    tags: ['returns'],
    query: importQuery,
    bodyType: 'text/csv',
    responses: { 200: { description: 'what was (or would be) written, and every row error', schema: importResultSchema }, ...problems(400, 401, 403, 413, 415) },
  },
];
