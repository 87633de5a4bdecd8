import type { MiddlewareHandler } from 'hono';
import type { AppLogger } from '../deps';
import type { AppEnv } from '../env';
import { matchedRouteOf } from '../auth/access-control';

/**
 * One JSON log line per request, under the request id that hono/request-id took from the
 * caller's X-Request-Id (when it is a plain token) or made. Only method, route, path, status
 * and time are logged: never headers, so never the Authorization header or a token.
 */
export function requestLog(logger: AppLogger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: matchedRouteOf(c)?.path ?? null,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  };
}
