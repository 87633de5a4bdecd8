import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { ProblemError } from '../problem';
import type { RouteDoc } from '../route-doc';
import { problems } from '../schemas';

/** Liveness that means something: the table answers. Mounted at /api/health. */
export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    try {
      await deps.store.ping();
    } catch {
      throw new ProblemError(503, 'Service unavailable', 'The database is not reachable.', [], {}, { 'Retry-After': '5' });
    }
    return c.json({ status: 'ok' as const });
  });
  return app;
}

export const healthDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/health',
    summary: 'Health: the table is reachable',
    tags: ['operations'],
    responses: { 200: { description: 'healthy', schema: z.object({ status: z.literal('ok') }) }, ...problems(503) },
  },
];
