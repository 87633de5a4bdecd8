import { Hono } from 'hono';
import { thresholdsBodySchema, thresholdsSchema, thresholdsWithDefaults } from '#domain';
import { readJson } from '../body';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import type { RouteDoc } from '../route-doc';
import { problems } from '../schemas';

/** Red/amber/green bounds per measure, mounted at /api/settings. */
export function settingsRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/thresholds', async (c) => c.json(thresholdsWithDefaults(await deps.store.getThresholds())));
  app.put('/thresholds', async (c) => {
    const thresholds = thresholdsWithDefaults(await readJson(c, thresholdsBodySchema));
    await deps.store.putThresholds(thresholds);
    return c.json(thresholds);
  });
  return app;
}

export const settingsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/settings/thresholds',
    summary: 'Red/amber/green bounds per measure (the defaults until an admin sets them)',
    tags: ['settings'],
    responses: { 200: { description: 'thresholds', schema: thresholdsSchema }, ...problems(401, 403) },
  },
  {
    method: 'put',
    path: '/api/settings/thresholds',
    summary: 'Set the red/amber/green bounds (admin)',
    tags: ['settings'],
    body: thresholdsSchema,
    responses: { 200: { description: 'thresholds saved', schema: thresholdsSchema }, ...problems(400, 401, 403, 413, 415, 422) },
  },
];
