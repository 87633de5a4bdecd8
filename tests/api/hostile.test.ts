import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ACUTE, hospitalReturn, pathsOf, problemOf, startApi, type Api, type User } from './harness';

/** Requests no honest client sends: each gets a clear 4xx naming what is wrong, and nothing is written. */
let api: Api;
beforeAll(async () => {
  api = await startApi(); // today is 2026-06-15 in the UK
});
afterAll(() => api.stop());

const errorsLogged = () => api.logs.filter((l) => l.level === 'error').length;

describe('ids are checked before any look-up', () => {
  const long = 'a'.repeat(2000);
  test.each<[string, string, RequestInit & { json?: unknown }, User]>([
    ['a leader reads a unit', `/api/providers/${long}`, {}, 'leader'],
    ['an admin reads a return', `/api/providers/${long}/returns/2026-06-01`, {}, 'admin'],
    ['an admin submits a return', `/api/providers/${long}/returns/2026-06-01`, { method: 'PUT', json: hospitalReturn() }, 'admin'],
    ['an admin lists versions', `/api/providers/${long}/returns/2026-06-01/versions`, {}, 'admin'],
    ['an admin creates a unit', `/api/providers/${long}`, { method: 'PUT', json: {} }, 'admin'],
    ['a leader drills into a unit', `/api/system/day-returns?provider=${long}`, {}, 'leader'],
    ['an encoded new line in an id', '/api/providers/jr%0Ahospital', {}, 'leader'],
    ['an encoded slash in an id', '/api/providers/..%2F..%2Fetc', {}, 'leader'],
  ])('%s with an id that cannot exist: 400 naming the id, no database error', async (_, path, init, as) => {
    const before = errorsLogged();
    const res = await api.request(path, { ...init, as });
    expect(res.status).toBe(400);
    expect(pathsOf(await problemOf(res))[0]).toMatch(/providerId|query.provider/);
    expect(errorsLogged()).toBe(before);
  });

  test('a provider is refused another (or an impossible) unit before the id is even read: 403', async () => {
    const res = await api.request(`/api/providers/${long}/returns/2026-06-01`, { method: 'PUT', as: 'nurse', json: hospitalReturn() });
    expect(res.status).toBe(403);
  });
});

describe('free text', () => {
  test.each([
    ['a NUL', 'Short\u0000staffed'],
    ['a right-to-left override', 'Ward 5 \u202eok'],
    ['a lone surrogate', 'Ward \ud83d 5'],
  ])('a note with %s is a 422 naming pressure.note, and nothing is written', async (_, note) => {
    const res = await api.request(`/api/providers/${ACUTE}/returns/2026-06-01`, {
      method: 'PUT',
      as: 'nurse',
      json: { ...hospitalReturn(), pressure: { level: 2, note } },
    });
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(pathsOf(problem)).toEqual(['pressure.note']);
    expect(problem.errors[0].message).toMatch(/character/);
    expect(await api.store.currentReturn(ACUTE, '2026-06-01')).toBeNull();
  });

  test('a unit name with a control character is a 422 naming it', async () => {
    const unit = { name: 'Evil\u001b[2J', organisation: 'Org', localityId: 'oxford', sector: 'acute', staffGroups: ['medical'], reportingDays: 'every-day', activeFrom: '2026-01-01' };
    const res = await api.request('/api/providers/evil-unit', { method: 'PUT', as: 'admin', json: unit });
    expect(res.status).toBe(422);
    expect(pathsOf(await problemOf(res))).toEqual(['name']);
    expect(await api.store.getProvider('evil-unit')).toBeNull();
  });
});

describe('query parameters', () => {
  test.each([
    ['/api/system/summary?date=2026-06-01&date=2026-06-02', 'query.date'],
    ['/api/system/heatmap?measure=fill-rate&measure=vacancy-rate', 'query.measure'],
    [`/api/providers/${ACUTE}/returns?from=2026-06-01&from=2026-05-01&to=2026-06-02`, 'query.from'],
  ])('a parameter given twice is a 400 naming it: %s', async (path, named) => {
    const res = await api.request(path, { as: 'leader' });
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(pathsOf(problem)).toEqual([named]);
    expect(problem.errors[0].message).toMatch(/more than once/);
  });
});

describe('methods', () => {
  test.each([
    ['DELETE', `/api/providers/${ACUTE}/returns/2026-06-01`, ['GET', 'PUT']],
    ['POST', '/api/health', ['GET']],
    ['PATCH', '/api/settings/thresholds', ['GET', 'PUT']],
  ])('%s on %s is a 405 with Allow', async (method, path, allowed) => {
    const res = await api.request(path, { method, as: 'admin' });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')?.split(', ').sort()).toEqual(allowed);
    expect(pathsOf(await problemOf(res))).toEqual(['(method)']);
  });

  test('an unknown path is still a 404', async () => {
    expect((await api.request('/api/providers/x/holidays', { method: 'DELETE', as: 'admin' })).status).toBe(404);
  });
});
