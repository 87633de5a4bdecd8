import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { localitySchema, slug } from '#domain';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { defineRoute } from '../route';
import { json, problems } from '../schemas';
import { auditOf } from './audit';

const localityBodySchema = localitySchema.pick({ name: true });

export const putLocality = defineRoute({
  method: 'put',
  path: '/api/localities/{localityId}',
  operationId: 'putLocality',
  summary: 'Create or rename a locality (admin)',
  tags: ['register'],
  access: { roles: ['admin'] },
  request: {
    params: z.object({ localityId: slug.describe('the locality id, e.g. cherwell') }),
    body: { required: true, content: { 'application/json': { schema: localityBodySchema } } },
  },
  responses: {
    200: json('renamed (or unchanged)', localitySchema),
    201: json('created', localitySchema),
    ...problems(400, 401, 403, 413, 415, 422, 503),
  },
});

/** Creating and renaming localities; they are listed with the register. */
export function localityRoutes(deps: AppDeps) {
  return new OpenAPIHono<AppEnv>().openapi(putLocality, async (c) => {
    const { localityId } = c.req.valid('param');
    const { name } = c.req.valid('json');
    const before = (await deps.store.listLocalities()).find((l) => l.localityId === localityId) ?? null;
    const after = { localityId, name };
    if (before?.name === name) return c.json(after, 200);
    await deps.store.putLocality(
      after,
      auditOf(deps, c, { kind: 'locality', target: localityId, summary: before ? `Renamed locality ${before.name} to ${name}` : `Created locality ${name}`, before, after }),
    );
    return c.json(after, before ? 200 : 201);
  });
}
