import type { APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ORIGIN_HEADER } from '#handlers/origin-check';
import { startTestDb, type TestDb } from '../support/dynalite';

const ORIGIN_SECRET = 'test-origin-secret';

/** An API Gateway HTTP API (payload 2.0, $default stage) event, as the Lambda receives it from CloudFront. */
function httpApiEvent(method: string, rawPath: string, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: { host: 'abc123.execute-api.eu-west-2.amazonaws.com', 'user-agent': 'vitest', [ORIGIN_HEADER]: ORIGIN_SECRET, ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-2.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '15/Jun/2026:10:00:00 +0000',
      timeEpoch: 1781517600000,
    },
    isBase64Encoded: false,
  };
}
const lambdaContext = { awsRequestId: 'req-1', functionName: 'api', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

let db: TestDb;
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResult>;
beforeAll(async () => {
  db = await startTestDb();
  Object.assign(process.env, {
    TABLE_NAME: db.tableName,
    DYNAMODB_ENDPOINT: db.endpoint, // tests only: points the handler's client at dynalite
    AWS_REGION: 'eu-west-2',
    USER_POOL_ID: 'eu-west-2_TEST',
    USER_POOL_CLIENT_IDS: 'test-client,test-scripts-client',
    ORIGIN_SECRET,
    POWERTOOLS_LOG_LEVEL: 'WARN',
  });
  ({ handler } = (await import('#handlers/api')) as unknown as { handler: typeof handler });
});
afterAll(() => db.stop());

test('the Lambda answers GET /api/health from an HTTP API v2 event, reading the table', async () => {
  const res = await handler(httpApiEvent('GET', '/api/health'), lambdaContext);
  expect(res.statusCode).toBe(200);
  expect(res.headers?.['content-type']).toMatch(/application\/json/);
  expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
});

test('the Lambda refuses a protected route without a token, as problem+json', async () => {
  const res = await handler(httpApiEvent('GET', '/api/localities'), lambdaContext);
  expect(res.statusCode).toBe(401);
  expect(res.headers?.['content-type']).toMatch(/application\/problem\+json/);
});

test('the Lambda has no local token route', async () => {
  const res = await handler(httpApiEvent('POST', '/auth/local/token', { 'content-type': 'application/json' }), lambdaContext);
  expect(res.statusCode).toBe(404);
});
