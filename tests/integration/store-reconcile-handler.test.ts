import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { addDays, serviceDateOf } from '#domain';
import { SETTLE_MS } from '#store/write-path';
import { killedAt, putsItem, startTestDb, type TestDb } from '../support/dynalite';
import { aReturn, expectAggregateMatchesCurrent } from './store-fixtures';

let db: TestDb;
let handler: () => Promise<{ repaired: number; rolledUp: number; peersGathered: number }>;
beforeAll(async () => {
  db = await startTestDb();
  vi.stubEnv('TABLE_NAME', db.tableName);
  vi.stubEnv('DYNAMODB_ENDPOINT', db.endpoint);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  ({ handler } = await import('#handlers/reconcile'));
});
afterAll(async () => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  await db.stop();
});

test('the scheduled job repairs a cut-off save once it is old enough not to be still running', async () => {
  const where = { localityId: 'west', sector: 'community' as const };
  const cutOff = killedAt(db.endpoint, db.tableName, putsItem('CURRENT#'));
  const ret = aReturn('maple-ward', '2025-07-01', 1);
  await expect(cutOff.saveVersion(ret, where)).rejects.toThrow('process killed');

  expect(await handler()).toEqual({ repaired: 0, rolledUp: 0, peersGathered: 0 });
  expect(await db.store.currentForDay('2025-07-01')).toEqual([]);

  // Past the time reconcile leaves a new version alone (its save may still be running).
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + SETTLE_MS + 60_000 });
  expect(await handler()).toEqual({ repaired: 1, rolledUp: 0, peersGathered: 0 });
  expect(await db.store.currentForDay('2025-07-01')).toEqual([{ ...ret, ...where }]);
  await expectAggregateMatchesCurrent(db.store, '2025-07-01', 'west');
  expect(await handler()).toEqual({ repaired: 0, rolledUp: 0, peersGathered: 0 });
});

test("the scheduled job gathers the whole system's peer figures of closed days once, and again after a change", async () => {
  vi.useRealTimers();
  const yesterday = addDays(serviceDateOf(new Date()), -1);
  const where = { localityId: 'east', sector: 'care-home' as const };
  for (let i = 0; i < 6; i++) await db.store.saveVersion(aReturn(`home-${i}`, yesterday, 1, 10 + i), where);
  expect((await handler()).peersGathered).toBe(1);
  expect((await db.store.peerDistributions('care-home', [yesterday])).get(yesterday)?.['vacancy-rate']?.n).toBe(6);
  expect((await handler()).peersGathered).toBe(0);
  await db.store.saveVersion(aReturn('home-0', yesterday, 2, 30), where);
  expect(await db.store.peerDistributions('care-home', [yesterday])).toEqual(new Map());
  expect((await handler()).peersGathered).toBe(1);
});
