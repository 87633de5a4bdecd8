import type { MiddlewareHandler } from 'hono';
import type { AppLogger } from '../deps';
import type { AppEnv } from '../env';
import { matchedRouteOf } from '../auth/access-control';
import { loggerFor } from '../logging';

/**
 * Gives the request its logger, carrying the request id that hono/request-id took from the
 * caller's X-Request-Id (when it is a plain token), API Gateway's, or made; then writes one
 * log line per request. Only method, route, path, status and time are logged: never headers,
 * so never the Authorization header or a token.
 */
export function requestLog(logger: AppLogger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const log = loggerFor(logger, { requestId: c.get('requestId') });
    c.set('log', log);
    await next();
    log.info('request', {
      method: c.req.method,
      route: matchedRouteOf(c)?.path ?? null,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  };
}
