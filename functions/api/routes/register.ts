import { Hono } from 'hono';
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
import { readJson } from '../body';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { providerOr404 } from '../params';
import { ProblemError, parseQuery } from '../problem';
import type { RouteDoc } from '../route-doc';
import { problems } from '../schemas';

const providerListQuery = z.strictObject({ locality: slug.optional(), sector: sectorSchema.optional() });

const providerSchema = z.object({ providerId: z.string(), ...providerBodySchema.shape });
const staffGroupInfoSchema = z.object({ id: staffGroupSchema, label: z.string() });
const sectorInfoSchema = z.object({ id: sectorSchema, label: z.string(), family: sectorFamilySchema, familyLabel: z.string() });

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** The register: localities, staff groups, sectors and reporting units, mounted at /api. */
export function registerRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/localities', async (c) => c.json((await deps.store.listLocalities()).sort(byName)));

  app.get('/staff-groups', (c) => c.json(STAFF_GROUPS.map((id) => ({ id, label: STAFF_GROUP_LABELS[id] }))));

  app.get('/sectors', (c) =>
    c.json(SECTORS.map((id) => ({ id, label: SECTOR_LABELS[id], family: familyOf(id), familyLabel: FAMILY_LABELS[familyOf(id)] }))),
  );

  app.get('/providers', async (c) => {
    // `?locality=&sector=care-home` from a form with one filter left blank means "any locality".
    const given = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''));
    const { locality, sector } = parseQuery(providerListQuery, given);
    const identity = c.get('identity');
    const seesAll = identity.roles.includes('admin') || identity.roles.includes('leader');
    const providers = (await deps.store.listProviders()).filter(
      (p) =>
        (seesAll || identity.providerIds.includes(p.providerId)) &&
        (locality === undefined || p.localityId === locality) &&
        (sector === undefined || p.sector === sector),
    );
    return c.json(providers.sort(byName));
  });

  app.get('/providers/:providerId', async (c) => c.json(await providerOr404(deps.store, c.req.param('providerId'))));

  app.put('/providers/:providerId', async (c) => {
    const providerId = c.req.param('providerId');
    const id = slug.safeParse(providerId);
    if (!id.success)
      throw new ProblemError(400, 'Invalid unit id', 'The unit id in the path is not valid.', [
        { path: 'providerId', message: id.error.issues[0].message },
      ]);
    const body = await readJson(c, providerBodySchema);
    const localities = await deps.store.listLocalities();
    if (!localities.some((l) => l.localityId === body.localityId))
      throw new ProblemError(422, 'Invalid fields', 'Some fields are not valid.', [{ path: 'localityId', message: 'no such locality' }]);
    const existed = (await deps.store.getProvider(providerId)) !== null;
    const provider: Provider = { providerId, ...body };
    await deps.store.putProvider(provider);
    return c.json(provider, existed ? 200 : 201);
  });

  return app;
}

export const registerDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/localities',
    summary: 'Localities',
    tags: ['register'],
    responses: { 200: { description: 'localities by name', schema: z.array(localitySchema) }, ...problems(401, 403) },
  },
  {
    method: 'get',
    path: '/api/staff-groups',
    summary: 'The staff-group taxonomy shared by every sector',
    tags: ['register'],
    responses: { 200: { description: 'staff groups', schema: z.array(staffGroupInfoSchema) }, ...problems(401, 403) },
  },
  {
    method: 'get',
    path: '/api/sectors',
    summary: 'Sectors and the families the dashboard groups them into',
    tags: ['register'],
    responses: { 200: { description: 'sectors', schema: z.array(sectorInfoSchema) }, ...problems(401, 403) },
  },
  {
    method: 'get',
    path: '/api/providers',
    summary: 'Reporting units (providers see only their own)',
    tags: ['register'],
    query: providerListQuery,
    responses: { 200: { description: 'units by name', schema: z.array(providerSchema) }, ...problems(400, 401, 403) },
  },
  {
    method: 'get',
    path: '/api/providers/{providerId}',
    summary: 'One reporting unit',
    tags: ['register'],
    responses: { 200: { description: 'the unit', schema: providerSchema }, ...problems(401, 403, 404) },
  },
  {
    method: 'put',
    path: '/api/providers/{providerId}',
    summary: 'Create or update a reporting unit (admin)',
    tags: ['register'],
    body: providerBodySchema,
    responses: {
      200: { description: 'updated', schema: providerSchema },
      201: { description: 'created', schema: providerSchema },
      ...problems(400, 401, 403, 413, 415, 422),
    },
  },
];
