import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDb, type TestDb } from '../support/dynalite';
import { ORIGIN_HEADER } from '#handlers/origin-check';
import { assetDirOf, synthesize, type Synthesized } from './synth';

const run = promisify(execFile);

let s: Synthesized;
let db: TestDb;
beforeAll(async () => {
  s = synthesize();
  db = await startTestDb();
});
afterAll(async () => {
  await db?.stop();
});

/** An API Gateway HTTP API (payload 2.0) event as the stack's routes produce it. */
function httpApiEvent(method: string, path: string, routeKey: string, headers: Record<string, string> = {}) {
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { accept: 'application/json', host: 'abc123.execute-api.eu-west-2.amazonaws.com', 'user-agent': 'infra-test', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-2.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'infra-test' },
      requestId: `req-${now.getTime()}`,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
}

/**
 * Invokes a bundle in a plain Node process, as Lambda would: its own ESM module from the
 * cloud assembly (outside the repository, so nothing can come from node_modules), with the
 * environment the stack sets plus DYNAMODB_ENDPOINT pointing at dynalite.
 */
async function invoke(assetDir: string, event: unknown, env: Record<string, string> = {}): Promise<any> {
  const entry = pathToFileURL(join(assetDir, 'index.mjs')).href;
  const script = `const { handler } = await import(${JSON.stringify(entry)});
const context = { awsRequestId: 'infra-test', functionName: 'staffing-test', getRemainingTimeInMillis: () => 10000 };
const result = await handler(${JSON.stringify(event)}, context);
process.stdout.write('\\nRESULT ' + JSON.stringify(result) + '\\n');`;
  const { stdout } = await run(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
    cwd: assetDir,
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      TABLE_NAME: db.tableName,
      DYNAMODB_ENDPOINT: db.endpoint,
      ...env,
    },
  });
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`no result from the bundle:\n${stdout}`);
  return JSON.parse(line.slice('RESULT '.length));
}

const ORIGIN_SECRET = 'test-origin-secret-0123456789abcdefghijklmnopqrstuv';
/** What the stack sets on the API function (the secret resolved by CloudFormation at deploy time). */
const apiEnv = { USER_POOL_ID: 'eu-west-2_TestPool1', USER_POOL_CLIENT_IDS: 'dashboard-client-id,scripts-client-id', ORIGIN_SECRET };
/** What CloudFront adds to every request it forwards to the API. */
const viaCloudFront = { [ORIGIN_HEADER]: ORIGIN_SECRET };

describe('the bundled API function', () => {
  it('is a self-contained ESM bundle with its source map', () => {
    const dir = assetDirOf(s, 'ApiFunction');
    expect(existsSync(join(dir, 'index.mjs'))).toBe(true);
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
  });

  it('answers GET /api/health through CloudFront with 200 {status: ok} from the table', async () => {
    const res = await invoke(assetDirOf(s, 'ApiFunction'), httpApiEvent('GET', '/api/health', 'GET /api/health', viaCloudFront), apiEnv);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
  });

  it.each([
    ['without the origin header (called at its execute-api address)', {}],
    ['with a wrong origin header', { [ORIGIN_HEADER]: 'guessed' }],
    ['with the secret one character short', { [ORIGIN_HEADER]: ORIGIN_SECRET.slice(0, -1) }],
  ])('refuses a request %s with a 403 problem naming the address at fault', async (_, headers) => {
    const res = await invoke(assetDirOf(s, 'ApiFunction'), httpApiEvent('GET', '/api/health', 'GET /api/health', headers), apiEnv);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body)).toMatchObject({ status: 403, title: 'Not allowed', errors: [{ path: '(url)', message: 'not the dashboard address' }] });
  });

  it('still refuses a protected route without a token, behind API Gateway’s own check', async () => {
    const res = await invoke(assetDirOf(s, 'ApiFunction'), httpApiEvent('GET', '/api/localities', 'ANY /api/{proxy+}', viaCloudFront), apiEnv);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 401, not 500, to a bearer token that is not a JWT at all', async () => {
    const headers = { ...viaCloudFront, authorization: 'Bearer not-a-jwt' };
    const res = await invoke(assetDirOf(s, 'ApiFunction'), httpApiEvent('GET', '/api/localities', 'ANY /api/{proxy+}', headers), apiEnv);
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ status: 401 });
  });

  it('will not start without its origin secret, rather than serve unguarded', async () => {
    const { ORIGIN_SECRET: _, ...withoutSecret } = apiEnv;
    await expect(invoke(assetDirOf(s, 'ApiFunction'), httpApiEvent('GET', '/api/health', 'GET /api/health', viaCloudFront), withoutSecret)).rejects.toThrow(
      /ORIGIN_SECRET is not set/,
    );
  });
});

describe('the bundled reconcile function', () => {
  it('runs against the table and reports what it repaired', async () => {
    const res = await invoke(assetDirOf(s, 'ReconcileFunction'), { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
    expect(res).toEqual({ repaired: 0, rolledUp: 0, peersGathered: 0 });
  });
});
