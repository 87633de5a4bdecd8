import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '#api/app';
import { addDays, type Clock } from '#domain';
import type { Store } from '#store/types';
import { ACUTE, CARE_HOME, USERS, hospitalReturn, startApi, type Api } from '../api/harness';
import { connectionReset, interceptingHandler, makeStore, type InterceptedRequest } from '../support/dynalite';
import { createTestIssuer, type TestIssuer } from './tokens';
import { expectViewsMatchVersions, reconcileToRest } from './views-check';

/**
 * Issue 11, items 2 and 3: a submission through the whole app, with a DynamoDB client whose
 * request handler wraps the real one (so the SDK's own retries run), and a fault at each step
 * of the write path in turn: every DynamoDB request a PUT makes, found by watching a clean one.
 * - throttled, 5xx, delayed, or forwarded with its answer dropped, once: the SDK retries and
 *   the client gets one 201 and one version, never a false conflict;
 * - down for good at that step: 503 with Retry-After; reconcile then leaves a state equal to a
 *   recomputation from the versions, and the client's retry gets a 2xx and one version;
 * - the process dies at that step (every later request fails): reconcile alone, or the client's
 *   retry alone, restores a state equal to a recomputation from the versions.
 */
let api: Api;
let issuer: TestIssuer;
const clock: Clock = { now: () => new Date('2026-06-15T10:00:00Z') };
const UNITS = [
  { providerId: ACUTE, localityId: 'oxford' },
  { providerId: CARE_HOME, localityId: 'cherwell' },
];

type Fault = 'throttle' | '5xx' | 'delay' | 'drop' | 'down' | 'crash';
let plan: { step: number; fault: Fault } | null = null;
let seen: InterceptedRequest[] = [];

const dynamoError = (status: number, type: string) => ({
  response: {
    statusCode: status,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: Readable.from([JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: type })]),
  },
});

let faulty: Store;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  api = await startApi();
  issuer = await createTestIssuer();
  faulty = makeStore(api.db.endpoint, api.db.tableName, {
    maxAttempts: 3,
    requestHandler: interceptingHandler(async (req, forward) => {
      const index = seen.push(req) - 1;
      if (!plan) return forward();
      const { step, fault } = plan;
      if (fault === 'crash' && index >= step) throw Object.assign(new Error('the process was killed'), { name: 'ProcessKilled' });
      if (index !== step && !(fault === 'down' && index > step)) return forward();
      switch (fault) {
        case 'throttle':
          return dynamoError(400, 'ThrottlingException') as never;
        case '5xx':
          return dynamoError(500, 'InternalServerError') as never;
        case 'down':
          return dynamoError(503, 'ServiceUnavailable') as never;
        case 'delay':
          await new Promise((r) => setTimeout(r, 250));
          return forward();
        case 'drop': {
          await forward(); // done in the table, but the answer never arrives
          throw connectionReset();
        }
      }
      return forward();
    }),
  });
  app = createApp({ store: faulty, clock, verifyToken: issuer.verifyToken, logger: { info() {}, error() {} } });
});
afterAll(() => api.stop());

/** The nurse's PUT through the faulty app; the request index restarts at 0 for each. */
async function put(date: string, body = hospitalReturn(), fault: typeof plan = null) {
  seen = [];
  plan = fault;
  try {
    const token = await issuer.sign(USERS.nurse.subject, ['provider']);
    return await app.request(`/api/providers/${ACUTE}/returns/${date}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  } finally {
    plan = null;
  }
}

let nextDay = 0;
const freshDate = () => addDays('2026-06-14', -nextDay++);

/** Every DynamoDB request one clean submission makes, authentication and reads included. */
let steps: string[] = [];
beforeAll(async () => {
  const res = await put(freshDate());
  expect(res.status).toBe(201);
  steps = seen.map((r) => r.operation);
  console.info(`A submission's DynamoDB requests: ${steps.join(', ')}`);
});

describe('faults on every step of the write path', () => {
  test('a submission makes several DynamoDB requests, each of which gets every fault below', () => {
    expect(steps.length).toBeGreaterThanOrEqual(5);
    expect(steps.some((op) => /Put|Update/.test(op))).toBe(true);
  });

  for (const fault of ['throttle', '5xx', 'delay', 'drop'] as const)
    test(`${fault} once at each step: one 201, one version, views equal to the versions`, async () => {
      for (let step = 0; step < steps.length; step++) {
        const date = freshDate();
        const res = await put(date, hospitalReturn(80 + step), { step, fault });
        expect(res.status, `${fault} at step ${step} (${steps[step]}): ${await res.clone().text()}`).toBe(201);
        expect((await api.store.versions(ACUTE, date)).length, `${fault} at step ${step}`).toBe(1);
        await expectViewsMatchVersions(api, UNITS, date);
      }
    });

  test('DynamoDB down from each step on: 503 with Retry-After; reconcile and the retry each leave the views equal to the versions', async () => {
    for (let step = 0; step < steps.length; step++) {
      const date = freshDate();
      const body = hospitalReturn(70 + step);
      const res = await put(date, body, { step, fault: 'down' });
      expect(res.status, `down from step ${step} (${steps[step]})`).toBe(503);
      expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
      await reconcileToRest(api.store);
      await expectViewsMatchVersions(api, UNITS, date);
      const retry = await put(date, body);
      expect([200, 201], `the retry after an outage from step ${step}`).toContain(retry.status);
      expect((await api.store.versions(ACUTE, date)).length).toBe(1);
      await expectViewsMatchVersions(api, UNITS, date);
    }
  });
});

describe('the process dies between steps', () => {
  test.each(['reconcile', 'client retry'] as const)('after each step in turn, the %s alone restores views equal to the versions', async (repair) => {
    // An amendment, so the views hold an older version that a half-finished save must not leave behind.
    for (let step = 1; step < steps.length; step++) {
      const date = freshDate();
      expect((await put(date, hospitalReturn(60))).status).toBe(201);
      const amended = { ...hospitalReturn(61 + step), pressure: { level: 4 as const } };
      seen = [];
      plan = { step, fault: 'crash' };
      const token = await issuer.sign(USERS.nurse.subject, ['provider']);
      const res = await app.request(`/api/providers/${ACUTE}/returns/${date}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': '"1"' },
        body: JSON.stringify(amended),
      });
      plan = null;
      expect(res.status, `killed at step ${step} (${steps[step]})`).toBeGreaterThanOrEqual(500);
      if (repair === 'reconcile') {
        await reconcileToRest(api.store);
      } else {
        const retry = await app.request(`/api/providers/${ACUTE}/returns/${date}`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': '"1"' },
          body: JSON.stringify(amended),
        });
        expect(retry.status, `the retry after a crash at step ${step}`).toBe(200);
        expect(((await retry.json()) as { version: number }).version).toBe(2);
      }
      await expectViewsMatchVersions(api, UNITS, date);
    }
  });
});
