import type { MiddlewareHandler } from 'hono';
import type { AppLogger } from '../deps';
import type { AppEnv } from '../env';
import { matchedRouteOf } from '../auth/access-control';

const SAFE_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * A correlation id per request (the caller's X-Request-Id when it is a plain token) and one
 * JSON log line per request. Only method, route, path, status and time are logged: never
 * headers, so never the Authorization header or a token.
 */
export function requestLog(logger: AppLogger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const given = c.req.header('X-Request-Id');
    const requestId = given && SAFE_ID.test(given) ? given : crypto.randomUUID();
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    logger.info('request', {
      requestId,
      method: c.req.method,
      route: matchedRouteOf(c)?.path ?? null,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  };
}
