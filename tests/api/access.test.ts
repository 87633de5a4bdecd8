import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SignJWT, generateKeyPair } from 'jose';
import { createApp } from '#api/app';
import { declaredRoutes } from '#api/openapi';
import { systemClock } from '#domain';
import { createLocalIssuer } from '#local/issuer';
import { ACUTE, CARE_HOME, careHomeReturn, hospitalReturn, pathsOf, problemOf, startApi, type Api } from './harness';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.stop());

const appOf = () => createApp({ store: api.store, clock: systemClock, verifyToken: async () => ({ subject: 'x', roles: [] }) });
/** Every route the app serves, as `METHOD /api/path/:param`. */
function servedRoutes() {
  return [...new Set(appOf().routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
}
/** `METHOD /api/path/:param` as the document writes it: `get /api/path/{param}`. */
const accessKeyOf = ({ method, path }: { method: string; path: string }) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
/** The routes whose declaration makes them public. */
async function publicRoutes() {
  const doc = (await (await api.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { 'x-access': object }>> };
  return new Set(
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) => ('public' in op['x-access'] ? [accessKeyOf({ method, path })] : [])),
    ),
  );
}
const concrete = (path: string) => path.replace(':providerId', ACUTE).replace(':date', '2026-06-14');

describe('every route is declared with its access rule', () => {
  test('every route the app serves has an access rule and is described in the OpenAPI document', async () => {
    const doc = (await (await api.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { 'x-access'?: unknown }>> };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: accessKeyOf({ method, path }), op })));
    const documented = new Set(operations.map((o) => o.key));
    const routes = servedRoutes();
    const declared = declaredRoutes(appOf());
    expect(routes.length).toBe(declared.size);
    expect(routes.filter((r) => !declared.has(r))).toEqual([]);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
    expect(operations.filter((o) => o.op['x-access'] === undefined).map((o) => o.key)).toEqual([]);
  });

  test('a route added without a rule is refused, even with a valid admin token', async () => {
    const issuer = await createLocalIssuer();
    const app = createApp({ store: api.store, clock: systemClock, verifyToken: issuer.verifyToken, logger: { info() {}, error() {} } });
    app.get('/api/secret', (c) => c.json({ secret: true }));
    const res = await app.request('/api/secret', {
      headers: { Authorization: `Bearer ${await issuer.signToken({ subject: 'a', roles: ['admin'] })}` },
    });
    expect(res.status).toBe(403);
    await problemOf(res);
  });
});

describe('authentication', () => {
  test('every non-public route answers 401 with WWW-Authenticate: Bearer when no token is sent', async () => {
    const open = await publicRoutes();
    const guarded = servedRoutes().filter((r) => !open.has(r));
    expect(guarded.length).toBeGreaterThan(10);
    for (const route of guarded) {
      const [method, path] = route.split(' ');
      const res = await api.request(concrete(path), { method, ...(method === 'GET' ? {} : { json: hospitalReturn() }) });
      expect(res.status, route).toBe(401);
      expect(res.headers.get('WWW-Authenticate'), route).toMatch(/^Bearer/);
      expect(pathsOf(await problemOf(res))).toEqual(['Authorization']);
    }
  });

  test('public routes need no token', async () => {
    expect((await api.request('/api/health')).status).toBe(200);
    expect((await api.request('/api/openapi.json')).status).toBe(200);
  });

  test('a forged, expired, foreign or malformed token is a 401 and the log never holds it', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ token_use: 'access', client_id: 'local-dashboard', 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('http://localhost/local-issuer')
      .setSubject('mallory')
      .setExpirationTime('1h')
      .sign(privateKey);
    const other = await createLocalIssuer();
    const foreign = await other.signToken({ subject: 'admin-1', roles: ['admin'] });
    const issuer = await createLocalIssuer();
    const expired = await issuer.signToken({ subject: 'admin-1', roles: ['admin'] }, -60);
    for (const header of [`Bearer ${forged}`, `Bearer ${foreign}`, `Bearer ${expired}`, 'Bearer not.a.jwt', 'Basic YWRtaW46YWRtaW4=']) {
      const res = await api.request('/api/localities', { headers: { Authorization: header } });
      expect(res.status, header).toBe(401);
      expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
      await problemOf(res);
    }
    const good = await api.token('admin');
    expect((await api.request('/api/localities', { headers: { Authorization: `Bearer ${good}` } })).status).toBe(200);
    const logged = JSON.stringify(api.logs);
    for (const token of [forged, foreign, expired, good]) expect(logged).not.toContain(token.split('.')[2]);
    expect(logged).not.toMatch(/Bearer/);
  });

  test('a valid token whose groups name no role is a 403', async () => {
    const issuer = await createLocalIssuer();
    const app = createApp({ store: api.store, clock: systemClock, verifyToken: issuer.verifyToken, logger: { info() {}, error() {} } });
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('x'.repeat(32)));
    // An HS256 token signed with a guessable secret must not pass for any issuer.
    expect((await app.request('/api/localities', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
    const noRoles = await issuer.signToken({ subject: 'someone', roles: ['Admins' as never, 'ADMIN' as never] });
    const res = await app.request('/api/localities', { headers: { Authorization: `Bearer ${noRoles}` } });
    expect(res.status).toBe(403);
    await problemOf(res);
  });
});

describe('authorization', () => {
  /** What the table holds for both units, read straight from the store. */
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all(
        [ACUTE, CARE_HOME].map(async (id) => ({
          provider: await api.store.getProvider(id),
          returns: await api.store.returnsInRange(id, '2026-01-01', '2026-12-31'),
          versions: await api.store.versions(id, '2026-06-14'),
        })),
      ),
    );

  test('a provider can neither read nor write another unit, and the table is unchanged', async () => {
    const own = await api.request(`/api/providers/${CARE_HOME}/returns/2026-06-14`, { method: 'PUT', as: 'carer', json: careHomeReturn() });
    expect(own.status).toBe(201);
    const before = await snapshot();
    const attempts: [string, RequestInit & { json?: unknown }][] = [
      [`/api/providers/${CARE_HOME}/returns/2026-06-14`, { method: 'PUT', json: careHomeReturn(20) }],
      [`/api/providers/${CARE_HOME}/returns/2026-06-14`, { method: 'PUT', json: careHomeReturn(20), headers: { 'If-Match': '"1"' } }],
      [`/api/providers/${CARE_HOME}/returns/2026-06-13`, { method: 'PUT', json: careHomeReturn(20) }],
      [`/api/providers/${CARE_HOME}/returns/2026-06-14/unchanged`, { method: 'POST' }],
      [`/api/providers/${CARE_HOME}/returns/2026-06-14`, {}],
      [`/api/providers/${CARE_HOME}/returns/2026-06-14/versions`, {}],
      [`/api/providers/${CARE_HOME}/returns?from=2026-06-01&to=2026-06-14`, {}],
      [`/api/providers/${CARE_HOME}`, {}],
      [`/api/providers/${ACUTE}`, { method: 'PUT', json: {} }],
      ['/api/settings/thresholds', { method: 'PUT', json: {} }],
    ];
    for (const [path, init] of attempts) {
      const res = await api.request(path, { ...init, as: 'nurse' });
      expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(403);
      await problemOf(res);
    }
    expect(await snapshot()).toBe(before);
  });

  test("a provider's unit list holds only its own units", async () => {
    const res = await api.request('/api/providers', { as: 'nurse' });
    expect(((await res.json()) as { providerId: string }[]).map((p) => p.providerId)).toEqual([ACUTE]);
    const all = await api.request('/api/providers', { as: 'leader' });
    expect(((await all.json()) as unknown[]).length).toBe(2);
  });

  test('a leader reads any return but cannot submit one; an admin can', async () => {
    const before = await snapshot();
    const leaderPut = await api.request(`/api/providers/${ACUTE}/returns/2026-06-14`, { method: 'PUT', as: 'leader', json: hospitalReturn() });
    expect(leaderPut.status).toBe(403);
    await problemOf(leaderPut);
    expect(await snapshot()).toBe(before);

    const adminPut = await api.request(`/api/providers/${ACUTE}/returns/2026-06-14`, { method: 'PUT', as: 'admin', json: hospitalReturn() });
    expect(adminPut.status).toBe(201);
    const leaderGet = await api.request(`/api/providers/${ACUTE}/returns/2026-06-14`, { as: 'leader' });
    expect(leaderGet.status).toBe(200);
    expect(((await leaderGet.json()) as { submittedBy: string }).submittedBy).toBe('admin-1');
  });

  test('the membership is read from the server, so a removed member loses access at once', async () => {
    const path = `/api/providers/${ACUTE}/returns/2026-06-14`;
    expect((await api.request(path, { as: 'nurse' })).status).toBe(200);
    await api.store.setUnitsOf('provider-jr', []);
    try {
      expect((await api.request(path, { as: 'nurse' })).status).toBe(403);
    } finally {
      await api.store.setUnitsOf('provider-jr', [ACUTE]);
    }
  });
});
