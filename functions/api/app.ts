import { Logger } from '@aws-lambda-powertools/logger';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { ConcurrentChangeError, StoreUnavailableError } from '#store/types';
import { accessControl } from './auth/access-control';
import type { AppDeps, AppLogger } from './deps';
import type { AppEnv } from './env';
import { requestLog } from './middleware/request-log';
import { declaredRoutes, getOpenApi, openApiDocument } from './openapi';
import { ProblemError } from './problem';
import { problemResponse, titleOf } from './problem-response';
import { auditRoutes } from './routes/audit';
import { comparisonRoutes } from './routes/comparison';
import { healthRoutes } from './routes/health';
import { importRoutes } from './routes/imports';
import { meRoutes } from './routes/me';
import { localityRoutes } from './routes/localities';
import { registerRoutes } from './routes/register';
import { registerImportRoutes } from './routes/register-import';
import { returnRoutes } from './routes/returns';
import { settingsRoutes } from './routes/settings';
import { systemRoutes } from './routes/system';
import { userRoutes } from './routes/users';
import { validationHook } from './validation';

export const MAX_BODY_BYTES = 256 * 1024;
/** Well under the 6 MB a Lambda can be sent: some 60,000 import rows. */
export const MAX_CSV_BYTES = 4 * 1024 * 1024;

/** The methods the app answers on a path: for a 405's Allow header when the method is wrong. */
function allowedMethods(app: OpenAPIHono<AppEnv>): (path: string) => string[] {
  const routes = app.routes
    .filter((r) => r.method !== 'ALL')
    .map((r) => ({ method: r.method, pattern: new RegExp(`^${r.path.replace(/:\w+/g, '[^/]+')}$`) }));
  return (path) => [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
}

/** API Gateway's own request id, when the app runs in Lambda (hono/aws-lambda passes the event as env). */
const gatewayRequestId = (env: unknown): string | undefined =>
  (env as { event?: { requestContext?: { requestId?: string } } } | undefined)?.event?.requestContext?.requestId;

const isCsv = (type: string | undefined) => (type ?? '').split(';')[0].trim().toLowerCase() === 'text/csv';
const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`);
const sizeLimit = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ProblemError(413, titleOf(413), `A body may be at most ${sizeText(maxSize)}.`, [{ path: '(body)', message: `over ${sizeText(maxSize)}` }]);
    },
  });

/**
 * The whole HTTP API, the same in Lambda and on a laptop: only the dependencies differ.
 * Each resource is a sub-app of routes declared once (route.ts): path, schemas, OpenAPI
 * entry and access rule. Middleware for every request: request id and log line, body limit,
 * then access control, which refuses any route not declared with a rule.
 */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const logger: AppLogger = deps.logger ?? new Logger({ serviceName: 'staffing-api' });
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  let declared: Set<string> | undefined;
  let document: ReturnType<typeof openApiDocument> | undefined;
  let allowed: ((path: string) => string[]) | undefined;

  app.use('*', requestId({ limitLength: 100, generator: (c) => gatewayRequestId(c.env) ?? crypto.randomUUID() }));
  app.use('*', requestLog(logger));
  // CSV imports (one row per unit x date x staff group) run to thousands of rows; every other body is small.
  // A route that takes no CSV refuses a text/csv body (415) without reading it.
  const jsonLimit = sizeLimit(MAX_BODY_BYTES);
  const csvLimit = sizeLimit(MAX_CSV_BYTES);
  app.use('*', (c, next) => (isCsv(c.req.header('Content-Type')) ? csvLimit : jsonLimit)(c, next));
  app.use(
    '*',
    accessControl(deps, () => (declared ??= declaredRoutes(app))),
  );

  app.route('/', healthRoutes(deps));
  app.openapi(getOpenApi, (c) => c.json((document ??= openApiDocument(app)), 200));
  app.route('/', meRoutes(deps));
  app.route('/', registerRoutes(deps));
  app.route('/', localityRoutes(deps));
  app.route('/', registerImportRoutes(deps));
  app.route('/', returnRoutes(deps));
  app.route('/', comparisonRoutes(deps));
  app.route('/', importRoutes(deps));
  app.route('/', settingsRoutes(deps));
  app.route('/', systemRoutes(deps));
  app.route('/', auditRoutes(deps));
  app.route('/', userRoutes(deps));

  app.notFound((c) => {
    const allow = (allowed ??= allowedMethods(app))(c.req.path);
    if (allow.length > 0)
      return problemResponse(
        c,
        new ProblemError(405, titleOf(405), `${c.req.path} does not take ${c.req.method}; it takes ${allow.join(', ')}.`, [{ path: '(method)', message: `use ${allow.join(' or ')}` }], {}, { Allow: allow.join(', ') }),
      );
    return problemResponse(c, new ProblemError(404, titleOf(404), `There is no ${c.req.method} ${c.req.path}.`, [{ path: '(url)', message: 'no such route' }]));
  });

  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(c, error);
    if (error instanceof StoreUnavailableError) {
      (c.var.log ?? logger).error('store unavailable', { error });
      return problemResponse(
        c,
        new ProblemError(503, titleOf(503), 'The database is not available at the moment; try again shortly.', [], {}, { 'Retry-After': '5' }),
      );
    }
    if (error instanceof ConcurrentChangeError)
      return problemResponse(c, new ProblemError(409, titleOf(409), 'Someone else changed this a moment ago, so nothing was saved. Look again and make your change once more.'));
    if (error instanceof HTTPException && error.status < 500)
      return problemResponse(c, new ProblemError(error.status, titleOf(error.status), error.message || titleOf(error.status)));
    (c.var.log ?? logger).error('unhandled error', { error });
    return problemResponse(c, new ProblemError(500, titleOf(500), 'Something went wrong on our side; it has been logged.'));
  });

  return app;
}
