import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppDeps, Identity, Role } from '../deps';
import type { AppEnv } from '../env';
import { ProblemError } from '../problem';

/**
 * Who may call a route, carried on the route's own declaration (see route.ts).
 * `unit: true` means the route's :providerId must be one of the caller's units,
 * unless the caller is a leader (read) or admin.
 */
export type Access = { public: true } | { roles: readonly Role[]; unit?: boolean };

/** The route that will answer (not a middleware), as `METHOD /api/path/:param`, or null when none will. */
export function matchedRouteOf(c: Context): { key: string; path: string } | null {
  const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
  return route ? { key: `${route.method} ${route.path}`, path: route.path } : null;
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
  // One Query: who the person is (their name goes on what they submit) and the units they may touch.
  const { person, providerIds } = await deps.store.identityOf(verified.subject);
  // A disabled account's tokens stop working at once, not when they expire.
  if (person?.disabled) throw unauthenticated('This account has been disabled.', 'invalid_token');
  // The directory's role, read now, wins over the token's groups: a changed role applies at once.
  const roles = person ? [person.role] : verified.roles;
  return { subject: verified.subject, roles, providerIds: roles.includes('provider') ? providerIds : [], person };
}

export function authorize(rule: Exclude<Access, { public: true }>, identity: Identity, method: string, providerId: string | undefined) {
  if (!identity.roles.some((r) => rule.roles.includes(r))) throw forbidden('Your role may not use this route.');
  if (!rule.unit) return;
  if (identity.roles.includes('admin')) return;
  if (method === 'GET' && identity.roles.includes('leader')) return;
  if (providerId !== undefined && identity.providerIds.includes(providerId)) return;
  throw forbidden('You do not belong to this unit.');
}

/**
 * Gives every request its authenticator (used by the answering route's access rule), and
 * refuses a route that was not declared with one: a handler added with plain `app.get`
 * never runs, even for an admin. `declared` answers `METHOD /path/:param` keys.
 */
export function accessControl(deps: AppDeps, declared: () => ReadonlySet<string>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const route = matchedRouteOf(c);
    if (route && !declared().has(route.key)) throw forbidden('This route has no access rule.');
    c.set('authenticate', () => authenticate(c, deps));
    return next();
  };
}
