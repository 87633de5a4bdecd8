import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { versionItem } from '#store/items';
import { keys } from '#store/keys';
import { StoreUnavailableError } from '#store/types';
import { connectionReset, interceptingHandler, killedAt, makeStore, putsItem, startTestDb, type TestDb } from '../support/dynalite';
import { aReturn, expectAggregateMatchesCurrent } from './store-fixtures';

let db: TestDb;
beforeAll(async () => {
  db = await startTestDb();
});
afterAll(() => db.stop());

const where = { localityId: 'north', sector: 'acute' as const };

describe('a write cut off half way', () => {
  test('a lost response, retried by the SDK, is recognised as our own write', async () => {
    let dropped = 0;
    const store = makeStore(db.endpoint, db.tableName, {
      requestHandler: interceptingHandler(async (req, forward) => {
        if (putsItem('RETURN#')(req) && dropped === 0) {
          await forward(); // applied in the table...
          dropped += 1;
          throw connectionReset(); // ...but the answer never arrives
        }
        return forward();
      }),
    });
    const ret = aReturn('cedar-ward', '2025-06-01', 1);

    expect(await store.saveVersion(ret, where)).toEqual({ saved: true, ret });
    expect(dropped).toBe(1);
    expect(await db.store.versions('cedar-ward', '2025-06-01')).toEqual([ret]);
    expect(await db.store.currentForDay('2025-06-01', 'north')).toEqual([{ ...ret, ...where }]);
    await expectAggregateMatchesCurrent(db.store, '2025-06-01', 'north');
  });

  test("a lost answer to the unit's delta, retried by the SDK, is counted once", async () => {
    let dropped = 0;
    const store = makeStore(db.endpoint, db.tableName, {
      requestHandler: interceptingHandler(async (req, forward) => {
        if (req.operation === 'UpdateItem' && dropped === 0) {
          await forward();
          dropped += 1;
          throw connectionReset();
        }
        return forward();
      }),
    });
    await db.store.saveVersion(aReturn('rowan-ward', '2025-06-01', 1), where);
    await store.saveVersion(aReturn('rowan-ward', '2025-06-01', 2, 17), where);
    expect(dropped).toBe(1);
    await expectAggregateMatchesCurrent(db.store, '2025-06-01', 'north');
  });

  test('a write cut off between the current view and the sums is finished by reconcile, and counted once', async () => {
    const cutOff = killedAt(db.endpoint, db.tableName, (req) => req.operation === 'UpdateItem');
    await db.store.saveVersion(aReturn('aspen-ward', '2025-06-08', 1), where);
    await expect(cutOff.saveVersion(aReturn('aspen-ward', '2025-06-08', 2, 33), where)).rejects.toThrow('process killed');
    expect(await db.store.reconcile()).toEqual({ repaired: 1 });
    await expectAggregateMatchesCurrent(db.store, '2025-06-08', 'north');
    expect(await db.store.reconcile()).toEqual({ repaired: 0 });

    // Cut off again, and a fourth version arrives before reconcile: its delta starts from the
    // version counted (2), not the one it replaced in the current view (3).
    await expect(cutOff.saveVersion(aReturn('aspen-ward', '2025-06-08', 3, 44), where)).rejects.toThrow('process killed');
    await db.store.saveVersion(aReturn('aspen-ward', '2025-06-08', 4, 55), where);
    await expectAggregateMatchesCurrent(db.store, '2025-06-08', 'north');
  });

  test('a write to a later part of the sums, cut off before the current view, is finished by reconcile in that part', async () => {
    // Repair rebuilds the record from its version, which keeps its part: counted anywhere else, the unit would count twice.
    const inPart = { ...where, sumsPart: 2 };
    const cutOff = killedAt(db.endpoint, db.tableName, putsItem('CURRENT#'));
    await db.store.saveVersion(aReturn('larch-ward', '2025-06-20', 1), inPart);
    await expect(cutOff.saveVersion(aReturn('larch-ward', '2025-06-20', 2, 30), inPart)).rejects.toThrow('process killed');
    expect(await db.store.reconcile()).toEqual({ repaired: 1 });
    expect(await db.store.currentForDay('2025-06-20', 'north')).toEqual([{ ...aReturn('larch-ward', '2025-06-20', 2, 30), ...inPart }]);
    await expectAggregateMatchesCurrent(db.store, '2025-06-20', 'north');
  });

  test('a write cut off before the current view is finished by reconcile', async () => {
    const cutOff = killedAt(db.endpoint, db.tableName, putsItem('CURRENT#'));
    const v1 = aReturn('pine-ward', '2025-06-02', 1);
    await db.store.saveVersion(v1, where);
    const v2 = aReturn('pine-ward', '2025-06-02', 2, 30);

    await expect(cutOff.saveVersion(v2, where)).rejects.toThrow('process killed');
    // The version is the record; the views lag.
    expect(await db.store.currentReturn('pine-ward', '2025-06-02')).toEqual(v2);
    expect((await db.store.currentForDay('2025-06-02', 'north')).map((r) => r.version)).toEqual([1]);

    expect(await db.store.reconcile()).toEqual({ repaired: 1 });
    expect(await db.store.currentForDay('2025-06-02', 'north')).toEqual([{ ...v2, ...where }]);
    await expectAggregateMatchesCurrent(db.store, '2025-06-02', 'north');
    expect(await db.store.reconcile()).toEqual({ repaired: 0 });
  });

  test('a slow writer finishing after a newer version does not take the views back', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = () => {};
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const slow = makeStore(db.endpoint, db.tableName, {
      requestHandler: interceptingHandler(async (req, forward) => {
        if (putsItem('CURRENT#')(req)) {
          holding();
          await held;
        }
        return forward();
      }),
    });
    const v1 = aReturn('yew-ward', '2025-06-03', 1);
    const v2 = aReturn('yew-ward', '2025-06-03', 2, 25);

    const slowSave = slow.saveVersion(v1, where);
    await isHolding; // v1 is stored, its current-view write is in flight
    await db.store.saveVersion(v2, where);
    release();

    expect(await slowSave).toEqual({ saved: true, ret: v1 });
    expect(await db.store.currentForDay('2025-06-03', 'north')).toEqual([{ ...v2, ...where }]);
    await expectAggregateMatchesCurrent(db.store, '2025-06-03', 'north');
  });

  test('a writer that lost the race writes nothing, and leaves reconcile nothing to do', async () => {
    await db.store.saveVersion(aReturn('holly-ward', '2025-06-04', 1), where);
    const late = await db.store.saveVersion(aReturn('holly-ward', '2025-06-04', 1, 99), where);
    expect(late.saved).toBe(false);

    expect(await db.store.reconcile()).toEqual({ repaired: 0 });
    expect((await db.store.currentForDay('2025-06-04', 'north')).map((r) => r.staffing[0].establishmentWte)).toEqual([20]);
  });

  test('reconcile leaves a version younger than its settle time to the next run, which finishes it', async () => {
    const cutOff = killedAt(db.endpoint, db.tableName, putsItem('CURRENT#'));
    const settling = makeStore(db.endpoint, db.tableName, { settleMs: 300 });
    await db.store.reconcile(); // what earlier tests left is not this test's
    await expect(cutOff.saveVersion(aReturn('hazel-ward', '2025-06-09', 1, 12), where)).rejects.toThrow('process killed');

    // Its save may still be running: left alone.
    expect(await settling.reconcile()).toEqual({ repaired: 0 });
    expect(await db.store.currentForDay('2025-06-09', 'north')).toEqual([]);
    await new Promise((r) => setTimeout(r, 400));
    expect(await settling.reconcile()).toEqual({ repaired: 1 });
    expect(await db.store.currentForDay('2025-06-09', 'north')).toEqual([{ ...aReturn('hazel-ward', '2025-06-09', 1, 12), ...where }]);
    await expectAggregateMatchesCurrent(db.store, '2025-06-09', 'north');
  });

  test('a reconcile run cut off is done again by the next', async () => {
    const cutOff = killedAt(db.endpoint, db.tableName, (req) => req.operation === 'UpdateItem');
    await expect(cutOff.saveVersion(aReturn('alder-ward', '2025-06-10', 1, 14), where)).rejects.toThrow('process killed');
    await expect(cutOff.reconcile()).rejects.toThrow('process killed');
    expect(await db.store.reconcile()).toEqual({ repaired: 1 });
    await expectAggregateMatchesCurrent(db.store, '2025-06-10', 'north');
    expect((await db.store.currentForDay('2025-06-10', 'north')).map((r) => r.providerId)).toEqual(['alder-ward']);
  });

  test('a save cut off under the layout before the writes index (its marker in PENDING) is finished, and its marker removed', async () => {
    // What a save of storage layout 2 left when cut off after its version: the version (no index keys) and its marker.
    const v1 = aReturn('elm-ward', '2025-06-11', 1, 16);
    await db.doc.send(new PutCommand({ TableName: db.tableName, Item: versionItem({ ...v1, ...where }, 'w-1') }));
    const marker = { ...keys.legacyPending('elm-ward', '2025-06-11'), entity: 'pending', providerId: 'elm-ward', date: '2025-06-11', ...where, writeId: 'w-1', startedAt: '2025-06-11T09:00:00.000Z' };
    await db.doc.send(new PutCommand({ TableName: db.tableName, Item: marker }));

    expect(await db.store.reconcile()).toEqual({ repaired: 1 });
    expect(await db.store.currentForDay('2025-06-11', 'north')).toEqual([{ ...v1, ...where }]);
    await expectAggregateMatchesCurrent(db.store, '2025-06-11', 'north');
    expect((await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.legacyPending('elm-ward', '2025-06-11') }))).Item).toBeUndefined();
    expect(await db.store.reconcile()).toEqual({ repaired: 0 });
  });
});

describe('the cost of a save', () => {
  test('one save of a closed date is four single-item requests, whatever else its locality holds', async () => {
    const operations: string[] = [];
    const store = makeStore(db.endpoint, db.tableName, {
      requestHandler: interceptingHandler(async (req, forward) => {
        operations.push(req.operation);
        return forward();
      }),
    });
    await store.saveVersion(aReturn('larch-ward', '2025-06-05', 1), where);
    // version, current view, the unit's delta into its sums, its date's change count: no marker
    expect(operations).toEqual(['PutItem', 'PutItem', 'UpdateItem', 'UpdateItem']);
  });
});

describe('DynamoDB unavailable', () => {
  const closedPort = async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  };

  test('nobody listening: every method says unavailable', async () => {
    const store = makeStore(`http://127.0.0.1:${await closedPort()}`, db.tableName, { maxAttempts: 2 });
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.listProviders()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.saveVersion(aReturn('gone', '2025-06-06', 1), where)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.aggregates(['2025-06-01'], 'north')).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  test('throttled past the retries: unavailable', async () => {
    const store = makeStore(db.endpoint, db.tableName, {
      maxAttempts: 2,
      requestHandler: interceptingHandler(async () => ({
        response: {
          statusCode: 400,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: Readable.from([
            JSON.stringify({
              __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
              message: 'Rate of requests exceeds the allowed throughput',
            }),
          ]),
        },
      }) as never),
    });
    await expect(store.getProvider('any')).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  test('a bad request is not an outage', async () => {
    const store = makeStore(db.endpoint, 'no-such-table', { maxAttempts: 2 });
    const err = await store.ping().catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).name).toBe('ResourceNotFoundException');
  });
});
