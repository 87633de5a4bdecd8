import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { StoreUnavailableError, type Store } from '#store/types';
import { ACUTE, hospitalReturn, problemOf, startApi, type Api } from './harness';

/**
 * Fault injection around the real store: the methods named in `failing` throw what
 * `fault` makes, everything else reaches dynalite.
 */
const failing = new Set<keyof Store>();
let fault: () => Error = () => new StoreUnavailableError(new Error('connect ECONNREFUSED'));
const faulty = (store: Store): Store =>
  new Proxy(store, {
    get(target, name, receiver) {
      const real = Reflect.get(target, name, receiver);
      if (typeof real !== 'function') return real;
      return (...args: unknown[]) => {
        if (failing.has(name as keyof Store)) return Promise.reject(fault());
        return real.apply(target, args);
      };
    },
  });

let api: Api;
beforeAll(async () => {
  api = await startApi({ wrapStore: faulty });
});
afterAll(() => api.stop());
beforeEach(() => {
  failing.clear();
  fault = () => new StoreUnavailableError(new Error('connect ECONNREFUSED 127.0.0.1:8000'));
});

const expectNoInternals = (text: string) => {
  expect(text).not.toMatch(/ECONNREFUSED|\bat .*\.ts:\d+|stack|TypeError/);
};

describe('when the database is unavailable', () => {
  test('a write answers 503 with Retry-After, as problem+json without internals', async () => {
    failing.add('currentWithHistory');
    const res = await api.request(`/api/providers/${ACUTE}/returns/2026-06-01`, { method: 'PUT', as: 'nurse', json: hospitalReturn() });
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('5');
    const text = await res.clone().text();
    expectNoInternals(text);
    const problem = await problemOf(res);
    expect(problem).toMatchObject({ status: 503, errors: [] });
    expect(api.logs.some((l) => l.level === 'error' && l.message === 'store unavailable')).toBe(true);
  });

  test('even authentication, which reads the caller\'s profile and memberships, answers 503 rather than 401 or 500', async () => {
    failing.add('identityOf');
    const res = await api.request(`/api/providers/${ACUTE}/returns/2026-06-01`, { as: 'nurse' });
    expect(res.status).toBe(503);
    await problemOf(res);
  });

  test('health answers 503 when the table cannot be reached', async () => {
    failing.add('ping');
    const res = await api.request('/api/health');
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('5');
    await problemOf(res);
  });

  test('the same request succeeds once the database is back', async () => {
    failing.add('saveVersion');
    const path = `/api/providers/${ACUTE}/returns/2026-06-02`;
    expect((await api.request(path, { method: 'PUT', as: 'nurse', json: hospitalReturn() })).status).toBe(503);
    failing.clear();
    expect((await api.request(path, { method: 'PUT', as: 'nurse', json: hospitalReturn() })).status).toBe(201);
  });
});

describe('an unexpected failure', () => {
  test('is a 500 problem with no stack trace in the body, and is logged', async () => {
    fault = () => new TypeError("Cannot read properties of undefined (reading 'staffing')");
    failing.add('getProvider');
    const res = await api.request(`/api/providers/${ACUTE}`, { as: 'leader' });
    expect(res.status).toBe(500);
    expectNoInternals(await res.clone().text());
    expect((await problemOf(res)).status).toBe(500);
    expect(api.logs.some((l) => l.level === 'error' && l.message === 'unhandled error')).toBe(true);
  });
});

describe('requests that match nothing', () => {
  test('an unknown route is a 404 problem', async () => {
    const res = await api.request('/api/nothing-here', { as: 'admin' });
    expect(res.status).toBe(404);
    expect((await problemOf(res)).status).toBe(404);
  });

  test('every response carries a request id that the log line shares', async () => {
    const res = await api.request('/api/health', { headers: { 'X-Request-Id': 'trace-abc-123' } });
    expect(res.headers.get('X-Request-Id')).toBe('trace-abc-123');
    const line = api.logs.findLast((l) => l.message === 'request')!;
    expect(line.attributes[0]).toMatchObject({ requestId: 'trace-abc-123', method: 'GET', route: '/api/health', status: 200 });
  });
});
