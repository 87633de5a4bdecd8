import { Logger } from '@aws-lambda-powertools/logger';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { StoreUnavailableError } from '#store/types';
import { accessControl } from './auth/access-control';
import type { AppDeps, AppLogger } from './deps';
import type { AppEnv } from './env';
import { requestLog } from './middleware/request-log';
import { openApiDocs, openApiDocument } from './openapi';
import { ProblemError } from './problem';
import { problemResponse, titleOf } from './problem-response';
import type { RouteDoc } from './route-doc';
import { healthDocs, healthRoutes } from './routes/health';
import { importDocs, importRoutes } from './routes/imports';
import { registerDocs, registerRoutes } from './routes/register';
import { returnDocs, returnRoutes } from './routes/returns';
import { settingsDocs, settingsRoutes } from './routes/settings';
import { systemDocs, systemRoutes } from './routes/system';

export const MAX_BODY_BYTES = 256 * 1024;

/** Every route's doc: the OpenAPI document, and the test that no route goes undescribed. */
export const ROUTE_DOCS: RouteDoc[] = [...healthDocs, ...openApiDocs, ...registerDocs, ...returnDocs, ...importDocs, ...systemDocs, ...settingsDocs];

/**
 * The whole HTTP API, the same in Lambda and on a laptop: only the dependencies differ.
 * Middleware: request id and log line, body limit, then access control (ACCESS) for every route.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const logger: AppLogger = deps.logger ?? new Logger({ serviceName: 'staffing-api' });
  const app = new Hono<AppEnv>();

  app.use('*', requestLog(logger));
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ProblemError(413, titleOf(413), `A body may be at most ${MAX_BODY_BYTES / 1024} KiB.`, [
          { path: '(body)', message: `over ${MAX_BODY_BYTES / 1024} KiB` },
        ]);
      },
    }),
  );
  app.use('*', accessControl(deps));

  app.route('/api/health', healthRoutes(deps));
  const document = openApiDocument(ROUTE_DOCS);
  app.get('/api/openapi.json', (c) => c.json(document));
  app.route('/api', registerRoutes(deps));
  app.route('/api/providers', returnRoutes(deps));
  app.route('/api/imports', importRoutes(deps));
  app.route('/api/settings', settingsRoutes(deps));
  app.route('/api/system', systemRoutes(deps));

  app.notFound((c) =>
    problemResponse(c, new ProblemError(404, titleOf(404), `There is no ${c.req.method} ${c.req.path}.`, [{ path: '(url)', message: 'no such route' }])),
  );

  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(c, error);
    if (error instanceof StoreUnavailableError) {
      logger.error('store unavailable', { requestId: c.get('requestId'), error });
      return problemResponse(
        c,
        new ProblemError(503, titleOf(503), 'The database is not available at the moment; try again shortly.', [], {}, { 'Retry-After': '5' }),
      );
    }
    if (error instanceof HTTPException && error.status < 500)
      return problemResponse(c, new ProblemError(error.status, titleOf(error.status), error.message || titleOf(error.status)));
    logger.error('unhandled error', { requestId: c.get('requestId'), error });
    return problemResponse(c, new ProblemError(500, titleOf(500), 'Something went wrong on our side; it has been logged.'));
  });

  return app;
}
