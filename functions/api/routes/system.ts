import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { ProblemError } from '../problem';
import type { RouteDoc } from '../route-doc';

/** System views for leaders and admins (access decided by the ACCESS table, not here). */
export function systemRoutes(_deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const path of ['/summary', '/heatmap', '/trends', '/discharge', '/completeness', '/day-returns'])
    app.get(path, () => {
      throw new ProblemError(503, 'Not ready', 'This view is being built.');
    });
  return app;
}

const dateOnly = z.strictObject({ date: z.string().optional() });
export const systemDocs: RouteDoc[] = ['summary', 'heatmap', 'trends', 'discharge', 'completeness', 'day-returns'].map((v) => ({
  method: 'get',
  path: `/api/system/${v}`,
  summary: v,
  tags: ['system'],
  query: dateOnly,
  responses: { 200: { description: v } },
}));
