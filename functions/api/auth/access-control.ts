import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { ACCESS, type AccessRule } from '../access';
import type { AppDeps, Identity } from '../deps';
import type { AppEnv } from '../env';
import { ProblemError } from '../problem';

/** The route that will answer (not a middleware), as `METHOD /api/path/:param`, or null when none will. */
export function matchedRouteOf(c: Context): { key: string; path: string } | null {
  const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
  return route ? { key: `${route.method} ${route.path}`, path: route.path } : null;
}

/** A path parameter of the answering route, read from the URL (a middleware sees only its own params). */
function pathParam(pattern: string, path: string, name: string): string | undefined {
  const at = pattern.split('/').indexOf(`:${name}`);
  const segment = at < 0 ? undefined : path.split('/')[at];
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const unauthenticated = (detail: string, error?: string) =>
  new ProblemError(401, 'Not authenticated', detail, [{ path: 'Authorization', message: detail }], {}, {
    'WWW-Authenticate': error ? `Bearer realm="api", error="${error}"` : 'Bearer realm="api"',
  });
const forbidden = (detail: string) => new ProblemError(403, 'Not allowed', detail, [{ path: '(request)', message: detail }]);

async function authenticate(c: Context, deps: AppDeps): Promise<Identity> {
  const header = c.req.header('Authorization');
  if (!header) throw unauthenticated('A bearer token is required.');
  const token = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(header)?.[1];
  if (!token) throw unauthenticated('The Authorization header must be "Bearer <token>".', 'invalid_request');
  let verified: Awaited<ReturnType<AppDeps['verifyToken']>>;
  try {
    verified = await deps.verifyToken(token);
  } catch {
    // Why it failed (expired, wrong issuer…) is not the caller's business, nor the log's.
    throw unauthenticated('The token is not valid.', 'invalid_token');
  }
  const providerIds = verified.roles.includes('provider') ? await deps.store.unitsOf(verified.subject) : [];
  return { subject: verified.subject, roles: verified.roles, providerIds };
}

function authorize(rule: Exclude<AccessRule, { public: true }>, identity: Identity, method: string, providerId: string | undefined) {
  if (!identity.roles.some((r) => rule.roles.includes(r))) throw forbidden('Your role may not use this route.');
  if (!rule.unit) return;
  if (identity.roles.includes('admin')) return;
  if (method === 'GET' && identity.roles.includes('leader')) return;
  if (providerId !== undefined && identity.providerIds.includes(providerId)) return;
  throw forbidden('You do not belong to this unit.');
}

/**
 * Authentication and authorization for every route, decided here and nowhere else:
 * the answering route's ACCESS rule, then the bearer token, then the role, then the unit.
 * A route without a rule is refused.
 */
export function accessControl(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const route = matchedRouteOf(c);
    if (!route) return next();
    const rule = ACCESS[route.key];
    if (!rule) throw forbidden('This route has no access rule.');
    if ('public' in rule) return next();
    const identity = await authenticate(c, deps);
    authorize(rule, identity, route.key.split(' ')[0], pathParam(route.path, c.req.path, 'providerId'));
    c.set('identity', identity);
    return next();
  };
}
