import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  FAMILY_LABELS,
  SECTOR_LABELS,
  SECTORS,
  STAFF_GROUP_LABELS,
  STAFF_GROUPS,
  familyOf,
  localitySchema,
  providerBodySchema,
  sectorFamilySchema,
  sectorSchema,
  slug,
  staffGroupSchema,
  type Provider,
} from '#domain';
import { changedFields } from '#domain/audit';
import { byName } from '#domain/views/scope';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { providerOr404 } from '../params';
import { ProblemError } from '../problem';
import { defineRoute } from '../route';
import { anyWhenBlank, cursorParam, json, nextPageLink, pageOf, problems, providerIdParam } from '../schemas';
import { auditOf } from './audit';

const everyone = ['admin', 'leader', 'provider'] as const;
const providerSchema = z.object({ providerId: z.string(), ...providerBodySchema.shape }).meta({ id: 'Provider' });
const staffGroupInfoSchema = z.object({ id: staffGroupSchema, label: z.string() });
const sectorInfoSchema = z.object({ id: sectorSchema, label: z.string(), family: sectorFamilySchema, familyLabel: z.string() });
const providerPath = { params: z.object({ providerId: providerIdParam }) };

export const listLocalities = defineRoute({
  method: 'get',
  path: '/api/localities',
  operationId: 'listLocalities',
  summary: 'Localities',
  tags: ['register'],
  access: { roles: everyone },
  responses: { 200: json('localities by name', z.array(localitySchema)), ...problems(401, 403, 503) },
});

export const listStaffGroups = defineRoute({
  method: 'get',
  path: '/api/staff-groups',
  operationId: 'listStaffGroups',
  summary: 'The staff-group taxonomy shared by every sector',
  tags: ['register'],
  access: { roles: everyone },
  responses: { 200: json('staff groups', z.array(staffGroupInfoSchema)), ...problems(401, 403) },
});

export const listSectors = defineRoute({
  method: 'get',
  path: '/api/sectors',
  operationId: 'listSectors',
  summary: 'Sectors and the families the dashboard groups them into',
  tags: ['register'],
  access: { roles: everyone },
  responses: { 200: json('sectors', z.array(sectorInfoSchema)), ...problems(401, 403) },
});

/** Units per page of GET /api/providers: 1,000 units are about 300 KB, far inside Lambda's 6 MB. */
export const PROVIDERS_PAGE = 1_000;

/** Where a page ends, in the list's order (name, then id): opaque to clients. */
const cursorOf = (p: Provider) => Buffer.from(JSON.stringify([p.name, p.providerId])).toString('base64url');
const positionOf = (cursor: string): [string, string] | null => {
  try {
    const at = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(at) && at.length === 2 && at.every((s) => typeof s === 'string') ? (at as [string, string]) : null;
  } catch {
    return null;
  }
};
const byNameThenId = (a: Provider, b: Provider) => a.name.localeCompare(b.name, 'en-GB') || (a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : 0);
const after = ([name, id]: [string, string]) => (p: Provider) => byNameThenId(p, { ...p, name, providerId: id }) > 0;

export const listProviders = defineRoute({
  method: 'get',
  path: '/api/providers',
  operationId: 'listProviders',
  summary: 'Reporting units (providers see only their own)',
  description: `By name, ${PROVIDERS_PAGE.toLocaleString('en-GB')} a page: when more follow, a \`Link: <...>; rel="next"\` header (RFC 8288) gives the next page's address, with its \`cursor\`.`,
  tags: ['register'],
  access: { roles: everyone },
  request: {
    query: z.strictObject({
      locality: anyWhenBlank(slug),
      sector: anyWhenBlank(sectorSchema),
      cursor: cursorParam,
    }),
  },
  responses: {
    200: pageOf('units by name, one page', providerSchema),
    ...problems(400, 401, 403, 503),
  },
});

export const getProvider = defineRoute({
  method: 'get',
  path: '/api/providers/{providerId}',
  operationId: 'getProvider',
  summary: 'One reporting unit',
  tags: ['register'],
  access: { roles: everyone, unit: true },
  request: providerPath,
  responses: { 200: json('the unit', providerSchema), ...problems(400, 401, 403, 404, 503) },
});

export const putProvider = defineRoute({
  method: 'put',
  path: '/api/providers/{providerId}',
  operationId: 'putProvider',
  summary: 'Create or update a reporting unit (admin)',
  tags: ['register'],
  access: { roles: ['admin'] },
  request: { ...providerPath, body: { required: true, content: { 'application/json': { schema: providerBodySchema } } } },
  responses: {
    200: json('updated', providerSchema),
    201: json('created', providerSchema),
    ...problems(400, 401, 403, 413, 415, 422, 503),
  },
});

/** The register: localities, staff groups, sectors and reporting units. */
export function registerRoutes(deps: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(listLocalities, async (c) => c.json(byName(await deps.store.listLocalities()), 200))
    .openapi(listStaffGroups, (c) => c.json(STAFF_GROUPS.map((id) => ({ id, label: STAFF_GROUP_LABELS[id] })), 200))
    .openapi(listSectors, (c) =>
      c.json(
        SECTORS.map((id) => ({ id, label: SECTOR_LABELS[id], family: familyOf(id), familyLabel: FAMILY_LABELS[familyOf(id)] })),
        200,
      ),
    )
    .openapi(listProviders, async (c) => {
      const { locality, sector, cursor } = c.req.valid('query');
      const from = cursor === undefined ? null : positionOf(cursor);
      if (cursor !== undefined && from === null)
        throw new ProblemError(400, 'Invalid query parameters', 'Some query parameters are not valid.', [{ path: 'query.cursor', message: 'is not a cursor this list gave' }]);
      const identity = c.get('identity');
      const seesAll = identity.roles.includes('admin') || identity.roles.includes('leader');
      const providers = (await deps.store.listProviders()).filter(
        (p) =>
          (seesAll || identity.providerIds.includes(p.providerId)) &&
          (locality === undefined || p.localityId === locality) &&
          (sector === undefined || p.sector === sector),
      );
      const ordered = providers.sort(byNameThenId);
      const rest = from ? ordered.filter(after(from)) : ordered;
      const page = rest.slice(0, PROVIDERS_PAGE);
      if (rest.length > page.length) c.header('Link', nextPageLink(c.req.url, cursorOf(page[page.length - 1])));
      return c.json(page, 200);
    })
    .openapi(getProvider, async (c) => c.json(await providerOr404(deps.store, c.req.valid('param').providerId), 200))
    .openapi(putProvider, async (c) => {
      const { providerId } = c.req.valid('param');
      const body = c.req.valid('json');
      const localities = await deps.store.listLocalities();
      if (!localities.some((l) => l.localityId === body.localityId))
        throw new ProblemError(422, 'Invalid fields', 'Some fields are not valid.', [{ path: 'localityId', message: 'no such locality' }]);
      const before = await deps.store.getProvider(providerId);
      const provider: Provider = { providerId, ...body };
      if (before && changedFields(before, provider).length === 0) return c.json(provider, 200);
      await deps.store.putProvider(provider, auditOf(deps, c, unitAudit(before, provider)));
      return c.json(provider, before ? 200 : 201);
    });
}

/** The audit entry for a unit created or changed by an admin. */
export function unitAudit(before: Provider | null, after: Provider, how = '') {
  const summary = before ? `Changed unit ${after.name} (${changedFields(before, after).join(', ')})${how}` : `Created unit ${after.name}${how}`;
  return { kind: 'unit' as const, target: after.providerId, summary, before, after };
}
