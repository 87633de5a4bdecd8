import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { ProblemError } from '../problem';
import { defineRoute } from '../route';
import { json, problems } from '../schemas';

export const getHealth = defineRoute({
  method: 'get',
  path: '/api/health',
  operationId: 'getHealth',
  summary: 'Health: the table is reachable',
  tags: ['operations'],
  access: { public: true },
  responses: { 200: json('healthy', z.object({ status: z.literal('ok') })), ...problems(429, 503) },
});

/** Liveness that means something: the table answers. */
export function healthRoutes(deps: AppDeps) {
  return new OpenAPIHono<AppEnv>().openapi(getHealth, async (c) => {
    try {
      await deps.store.ping();
    } catch {
      throw new ProblemError(503, 'Service unavailable', 'The database is not reachable.', [], {}, { 'Retry-After': '5' });
    }
    return c.json({ status: 'ok' as const }, 200);
  });
}
