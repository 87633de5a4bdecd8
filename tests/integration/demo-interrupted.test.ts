import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addDays, serviceDateOf } from '#domain';
import { ensureDemo } from '#local/demo-loader';
import { demoPeople } from '#local/demo/people';
import { DEMO_LOCALITIES, DEMO_SEED, demoRegister } from '#local/demo/register';
import type { Store } from '#store/types';
import { ensureTable } from '#store/bootstrap';
import { makeStore, startTestDb, type TestDb } from '../support/dynalite';
import { expectAggregateMatchesCurrent } from './store-fixtures';

/**
 * A first `npm start` stopped (Ctrl+C, a closed laptop) while it loads the demo: the next
 * start finishes the load, with every person, and every figure is then what the returns add up to. The load
 * writes the returns first and then each date and locality's sums; stopped among the sums,
 * every return is already there, and a load that only summed what it wrote itself left
 * some dates' sums unwritten for good.
 */
let db: TestDb;
let dataDir: string;
let peopleDir: string;
const now = new Date('2026-03-11T10:00:00Z');
const DAYS = 7;
const quiet = { update: () => {}, stop: () => {} };

beforeAll(async () => {
  db = await startTestDb();
  dataDir = await mkdtemp(join(tmpdir(), 'demo-interrupted-'));
  peopleDir = await mkdtemp(join(tmpdir(), 'demo-interrupted-people-'));
});
afterAll(async () => {
  await db?.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(peopleDir, { recursive: true, force: true });
});

test('a demo load stopped among the sums is finished by the next start, every date and locality summed', async () => {
  // Stopped when all but the last 20 of the 35 date x locality sums are written (each counts 1).
  const stopped = ensureDemo(db.store, {
    dataDir,
    days: DAYS,
    now,
    progress: {
      update: (done, total) => {
        if (done >= total - 20) throw new Error('stopped');
      },
      stop: () => {},
    },
  });
  await expect(stopped).rejects.toThrow('stopped');

  expect(await ensureDemo(db.store, { dataDir, days: DAYS, now, progress: quiet })).toMatchObject({ action: 'loaded' });
  const today = serviceDateOf(now);
  for (let d = 0; d < DAYS; d++)
    for (const { localityId } of DEMO_LOCALITIES) await expectAggregateMatchesCurrent(db.store, addDays(today, -d), localityId);
});

test('a demo load stopped among the people is finished by the next start, with every person', async () => {
  // A table of its own in the same database, and the store on it stopped at the tenth person written.
  await ensureTable({ endpoint: db.endpoint, tableName: 'people-story' });
  const store = makeStore(db.endpoint, 'people-story');
  let people = 0;
  const stopping = new Proxy(store, {
    get: (target, key: keyof Store) =>
      key === 'putPerson' ? (...args: Parameters<Store['putPerson']>) => (++people >= 10 ? Promise.reject(new Error('stopped')) : target.putPerson(...args)) : target[key],
  });
  await expect(ensureDemo(stopping, { dataDir: peopleDir, days: 2, now, progress: quiet })).rejects.toThrow('stopped');
  expect((await store.listPeople()).length).toBeLessThan(10);

  expect(await ensureDemo(store, { dataDir: peopleDir, days: 2, now, progress: quiet })).toMatchObject({ action: 'loaded' });
  const everyone = demoPeople(DEMO_SEED, demoRegister(DEMO_SEED)).map((p) => p.email).sort();
  expect((await store.listPeople()).map((p) => p.email).sort()).toEqual(everyone);
});

test('a top-up stopped among its sums is finished by the next start', async () => {
  // The demo of the first test, a day later: the top-up (2 dates x 5 localities of sums, each counting 1)
  // is stopped as its first sum is written; the 8 in flight finish, the last 2 are never begun.
  const nextDay = new Date(now.getTime() + 86_400_000);
  const stopped = ensureDemo(db.store, {
    dataDir,
    days: DAYS,
    now: nextDay,
    progress: {
      update: (done, total) => {
        if (done >= total - 9) throw new Error('stopped');
      },
      stop: () => {},
    },
  });
  await expect(stopped).rejects.toThrow('stopped');

  expect(await ensureDemo(db.store, { dataDir, days: DAYS, now: nextDay, progress: quiet })).toMatchObject({ action: 'topped-up' });
  const today = serviceDateOf(nextDay);
  for (const date of [addDays(today, -1), today])
    for (const { localityId } of DEMO_LOCALITIES) await expectAggregateMatchesCurrent(db.store, date, localityId);
});
