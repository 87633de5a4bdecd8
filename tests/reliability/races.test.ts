import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { createApp } from '#api/app';
import { addDays, type Clock, type ReturnBody } from '#domain';
import type { Store } from '#store/types';
import { ACUTE, CARE_HOME, aCareHome, careHomeReturn, hospitalReturn, startApi, type Api } from '../api/harness';
import { interceptingHandler, makeStore } from '../support/dynalite';
import { createTestIssuer, type TestIssuer } from './tokens';
import { expectViewsMatchVersions, reconcileToRest } from './views-check';

/**
 * Issue 11, item 4: races explored with fast-check's scheduler. Every DynamoDB request the
 * app makes waits for the scheduler's go, so each run tries another order of the requests of
 * concurrent submissions (and of the reconcile job) against the real dynalite. Whatever the
 * order: one amendment wins and the others get 412, every unit of a locality is counted once,
 * and reconcile running in the middle changes no sum. fast-check prints the seed and the order
 * it tried on failure.
 */
let api: Api;
let issuer: TestIssuer;
let scheduler: fc.Scheduler | null = null;
let store: Store;
let app: ReturnType<typeof createApp>;
const clock: Clock = { now: () => new Date('2026-06-15T10:00:00Z') };
const HOMES = ['elm-house', 'ash-lodge', 'oak-court', 'birch-view'];
const UNITS = [
  { providerId: ACUTE, localityId: 'oxford' },
  { providerId: CARE_HOME, localityId: 'cherwell' },
  ...HOMES.map((providerId) => ({ providerId, localityId: 'oxford' })),
];

beforeAll(async () => {
  api = await startApi();
  issuer = await createTestIssuer();
  for (const providerId of HOMES) {
    await api.store.putProvider(aCareHome(providerId));
    await api.store.setUnitsOf(`manager-${providerId}`, [providerId]);
  }
  store = makeStore(api.db.endpoint, api.db.tableName, {
    requestHandler: interceptingHandler(async (req, forward) => {
      if (scheduler) await scheduler.schedule(Promise.resolve(), `${req.operation}`);
      return forward();
    }),
  });
  app = createApp({ store, clock, verifyToken: issuer.verifyToken, logger: { info() {}, error() {} } });
});
afterAll(() => api.stop());

const put = async (subject: string, providerId: string, date: string, body: ReturnBody, ifMatch?: number) =>
  app.request(`/api/providers/${providerId}/returns/${date}`, {
    method: 'PUT',
    headers: {
      Authorization: `Bearer ${await issuer.sign(subject, ['provider'])}`,
      'Content-Type': 'application/json',
      ...(ifMatch === undefined ? {} : { 'If-Match': `"${ifMatch}"` }),
    },
    body: JSON.stringify(body),
  });

let day = 0;
const freshDate = () => addDays('2026-06-14', -day++);

/** Runs `work` with every DynamoDB request of it ordered by the scheduler. */
async function scheduled<T>(s: fc.Scheduler, work: () => Promise<T>): Promise<T> {
  scheduler = s;
  try {
    return await s.waitFor(work());
  } finally {
    scheduler = null;
  }
}

describe('races, in every order the scheduler tries', () => {
  test('concurrent amendments of one return: exactly one wins, the rest get 412, one version each', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 3 }), async (s, writers) => {
        const date = freshDate();
        expect((await put('provider-jr', ACUTE, date, hospitalReturn(50))).status).toBe(201);
        const statuses = await scheduled(s, () =>
          Promise.all(Array.from({ length: writers }, (_, i) => put('provider-jr', ACUTE, date, hospitalReturn(51 + i), 1).then((r) => r.status))),
        );
        expect(statuses.filter((st) => st === 200)).toHaveLength(1);
        expect(statuses.filter((st) => st === 412)).toHaveLength(writers - 1);
        expect((await api.store.versions(ACUTE, date)).map((v) => v.version)).toEqual([1, 2]);
        await expectViewsMatchVersions(api, UNITS, date);
      }),
      { numRuns: 8 },
    );
  });

  test('many units of one locality submitting at once, one of them twice (a double click): each counted once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.subarray(HOMES, { minLength: 2 }), async (s, homes) => {
        const date = freshDate();
        const statuses = await scheduled(s, () =>
          Promise.all([
            ...homes.map((h, i) => put(`manager-${h}`, h, date, careHomeReturn(20 + i)).then((r) => r.status)),
            put(`manager-${homes[0]}`, homes[0], date, careHomeReturn(20)).then((r) => r.status),
            put('provider-jr', ACUTE, date, hospitalReturn(70)).then((r) => r.status),
          ]),
        );
        expect(statuses.filter((st) => st === 201)).toHaveLength(homes.length + 1);
        expect(statuses.filter((st) => st === 200)).toHaveLength(1); // the double click: the same body, already saved
        for (const h of homes) expect((await api.store.versions(h, date)).length).toBe(1);
        await expectViewsMatchVersions(api, UNITS, date);
      }),
      { numRuns: 8 },
    );
  });

  test('reconcile running in the middle of submissions and amendments changes no sum', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const date = freshDate();
        expect((await put(`manager-${HOMES[0]}`, HOMES[0], date, careHomeReturn(30))).status).toBe(201);
        await scheduled(s, () =>
          Promise.all([
            put(`manager-${HOMES[0]}`, HOMES[0], date, careHomeReturn(31), 1),
            put(`manager-${HOMES[1]}`, HOMES[1], date, careHomeReturn(25)),
            put('provider-jr', ACUTE, date, hospitalReturn(75)),
            store.reconcile(),
            store.reconcile(),
          ]),
        );
        await expectViewsMatchVersions(api, UNITS, date);
        await reconcileToRest(api.store);
        await expectViewsMatchVersions(api, UNITS, date);
      }),
      { numRuns: 8 },
    );
  });
});
