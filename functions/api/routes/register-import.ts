import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { mapLimit, type Provider } from '#domain';
import { changedFields } from '#domain/audit';
import { registerImportSchema, type RegisterImport, type RegisterOutcome } from '#domain/imports';
import { csvImportRequest } from '../imports/csv-file';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { defineRoute } from '../route';
import { json, problems } from '../schemas';
import { auditOf, recordAudit } from './audit';
import { unitAudit } from './register';
import { LOCALITY_NAME_COLUMN, MAX_REGISTER_ROWS, readRegister, REGISTER_COLUMNS, REGISTER_TEMPLATE } from '../imports/register-rows';
import { csvDownload } from '../csv-answer';


export const postRegisterImport = defineRoute({
  method: 'post',
  path: '/api/imports/register',
  operationId: 'importRegister',
  summary: 'Create or update units from a CSV register, one row per unit (admin)',
  description: `Columns: ${REGISTER_COLUMNS.join(', ')}, staff groups separated by \`;\`, \`activeTo\` blank for a unit still open; optional \`${LOCALITY_NAME_COLUMN}\` creates (or renames) the unit's locality. At most ${MAX_REGISTER_ROWS} rows. The whole file is checked first; a row with any error is not written, every other row is. \`?dryRun=true\` only reports.`,
  tags: ['administration'],
  access: { roles: ['admin'] },
  request: csvImportRequest,
  responses: { 200: json('what was (or would be) written, and every row error', registerImportSchema), ...problems(400, 401, 403, 413, 415, 503) },
});

export const getRegisterTemplate = defineRoute({
  method: 'get',
  path: '/api/imports/register/template',
  operationId: 'registerTemplate',
  summary: 'An empty register file: the header row to fill in (admin)',
  tags: ['administration'],
  access: { roles: ['admin'] },
  responses: { 200: { description: 'the header row, as a CSV download', content: { 'text/csv': { schema: z.string() } } }, ...problems(401, 403) },
});

/** Units written at once. */
const WRITES_IN_FLIGHT = 8;

/** Loading the register from a spreadsheet. */
export function registerImportRoutes(deps: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(getRegisterTemplate, (c) =>
      csvDownload(c, REGISTER_TEMPLATE, 'register-template'),
    )
    .openapi(postRegisterImport, async (c) => {
      const dryRun = c.req.valid('query').dryRun === 'true';
      const known = await deps.store.listLocalities();
      const file = readRegister(await c.req.text(), known);
      const existing = new Map((await deps.store.listProviders()).map((p) => [p.providerId, p]));
      const knownNames = new Map(known.map((l) => [l.localityId, l.name]));

      const units: RegisterImport['units'] = file.units.map(({ row, provider }) => {
        const before = existing.get(provider.providerId);
        const changed = before ? changedFields(before, provider) : [];
        const outcome = !before ? 'created' : changed.length > 0 ? 'updated' : 'unchanged';
        return { row, providerId: provider.providerId, name: provider.name, outcome, changed };
      });
      const localities: RegisterImport['localities'] = file.localities.map(({ locality }) => ({
        ...locality,
        outcome: knownNames.has(locality.localityId) ? 'renamed' : 'created',
      }));
      const count = (o: RegisterOutcome) => units.filter((u) => u.outcome === o).length;
      const result: RegisterImport = {
        dryRun,
        rows: file.rows,
        errors: file.errors,
        units,
        localities,
        summary: {
          created: count('created'),
          updated: count('updated'),
          unchanged: count('unchanged'),
          invalidRows: new Set(file.errors.map((e) => e.row)).size,
          localitiesCreated: localities.filter((l) => l.outcome === 'created').length,
        },
      };
      if (dryRun) return c.json(result, 200);

      // Localities first, so no unit is ever written into a locality that does not exist yet. Each write carries its own entry.
      await mapLimit(file.localities, WRITES_IN_FLIGHT, ({ locality }) => {
        const before = knownNames.has(locality.localityId) ? { localityId: locality.localityId, name: knownNames.get(locality.localityId)! } : null;
        const summary = before ? `Renamed locality ${before.name} to ${locality.name} (register import)` : `Created locality ${locality.name} (register import)`;
        return deps.store.putLocality(locality, auditOf(deps, c, { kind: 'locality', target: locality.localityId, summary, before, after: locality }));
      });
      const toWrite = file.units.filter((_, i) => units[i].outcome !== 'unchanged').map((u) => u.provider);
      await deps.store.putProvidersAudited(toWrite.map((p: Provider) => ({ provider: p, audit: auditOf(deps, c, unitAudit(existing.get(p.providerId) ?? null, p, ' (register import)')) })));
      // The summary reports what the entries above record, so it is written after them.
      await recordAudit(deps, c, [
        {
          kind: 'register-import' as const,
          target: 'register',
          summary: `Imported the register: ${result.summary.created} units created, ${result.summary.updated} updated, ${result.summary.unchanged} unchanged, ${result.summary.invalidRows} rows with errors not imported`,
          before: null,
          after: { rows: file.rows, ...result.summary },
        },
      ]);
      return c.json(result, 200);
    });
}
