import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from '#api/app';
import type { Access } from '#api/route';
import type { AppEnv } from '#api/env';
import type { Clock } from '#domain';
import { ACUTE, CARE_HOME, USERS, hospitalReturn, problemOf, startApi, type Api } from '../api/harness';
import { tableContents } from './support';
import { createTestIssuer, type TestIssuer } from './tokens';

/**
 * Issue 11, item 6. The matrix is generated from the route declarations in the OpenAPI
 * document (each operation's `x-access`), so a route added tomorrow is in it without anyone
 * writing a line: every route x every kind of caller x own or other unit. What the answer must
 * be is worked out from the rule, not listed by hand; every refused request must leave the
 * table exactly as it was (a full Scan of dynalite before and after).
 */
let api: Api;
let issuer: TestIssuer;
let app: OpenAPIHono<AppEnv>;
const clock: Clock = { now: () => new Date('2026-06-15T10:00:00Z') };

beforeAll(async () => {
  api = await startApi();
  issuer = await createTestIssuer();
  app = createApp({ store: api.store, clock, verifyToken: issuer.verifyToken, logger: { info() {}, error() {} } });
  // A return to read on the day the read routes ask for.
  expect((await api.request(`/api/providers/${ACUTE}/returns/2026-06-14`, { method: 'PUT', as: 'admin', json: hospitalReturn() })).status).toBe(201);
});
afterAll(() => api.stop());

type Caller = 'anonymous' | 'no role' | 'admin' | 'leader' | 'provider';
const CALLERS: Caller[] = ['anonymous', 'no role', 'admin', 'leader', 'provider'];
/** The provider belongs to ACUTE only: "own" asks about ACUTE, "other" about CARE_HOME. */
const tokenFor = (caller: Caller) =>
  caller === 'anonymous'
    ? Promise.resolve(null)
    : caller === 'no role'
      ? issuer.sign('nobody-1', [])
      : caller === 'provider'
        ? issuer.sign(USERS.nurse.subject, ['provider'])
        : issuer.sign(USERS[caller].subject, [caller]);

interface Operation {
  method: string;
  path: string;
  access: Access;
}

async function declaredOperations(): Promise<Operation[]> {
  const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { 'x-access': Access }>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, access: op['x-access'] })));
}

/** The answer a rule gives: what access-control.ts must do, written from the rule's meaning. */
function expected(access: Access, caller: Caller, method: string, unit: 'own' | 'other' | null): 'allowed' | 401 | 403 {
  if ('public' in access) return 'allowed';
  if (caller === 'anonymous') return 401;
  if (caller === 'no role' || !access.roles.includes(caller)) return 403;
  if (!access.unit || caller === 'admin') return 'allowed';
  if (caller === 'leader') return method === 'GET' ? 'allowed' : 403;
  return unit === 'own' ? 'allowed' : 403;
}

let day = 0;
/** A fresh past date for each write, so an allowed write is a real one (not a conflict). */
const freshDate = () => `2026-05-${String(++day).padStart(2, '0')}`;

/** The write routes this file sends a valid body to; any other is still in the matrix, its body possibly refused after the rule. */
const WITH_BODIES = ['PUT /api/providers/{providerId}/returns/{date}', 'PUT /api/providers/{providerId}', 'PUT /api/settings/thresholds', 'POST /api/imports'];

/** A concrete request for an operation: ids, a date and a body its schema accepts. */
function requestFor(op: Operation, unit: string): { path: string; init: RequestInit } {
  const date = op.method === 'GET' ? '2026-06-14' : freshDate();
  // Any other id in a path (a user, a locality) names one that need not exist: the rule is decided before any look-up.
  const path = op.path.replace('{providerId}', unit).replace('{date}', date).replace(/\{\w+\}/g, 'someone-else');
  const json = (body: unknown): RequestInit => ({ body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  if (op.method === 'GET') return { path: path.endsWith('/returns') ? `${path}?from=2026-06-01&to=2026-06-14` : path, init: {} };
  if (op.path === '/api/providers/{providerId}/returns/{date}') return { path, init: json(hospitalReturn()) };
  if (op.path === '/api/providers/{providerId}')
    return {
      path,
      init: json({ name: 'A unit', organisation: 'An organisation', localityId: 'oxford', sector: 'acute', staffGroups: ['registered-nurse', 'healthcare-support-worker', 'medical'], reportingDays: 'every-day', activeFrom: '2025-01-01' }),
    };
  if (op.path === '/api/settings/thresholds') return { path, init: json({}) };
  if (op.path === '/api/imports')
    return {
      path,
      init: {
        body: `providerId,date,staffGroup,establishmentWte,inPostWte,vacancyWte,absentWte,plannedHours,filledPermanent,filledBank,filledAgency,pressureLevel\n${unit},${freshDate()},registered-nurse,10,9,1,0,100,90,5,5,2\n`,
        headers: { 'Content-Type': 'text/csv' },
      },
    };
  return { path, init: {} };
}

describe('authorization matrix, generated from the route declarations', () => {
  test('every declared route x caller x own or other unit gets the answer its rule gives, and a refusal writes nothing', async () => {
    const operations = await declaredOperations();
    expect(operations.length).toBeGreaterThan(15);
    const rows: string[] = [];
    let refused = 0;
    for (const op of operations) {
      const units = op.path.includes('{providerId}') ? (['own', 'other'] as const) : [null];
      for (const caller of CALLERS)
        for (const unit of units) {
          const { path, init } = requestFor(op, unit === 'other' ? CARE_HOME : ACUTE);
          const token = await tokenFor(caller);
          const headers = new Headers(init.headers);
          if (token) headers.set('Authorization', `Bearer ${token}`);
          const want = expected(op.access, caller, op.method, unit);
          const before = want === 'allowed' ? null : await tableContents(api.db);
          const res = await app.request(path, { ...init, method: op.method, headers });
          const label = `${op.method} ${op.path} as ${caller}${unit ? ` (${unit} unit)` : ''}`;
          rows.push(`${label}: ${res.status}`);
          if (want === 'allowed') {
            expect([401, 403], label).not.toContain(res.status);
            expect(res.status, label).toBeLessThan(500);
          } else {
            refused++;
            expect(res.status, label).toBe(want);
            await problemOf(res);
            if (want === 401) expect(res.headers.get('WWW-Authenticate'), label).toMatch(/^Bearer/);
            expect(await tableContents(api.db), `${label} changed the table`).toBe(before);
          }
        }
    }
    // Each write route really wrote for someone: the matrix is not passing on requests that never reach the handler.
    const written = new Set(rows.filter((r) => /^(PUT|POST) .* as admin.*: 2\d\d$/.test(r)).map((r) => r.split(' as ')[0]));
    expect([...written]).toEqual(expect.arrayContaining(WITH_BODIES));
    expect(refused).toBeGreaterThan(50);
  });
});

describe('tokens', () => {
  const path = '/api/localities';
  const call = (authorization: string | null) => app.request(path, { headers: authorization === null ? {} : { Authorization: authorization } });

  test.each<[string, 200 | 401 | 403, () => Promise<string | null>]>([
    ['no Authorization header', 401, async () => null],
    ['Basic credentials', 401, async () => 'Basic YWRtaW46YWRtaW4='],
    ['another scheme with a good token', 401, async () => `Token ${await issuer.sign('admin-1', ['admin'])}`],
    ['Bearer with nothing after it', 401, async () => 'Bearer '],
    ['two tokens', 401, async () => `Bearer ${await issuer.sign('admin-1', ['admin'])} ${await issuer.sign('admin-1', ['admin'])}`],
    ['an expired token', 401, async () => `Bearer ${await issuer.sign('admin-1', ['admin'], { expiresIn: -120 })}`],
    ['a token not valid until tomorrow', 401, async () => `Bearer ${await issuer.sign('admin-1', ['admin'], { notBefore: 86_400 })}`],
    ['another issuer', 401, async () => `Bearer ${await issuer.sign('admin-1', ['admin'], { claims: { iss: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_other' } })}`],
    ['another app client', 401, async () => `Bearer ${await issuer.sign('admin-1', ['admin'], { claims: { client_id: 'someone-elses-client' } })}`],
    ['an id token', 401, async () => `Bearer ${await issuer.sign('admin-1', ['admin'], { claims: { token_use: 'id', aud: 'dashboard-client' } })}`],
    ['no expiry', 401, async () => `Bearer ${await issuer.sign('admin-1', ['admin'], { claims: { exp: undefined } })}`],
    ['no subject', 401, async () => `Bearer ${await issuer.sign('', ['admin'], { claims: { sub: undefined } })}`],
    ['alg: none', 401, async () => `Bearer ${issuer.unsigned('admin-1', ['admin'])}`],
    ['HS256 signed with the public key', 401, async () => `Bearer ${await issuer.signHs256WithPublicKey('admin-1', ['admin'])}`],
    ['an unknown kid', 401, async () => `Bearer ${await issuer.sign('admin-1', ['admin'], { kid: 'rotated-away' })}`],
    ['a key the verifier does not know', 401, async () => `Bearer ${await issuer.foreign('admin-1', ['admin'])}`],
    ['a provider token whose groups were rewritten to admin', 401, async () => `Bearer ${issuer.tampered(await issuer.sign(USERS.nurse.subject, ['provider']), (p) => (p['cognito:groups'] = ['admin']))}`],
    ['a token whose subject was rewritten', 401, async () => `Bearer ${issuer.tampered(await issuer.sign('leader-1', ['leader']), (p) => (p.sub = 'admin-1'))}`],
    ['groups as a string, not a list', 403, async () => `Bearer ${await issuer.sign('admin-1', 'admin')}`],
    ['groups naming no role', 403, async () => `Bearer ${await issuer.sign('admin-1', ['Admins', 'ADMIN', 'admin '])}`],
    ['groups as a list', 200, async () => `Bearer ${await issuer.sign('admin-1', ['staff', 'admin'])}`],
    ['the scheme in lower case (RFC 9110: case-insensitive)', 200, async () => `bearer ${await issuer.sign('leader-1', ['leader'])}`],
  ])('%s: %i', async (_, status, header) => {
    const res = await call(await header());
    expect(res.status).toBe(status);
    if (status === 200) return;
    await problemOf(res);
    if (status === 401) expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer realm="api"/);
  });

  test('a provider token for a unit it was never given reads nothing of that unit, whatever the token claims', async () => {
    const token = await issuer.sign(USERS.nurse.subject, ['provider'], { claims: { providerIds: [CARE_HOME], 'custom:units': CARE_HOME } });
    const res = await app.request(`/api/providers/${CARE_HOME}/returns/2026-06-14`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
  });
});
