import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { serviceDateOf, sumLines } from '#domain';
import { createDocumentClient } from '#store/client';
import { createDynamoStore } from '#store/dynamo-store';
import { ReadAge, type Store } from '#store/types';
import { interceptingHandler, makeStore, startTestDb, type TestDb } from '../support/dynalite';
import { aReturn } from './store-fixtures';

let db: TestDb;
beforeAll(async () => {
  db = await startTestDb();
});
afterAll(() => db.stop());

const where = { localityId: 'north', sector: 'care-home' as const };
/** Long enough that a loaded machine never lets a kept read lapse mid-test; the lapse itself is tested with a short one. */
const TTL_MS = 20_000;

/** A store as an API process has one (two of them are two Lambdas on one table). */
function servingStore(ttlMs = TTL_MS): { store: Store; close: () => void } {
  const doc = createDocumentClient({ endpoint: db.endpoint, region: 'local' });
  return { store: createDynamoStore({ doc, tableName: db.tableName, openDayCacheMs: ttlMs }), close: () => doc.destroy() };
}

/** Units counted today, all localities, as a view of today reads them. */
async function unitsToday(store: Store, age = new ReadAge(new Date())) {
  const [day] = await store.systemDays([serviceDateOf(new Date())], age);
  return day?.reported['care-home']?.units ?? 0;
}

describe("today's sums kept briefly by an API process", () => {
  test('a save in the same process shows at once; one made elsewhere shows within the cache time, and the answer says how old its figures are', async () => {
    const today = serviceDateOf(new Date());
    const a = servingStore();
    const b = servingStore();
    try {
      await a.store.saveVersion(aReturn('cache-1', today, 1), where);
      const live = new ReadAge(new Date());
      expect(await unitsToday(a.store, live)).toBe(1);
      expect(live.oldestMs).toBe(0);

      // Saved in the same process: that date is forgotten, so the next view reads it live.
      await a.store.saveVersion(aReturn('cache-2', today, 1), where);
      expect(await unitsToday(a.store)).toBe(2);

      // Saved by another process: this one answers from memory for a while, and says how old that is.
      await b.store.saveVersion(aReturn('cache-3', today, 1), where);
      await sleep(50);
      const cached = new ReadAge(new Date('2026-01-01T10:00:00.000Z'));
      expect(await unitsToday(a.store, cached)).toBe(2);
      expect(cached.oldestMs).toBeGreaterThanOrEqual(50);
      expect(cached.asAt() < '2026-01-01T10:00:00.000Z').toBe(true);
      // One locality of today, within the cache time, is the same figures narrowed.
      expect((await a.store.aggregates([today], 'north'))[0].reported['care-home']?.units).toBe(2);

    } finally {
      a.close();
      b.close();
    }
  });

  test("today's locality days, kept, are shared by every view of the process: none can change them for the others", async () => {
    const today = serviceDateOf(new Date());
    const a = servingStore();
    const northUnits = async () => (await a.store.aggregates([today])).find((d) => d.localityId === 'north')?.reported['care-home']?.units;
    try {
      await a.store.saveVersion(aReturn('shared-1', today, 1), where);
      const counted = await northUnits();
      const north = (await a.store.aggregates([today])).find((d) => d.localityId === 'north')!;
      // A view that wrote into what it was given would change every later answer of this process.
      expect(() => {
        north.reported['care-home']!.units = 999;
      }).toThrow(TypeError);
      expect(await northUnits()).toBe(counted);
      await a.store.saveVersion(aReturn('shared-2', today, 1), where);
      expect(await northUnits()).toBe(counted! + 1);
    } finally {
      a.close();
    }
  });

  test('what a like-for-like comparison subtracts is the version the kept sums count, never one saved since', async () => {
    const today = serviceDateOf(new Date());
    const a = servingStore();
    const b = servingStore();
    try {
      await a.store.saveVersion(aReturn('counted-1', today, 1, 10), where);
      const { days, counted } = await a.store.countedOn(today);
      const mine = counted.find((u) => u.providerId === 'counted-1');
      expect(mine).toEqual({ providerId: 'counted-1', sector: 'care-home', version: 1 });
      // The units counted come from the same read as the figures: as many as the sums say.
      expect(counted.filter((u) => u.sector === 'care-home')).toHaveLength(days.reduce((n, d) => n + (d.reported['care-home']?.units ?? 0), 0));

      // Another process amends it (other figures): this process still counts version 1 for a while,
      // and subtracting it must take version 1's figures, or the comparison would be off by the change.
      await b.store.saveVersion(aReturn('counted-1', today, 2, 30), where);
      expect((await a.store.countedOn(today)).counted.find((u) => u.providerId === 'counted-1')?.version).toBe(1);
      const [v1] = await a.store.countedTotals(today, [mine!]);
      expect(v1).toEqual({ providerId: 'counted-1', sector: 'care-home', totals: sumLines(aReturn('counted-1', today, 1, 10).staffing) });
      expect(v1.totals).not.toEqual(sumLines(aReturn('counted-1', today, 2, 30).staffing));

      // A save in this process forgets what it kept: the units counted are read afresh.
      await a.store.saveVersion(aReturn('counted-2', today, 1), where);
      const fresh = (await a.store.countedOn(today)).counted;
      expect(fresh).toEqual(expect.arrayContaining([expect.objectContaining({ providerId: 'counted-1', version: 2 }), expect.objectContaining({ providerId: 'counted-2', version: 1 })]));
    } finally {
      a.close();
      b.close();
    }
  });

  test("a closed date's units counted are kept only while nobody amends that date", async () => {
    const closed = '2025-05-19';
    const a = servingStore();
    const b = servingStore();
    const counted = async () => (await a.store.countedOn(closed)).counted.map((u) => `${u.providerId} v${u.version}`).sort();
    try {
      await a.store.saveVersion(aReturn('past-1', closed, 1), where);
      expect(await counted()).toEqual(['past-1 v1']);
      // Saved by another process: the date's change count moves, so this process reads it afresh at once.
      await b.store.saveVersion(aReturn('past-2', closed, 1), where);
      await b.store.saveVersion(aReturn('past-1', closed, 2), where);
      expect(await counted()).toEqual(['past-1 v2', 'past-2 v1']);
    } finally {
      a.close();
      b.close();
    }
  });

  test('a version subtracted once is not read again by the same process (versions never change)', async () => {
    const today = serviceDateOf(new Date());
    const reads: string[] = [];
    const store = makeStore(db.endpoint, db.tableName, {
      requestHandler: interceptingHandler((req, send) => {
        reads.push(req.operation);
        return send();
      }),
    });
    await store.saveVersion(aReturn('kept-1', today, 1, 12), where);
    await store.saveVersion(aReturn('kept-2', today, 1, 14), where);
    const units = [1, 2].map((n) => ({ providerId: `kept-${n}`, sector: 'care-home' as const, version: 1 }));
    reads.length = 0;
    const first = await store.countedTotals(today, units);
    expect(reads).toEqual(['BatchGetItem']);
    reads.length = 0;
    expect(await store.countedTotals(today, units)).toEqual(first);
    expect(reads).toEqual([]);
    expect(first.map((u) => u.totals)).toEqual([12, 14].map((size, i) => sumLines(aReturn(`kept-${i + 1}`, today, 1, size).staffing)));
  });

  test('once the cache time has passed, the next view reads afresh', async () => {
    const today = serviceDateOf(new Date());
    const a = servingStore(300);
    const b = servingStore(300);
    try {
      const before = await unitsToday(a.store);
      await b.store.saveVersion(aReturn('lapse-1', today, 1), where);
      await sleep(400);
      const fresh = new ReadAge(new Date());
      expect(await unitsToday(a.store, fresh)).toBe(before + 1);
      expect(fresh.oldestMs).toBe(0);
    } finally {
      a.close();
      b.close();
    }
  });

  test("every unit's day of today is kept the same way, and a closed date's only while nobody amends it", async () => {
    const today = serviceDateOf(new Date());
    const closed = '2025-05-12';
    const a = servingStore();
    const b = servingStore();
    const units = async (date: string, age?: ReadAge) => (await a.store.unitDays([date], undefined, age)).map((u) => u.providerId).sort();
    try {
      await a.store.saveVersion(aReturn('days-1', today, 1), where);
      await a.store.saveVersion(aReturn('days-1', closed, 1), where);
      expect(await units(today)).toContain('days-1');
      expect(await units(closed)).toEqual(['days-1']);

      // Another process saves into both dates: today shows within the cache time (its age said); the closed date at once.
      await b.store.saveVersion(aReturn('days-2', today, 1), where);
      await b.store.saveVersion(aReturn('days-2', closed, 1), where);
      const todayAge = new ReadAge(new Date());
      expect(await units(today, todayAge)).not.toContain('days-2');
      expect(todayAge.oldestMs).toBeGreaterThan(0);
      const closedAge = new ReadAge(new Date());
      expect(await units(closed, closedAge)).toEqual(['days-1', 'days-2']);
      expect(closedAge.oldestMs).toBe(0);

      // A save in this process: today is read afresh.
      await a.store.saveVersion(aReturn('days-3', today, 1), where);
      expect(await units(today)).toEqual(expect.arrayContaining(['days-1', 'days-2', 'days-3']));
    } finally {
      a.close();
      b.close();
    }
  });

  test('a closed date is never kept: its reads are its rollups or live sums', async () => {
    const a = servingStore();
    const b = servingStore();
    try {
      const date = '2025-05-05';
      await a.store.saveVersion(aReturn('closed-1', date, 1), where);
      expect((await a.store.systemDays([date]))[0].reported['care-home']?.units).toBe(1);
      await b.store.saveVersion(aReturn('closed-2', date, 1), where);
      const age = new ReadAge(new Date());
      expect((await a.store.systemDays([date], age))[0].reported['care-home']?.units).toBe(2);
      expect(age.oldestMs).toBe(0);
    } finally {
      a.close();
      b.close();
    }
  });
});
