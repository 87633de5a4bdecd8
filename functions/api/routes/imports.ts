import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { mapLimit, today, type Provider } from '#domain';
import { toCsv } from '#domain/views/csv';
import type { AppDeps, Identity } from '../deps';
import type { AppEnv } from '../env';
import { importResultSchema, type ImportOutcome, type ImportResult, type RowIssue } from '#domain/imports';
import { csvImportRequest } from '../imports/csv-file';
import { readImport, REQUIRED_COLUMNS, RETURN_COLUMNS, rowIssuesOf, type ImportedReturn } from '../imports/rows';
import { defineRoute } from '../route';
import { json, problems } from '../schemas';
import { submitReturn, submitterOf } from '../submit';
import { csvDownload } from '../csv-answer';
import { auditOf, returnsImportAudit, returnsImportCutOff } from './audit';


export const postImport = defineRoute({
  method: 'post',
  path: '/api/imports',
  operationId: 'importReturns',
  summary: 'Import returns from CSV, one row per unit x date x staff group',
  description: `Columns: ${REQUIRED_COLUMNS.join(', ')}; optional per return: ${RETURN_COLUMNS.join(', ')}. The whole file is checked first; a return is written only when every one of its rows is valid, and rows for units the caller does not belong to are row errors. \`?dryRun=true\` only reports, with the same errors.`,
  tags: ['returns'],
  access: { roles: ['admin', 'provider'] },
  request: csvImportRequest,
  responses: { 200: json('what was (or would be) written, and every row error', importResultSchema), ...problems(400, 401, 403, 413, 415, 503) },
});

export const getImportTemplate = defineRoute({
  method: 'get',
  path: '/api/imports/template',
  operationId: 'getImportTemplate',
  summary: 'A CSV template for POST /api/imports: the header, and a row per staff group of each of your units for today',
  tags: ['returns'],
  access: { roles: ['admin', 'provider'] },
  responses: {
    200: { description: 'the template, as a download', content: { 'text/csv': { schema: z.string() } } },
    ...problems(401, 403, 503),
  },
});

/** How many returns are written at once: enough to be quick, few enough not to be throttled. */
const WRITE_CONCURRENCY = 8;
/** Returns per audit entry of an admin's import: an entry lists each (about 100 bytes), well inside DynamoDB's 400 KB item. */
const AUDIT_PART = 500;

/** The unit of each return, or the row errors that keep it from being written. */
async function unitsOf(deps: AppDeps, identity: Identity, returns: ImportedReturn[]) {
  const mayWrite = (id: string) => identity.roles.includes('admin') || identity.providerIds.includes(id);
  const ids = [...new Set(returns.map((r) => r.providerId))];
  const found = await mapLimit(ids, WRITE_CONCURRENCY, (id) => (mayWrite(id) ? deps.store.getProvider(id) : Promise.resolve(null)));
  const providers = new Map(ids.map((id, i) => [id, found[i]]));
  const refusal = (id: string) =>
    !mayWrite(id) ? `you do not belong to ${id}, so its rows are not imported` : providers.get(id) ? null : `there is no unit ${id}`;
  return { providers: providers as Map<string, Provider | null>, refusal };
}

/** CSV import of returns. */
export function importRoutes(deps: AppDeps) {
  const template = new OpenAPIHono<AppEnv>().openapi(getImportTemplate, async (c) => {
    const { providerIds } = c.get('identity');
    const units = (await mapLimit(providerIds, WRITE_CONCURRENCY, (id) => deps.store.getProvider(id))).filter((p): p is Provider => p !== null);
    const day = today(deps.clock);
    const blanks = [...REQUIRED_COLUMNS.slice(3), ...RETURN_COLUMNS].map(() => '');
    const rows = units
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((u) => u.staffGroups.map((group) => [u.providerId, day, group, ...blanks]));
    return csvDownload(c, toCsv([...REQUIRED_COLUMNS, ...RETURN_COLUMNS], rows), `returns-template-${day}`);
  });
  return template.openapi(postImport, async (c) => {
    const dryRun = c.req.valid('query').dryRun === 'true';
    const identity = c.get('identity');
    const file = readImport(await c.req.text());
    const errors: RowIssue[] = [...file.errors];
    const { providers, refusal } = await unitsOf(deps, identity, file.returns);

    const results: ImportResult['returns'] = [];
    const importAll = (auditRefs?: Map<ImportedReturn, string>) => mapLimit(file.returns, WRITE_CONCURRENCY, async (ret) => {
      const refused = refusal(ret.providerId);
      if (refused) return errors.push(...ret.rows.map((row) => ({ row, path: 'providerId', message: refused })));
      const base = { providerId: ret.providerId, date: ret.date, rows: ret.rows };
      const outcome = (outcome: ImportOutcome, extra: { version?: number; message?: string } = {}) => results.push({ ...base, outcome, ...extra });
      const provider = providers.get(ret.providerId)!;
      const submitted = await submitReturn(deps, { provider, date: ret.date, body: ret.body, ...submitterOf(identity), dryRun, auditRef: auditRefs?.get(ret) });
      switch (submitted.kind) {
        case 'invalid':
          return errors.push(...rowIssuesOf(ret, submitted.errors));
        case 'unchanged':
          return outcome('unchanged', { version: submitted.current.version });
        case 'exists':
        case 'stale':
          return outcome('conflict', {
            version: submitted.current.version,
            message: `a return exists (version ${submitted.current.version}); amend it on the form or with If-Match`,
          });
        case 'would-save':
          return outcome('would-write');
        case 'saved':
          return outcome('written', { version: submitted.ret.version });
      }
    });
    const summarise = (): ImportResult => {
      results.sort((a, b) => a.rows[0] - b.rows[0]);
      errors.sort((a, b) => a.row - b.row);
      const count = (o: ImportOutcome) => results.filter((r) => r.outcome === o).length;
      return {
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
    };
    if (dryRun || !identity.roles.includes('admin')) {
      await importAll();
      return c.json(summarise(), 200);
    }
    // An admin's import writes other people's returns: audited as an admin's PUT is, one entry per part of the file.
    const candidates = file.returns.filter((r) => !refusal(r.providerId));
    const parts = Array.from({ length: Math.ceil(candidates.length / AUDIT_PART) }, (_, i) => candidates.slice(i * AUDIT_PART, (i + 1) * AUDIT_PART));
    const tickets = await mapLimit(parts, WRITE_CONCURRENCY, (part) => {
      const planned = returnsImportCutOff(file.rows, part.map((r) => ({ provider: providers.get(r.providerId)!, date: r.date, version: 1 })));
      return deps.store.beginAudit(auditOf(deps, c, planned), part.map((r) => ({ providerId: r.providerId, date: r.date, version: 1 })));
    });
    await importAll(new Map(parts.flatMap((part, i) => part.map((r) => [r, tickets[i].id] as const))));
    const result = summarise();
    const written = new Map(results.filter((r) => r.outcome === 'written').map((r) => [`${r.providerId}/${r.date}`, r]));
    await mapLimit(parts.map((part, i) => ({ part, i })), WRITE_CONCURRENCY, ({ part, i }) => {
      const made = part.flatMap((r) => {
        const w = written.get(`${r.providerId}/${r.date}`);
        return w ? [{ provider: providers.get(r.providerId)!, date: r.date, version: w.version! }] : [];
      });
      return deps.store.endAudit(tickets[i], made.length > 0 ? auditOf(deps, c, returnsImportAudit(result, made, { part: i + 1, of: parts.length })) : null);
    });
    return c.json(result, 200);
  });
}
