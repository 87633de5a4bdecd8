import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '#store/bootstrap';
import { versionItem } from '#store/items';
import { keys } from '#store/keys';
import { createTableInput, WRITES_INDEX } from '#store/table';
import type { ReturnRecord } from '#store/types';
import { killedAt, makeStore, putsItem, startTestDb, type TestDb } from '../support/dynalite';
import { aRecord, aReturn, expectAggregateMatchesCurrent } from './store-fixtures';

/**
 * Storage layout 3 (issue 7): a save writes no marker; its version is listed in the sparse
 * `writes` index. A `.data/` from before has a table without the index, which dynalite cannot
 * add: the local start carries the table over (functions/store/bootstrap.ts).
 */
let db: TestDb;
beforeAll(async () => {
  db = await startTestDb();
});
afterAll(() => db.stop());

const DATES = ['2025-10-01', '2025-10-02'];
const records: ReturnRecord[] = DATES.flatMap((date, d) =>
  Array.from({ length: 40 }, (_, u) => aRecord(aReturn(`unit-${u}`, date, 1, u + d + 1), u % 2 ? 'north' : 'south', u % 3 ? 'care-home' : 'acute')),
);

/** A table as a version before the index made it. */
async function tableBeforeIndex(tableName: string) {
  const { GlobalSecondaryIndexes: _, AttributeDefinitions, ...rest } = createTableInput(tableName);
  await db.doc.send(new CreateTableCommand({ ...rest, AttributeDefinitions: AttributeDefinitions.slice(0, 2) }));
  const store = makeStore(db.endpoint, tableName);
  await store.loadReturns(records);
  // A save of the layout before, cut off after its version: the version (no index keys) and its marker.
  const cut = aRecord(aReturn('unit-90', DATES[1], 1, 9), 'north', 'acute');
  await db.doc.send(new PutCommand({ TableName: tableName, Item: versionItem(cut, 'w-1') }));
  await db.doc.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...keys.legacyPending('unit-90', DATES[1]), entity: 'pending', providerId: 'unit-90', date: DATES[1], writeId: 'w-1', startedAt: '2025-10-02T09:00:00.000Z' },
    }),
  );
  return { store, cut };
}

const everything = async (tableName: string) =>
  ((await db.doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items ?? []).sort((a, b) =>
    `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`),
  );
const indexesOf = async (tableName: string) =>
  ((await db.doc.send(new DescribeTableCommand({ TableName: tableName }))).Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName);
const tables = async () => (await db.doc.send(new ListTablesCommand({}))).TableNames ?? [];

describe('a table from before the writes index', () => {
  test('is carried over whole at start, with progress, and then reconcile finishes what its markers name', async () => {
    const { store, cut } = await tableBeforeIndex('old-data');
    const before = await everything('old-data');
    const progress: [number, number][] = [];

    await ensureTable({ endpoint: db.endpoint, tableName: 'old-data', onCopy: (copied, total) => progress.push([copied, total]) });

    expect(await indexesOf('old-data')).toEqual([WRITES_INDEX.name]);
    expect(await everything('old-data')).toEqual(before);
    expect(await tables()).not.toContain('old-data-layout3');
    // One total from the start, reached at the end.
    expect(new Set(progress.map(([, total]) => total))).toEqual(new Set([2 * before.length]));
    expect(progress.at(-1)).toEqual([2 * before.length, 2 * before.length]);

    expect(await store.reconcile()).toEqual({ repaired: 1 });
    expect((await store.currentForDay(DATES[1], 'north')).map((r) => r.providerId)).toContain(cut.providerId);
    await expectAggregateMatchesCurrent(store, DATES[1], 'north');
    // A start on the carried-over table changes nothing.
    await ensureTable({ endpoint: db.endpoint, tableName: 'old-data', onCopy: () => expect.fail('copied again') });
  });

  test('a carry-over cut off at any point is finished by the next start, losing nothing', async () => {
    const oldTable = async () => {
      if ((await tables()).includes('cut-data')) await db.doc.send(new DeleteTableCommand({ TableName: 'cut-data' }));
      await tableBeforeIndex('cut-data');
      return everything('cut-data');
    };
    const stopAt = (call: number) => {
      let calls = 0;
      return () => {
        if (++calls === call) throw new Error('stopped');
      };
    };
    // Cut off copying out (the old table is still there)...
    let before = await oldTable();
    await expect(ensureTable({ endpoint: db.endpoint, tableName: 'cut-data', onCopy: stopAt(1) })).rejects.toThrow('stopped');
    await ensureTable({ endpoint: db.endpoint, tableName: 'cut-data' });
    expect(await everything('cut-data')).toEqual(before);

    // ...after the old table was removed (only the spare holds the items)...
    before = await oldTable();
    await expect(ensureTable({ endpoint: db.endpoint, tableName: 'cut-data', onCopy: stopAt(1) })).rejects.toThrow('stopped');
    await db.doc.send(new DeleteTableCommand({ TableName: 'cut-data' }));
    await ensureTable({ endpoint: db.endpoint, tableName: 'cut-data' });
    expect(await everything('cut-data')).toEqual(before);

    // ...and copying back (the spare not yet removed).
    before = await oldTable();
    await expect(ensureTable({ endpoint: db.endpoint, tableName: 'cut-data', onCopy: stopAt(2) })).rejects.toThrow('stopped');
    expect(await indexesOf('cut-data')).toEqual([WRITES_INDEX.name]);
    await ensureTable({ endpoint: db.endpoint, tableName: 'cut-data' });
    expect(await everything('cut-data')).toEqual(before);
    expect(await indexesOf('cut-data')).toEqual([WRITES_INDEX.name]);
    expect(await tables()).not.toContain('cut-data-layout3');
  });
});

describe('a save lists its version in the writes index, and reconcile reads it from where it stopped', () => {
  test('only versions written by saves are listed; the bulk loader finishes its own', async () => {
    const store = makeStore(db.endpoint, db.tableName);
    await store.loadReturns(records.slice(0, 5));
    await store.saveVersion(aReturn('unit-0', DATES[0], 2, 30), { localityId: 'south', sector: 'acute' });
    const listed = (await db.doc.send(new ScanCommand({ TableName: db.tableName, IndexName: WRITES_INDEX.name }))).Items ?? [];
    expect(listed.map((i) => [i.providerId, i.date, i.version, i.localityId, i.sector])).toEqual([['unit-0', DATES[0], 2, 'south', 'acute']]);
  });

  test('a version of hours back is found (most hours, in the day before\'s part of the index), and a run finds each once', async () => {
    // The first run of a table reads a day back: a save cut off 20 hours ago is found.
    const cutOff = killedAt(db.endpoint, db.tableName, putsItem('CURRENT#'));
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 20 * 60 * 60_000 });
    try {
      await expect(cutOff.saveVersion(aReturn('unit-77', DATES[0], 1, 5), { localityId: 'north', sector: 'acute' })).rejects.toThrow('process killed');
    } finally {
      vi.useRealTimers();
    }
    const fresh = makeStore(db.endpoint, db.tableName);
    expect(await fresh.reconcile()).toEqual({ repaired: 1 });
    expect(await fresh.reconcile()).toEqual({ repaired: 0 });
    await expectAggregateMatchesCurrent(fresh, DATES[0], 'north');
  });
});
