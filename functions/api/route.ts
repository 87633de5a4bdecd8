import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { authorize, type Access } from './auth/access-control';
import { requireCsv, requireJson } from './body';
import type { AppEnv } from './env';

export type { Access };

/** What a route module declares: the OpenAPI operation plus who may call it. */
type Declaration = Omit<RouteConfig, 'middleware' | 'hide' | 'security'> & {
  operationId: string;
  summary: string;
  access: Access;
};

/**
 * A route, declared once: method, path, the schemas of its params, query, body and
 * responses, its OpenAPI entry and its access rule, in one object. Register it with
 * `app.openapi(route, handler)`; the handler then sees only typed, valid input through
 * `c.req.valid('param' | 'query' | 'json')`.
 *
 * Before validation, every request passes the route's own middleware: the access rule
 * (authentication, role, and for `unit: true` the router's own `providerId`), then the
 * strict body reading (415, malformed JSON, a key given twice). The rule also goes into the
 * document as `x-access`, and public routes as `security: []`.
 */
export function defineRoute<const D extends Declaration>(declaration: D) {
  const { access, ...operation } = declaration;
  const media = Object.keys(operation.request?.body?.content ?? {});
  const body: MiddlewareHandler<AppEnv>[] = media.includes('application/json') ? [requireJson] : media.includes('text/csv') ? [requireCsv] : [];
  return createRoute({
    ...operation,
    ...('public' in access ? { security: [] } : {}),
    'x-access': access,
    middleware: [guard(access), ...body] as MiddlewareHandler<AppEnv>[],
  });
}

/** The access rule a declared route carries (undefined for a route declared some other way). */
export const accessOf = (route: object): Access | undefined => (route as { 'x-access'?: Access })['x-access'];

function guard(access: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if ('public' in access) return next();
    const identity = await c.var.authenticate();
    // This middleware belongs to the route, so the router's own params are its params.
    authorize(access, identity, c.req.method, c.req.param('providerId'));
    c.set('identity', identity);
    return next();
  };
}
