import { OpenAPIHono } from '@hono/zod-openapi';
import { changedFields } from '#domain/audit';
import { thresholdsBodySchema, thresholdsSchema, thresholdsWithDefaults } from '#domain';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { defineRoute } from '../route';
import { json, problems } from '../schemas';
import { auditOf } from './audit';

const thresholds = thresholdsSchema.meta({ id: 'Thresholds' });

export const getThresholds = defineRoute({
  method: 'get',
  path: '/api/settings/thresholds',
  operationId: 'getThresholds',
  summary: 'Red/amber/green bounds per measure (the defaults where an admin set none)',
  tags: ['settings'],
  access: { roles: ['admin', 'leader', 'provider'] },
  responses: { 200: json('thresholds', thresholds), ...problems(401, 403, 503) },
});

export const putThresholds = defineRoute({
  method: 'put',
  path: '/api/settings/thresholds',
  operationId: 'putThresholds',
  summary: 'Set the red/amber/green bounds (admin); a measure left out keeps its default',
  tags: ['settings'],
  access: { roles: ['admin'] },
  request: { body: { required: true, content: { 'application/json': { schema: thresholdsBodySchema } } } },
  responses: { 200: json('thresholds saved, with the defaults for any measure left out', thresholds), ...problems(400, 401, 403, 413, 415, 422, 503) },
});

/** Red/amber/green bounds per measure. */
export function settingsRoutes(deps: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(getThresholds, async (c) => c.json(thresholdsWithDefaults(await deps.store.getThresholds()), 200))
    .openapi(putThresholds, async (c) => {
      const before = thresholdsWithDefaults(await deps.store.getThresholds());
      const saved = thresholdsWithDefaults(c.req.valid('json'));
      const changed = changedFields(before, saved);
      if (changed.length === 0) return c.json(saved, 200);
      await deps.store.putThresholds(saved, auditOf(deps, c, { kind: 'thresholds', target: 'thresholds', summary: `Changed the thresholds of ${changed.join(', ')}`, before, after: saved }));
      return c.json(saved, 200);
    });
}
