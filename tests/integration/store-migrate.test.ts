import { afterAll, beforeAll, expect, test } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '#store/bootstrap';
import { createDocumentClient } from '#store/client';
import type { ReturnRecord, Store } from '#store/types';
import { writeLegacy } from '../fixtures/legacy-layout';
import { killedAt, makeStore, startTestDb, type TestDb } from '../support/dynalite';
import { aRecord, aReturn, expectAggregateMatchesCurrent } from './store-fixtures';

/**
 * The migration from schema 1 (issue 7): a table written by the old layout's writer is brought
 * forward, and then reads exactly as a table loaded by today's code from the same returns.
 */
let db: TestDb;
let fresh: Store;
const DATES = ['2025-09-01', '2025-09-02', '2025-09-03'];
const LOCALITIES = ['north', 'south'];
const records: ReturnRecord[] = DATES.flatMap((date, d) =>
  Array.from({ length: 12 }, (_, u) =>
    aRecord(aReturn(`unit-${u}`, date, 1, u + d + 1), LOCALITIES[u % 2], (['acute', 'care-home', 'homecare'] as const)[u % 3]),
  ),
);
// Amendments: the current items hold version 2, the sums must count only it.
records.push(aRecord(aReturn('unit-3', DATES[1], 2, 40), 'south', 'acute'), aRecord(aReturn('unit-4', DATES[2], 2, 41), 'north', 'care-home'));

beforeAll(async () => {
  db = await startTestDb();
  await ensureTable({ endpoint: db.endpoint, tableName: 'fresh' });
  fresh = makeStore(db.endpoint, 'fresh');
  await fresh.loadReturns(records);
});
afterAll(() => db.stop());

const entities = async (tableName: string, entity: string) => {
  const doc = createDocumentClient({ endpoint: db.endpoint, region: 'local' });
  try {
    const out = await doc.send(new ScanCommand({ TableName: tableName, FilterExpression: 'entity = :e', ExpressionAttributeValues: { ':e': entity } }));
    return out.Items ?? [];
  } finally {
    doc.destroy();
  }
};

/** Everything the views read, in a stable order. */
const readsOf = async (store: Store) => {
  const byKey = <T extends { date: string }>(key: (t: T) => string) => (a: T, b: T) => key(a).localeCompare(key(b));
  return {
    sums: (await store.aggregates(DATES)).sort(byKey((a) => `${a.date}|${a.localityId}`)),
    unitDays: (await store.unitDays(DATES)).sort(byKey((u) => `${u.date}|${u.providerId}`)),
    current: (await Promise.all(DATES.map((d) => store.currentForDay(d)))).flat().sort(byKey((r) => `${r.date}|${r.providerId}`)),
  };
};

test('a table written by the old layout, cut off half way through its migration, reads as the new layout once migrated', async () => {
  const doc = createDocumentClient({ endpoint: db.endpoint, region: 'local' });
  await writeLegacy(doc, db.tableName, records);
  doc.destroy();
  expect(await db.store.schemaVersion()).toBe(1);
  expect(await db.store.aggregates(DATES)).toEqual([]);

  // Cut off after some groups are done: their schema-1 aggregate deletes fail.
  let deletes = 0;
  const cutOff = killedAt(db.endpoint, db.tableName, (req) => req.operation === 'DeleteItem' && ++deletes > 2);
  await expect(cutOff.migrate()).rejects.toThrow('process killed');
  expect(await db.store.schemaVersion()).toBe(1);

  const progress: number[] = [];
  expect(await db.store.migrate((done, total) => progress.push(done / total))).toMatchObject({ days: DATES.length * LOCALITIES.length - 2 });
  expect(progress.at(-1)).toBe(1);
  expect(await db.store.schemaVersion()).toBe(2);
  expect(await entities(db.tableName, 'aggregate')).toEqual([]);
  expect(JSON.stringify(await readsOf(db.store))).toBe(JSON.stringify(await readsOf(fresh)));
  for (const date of DATES) for (const loc of LOCALITIES) await expectAggregateMatchesCurrent(db.store, date, loc);

  // Nothing left to do; and the migrated guards take the next amendment's delta exactly.
  expect(await db.store.migrate()).toEqual({ days: 0, items: 0 });
  const amendment = aReturn('unit-3', DATES[1], 3, 7);
  for (const store of [db.store, fresh]) expect((await store.saveVersion(amendment, { localityId: 'south', sector: 'acute' })).saved).toBe(true);
  expect(JSON.stringify(await readsOf(db.store))).toBe(JSON.stringify(await readsOf(fresh)));
  await expectAggregateMatchesCurrent(db.store, DATES[1], 'south');
});
