import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addDays, type Sector } from '#domain';
import type { Store } from '#store/types';
import { interceptingHandler, makeStore, startTestDb, type TestDb } from '../support/dynalite';
import { aReturn, expectAggregateMatchesCurrent } from './store-fixtures';

/** Units and where they sit: two share a locality so their saves race on one aggregate. */
const UNITS: { providerId: string; localityId: string; sector: Sector }[] = [
  { providerId: 'unit-a', localityId: 'north', sector: 'acute' },
  { providerId: 'unit-b', localityId: 'north', sector: 'care-home' },
  { providerId: 'unit-c', localityId: 'south', sector: 'homecare' },
];
const MAX_CONCURRENT = 4;

/**
 * Runs concurrent writers one DynamoDB request at a time, in an order fast-check chooses:
 * a request is sent only when every running writer is waiting on one, and `choices` say
 * whose goes next. Orders that real timing rarely produces (a recompute read before another
 * writer's current item lands, its write after) come up in every run, and a failing order
 * shrinks to a short one.
 */
class Interleaving {
  private waiting: { writer: number; send: () => void }[] = [];
  private running = new Set<number>();
  constructor(private choices: number[]) {}

  beforeRequest(writer: number): Promise<void> {
    return new Promise((send) => {
      this.waiting.push({ writer, send });
      this.next();
    });
  }
  async run<T>(writers: (() => Promise<T>)[]): Promise<T[]> {
    writers.forEach((_, w) => this.running.add(w));
    return Promise.all(
      writers.map(async (write, w) => {
        try {
          return await write();
        } finally {
          this.running.delete(w);
          this.next();
        }
      }),
    );
  }
  private next() {
    if (this.waiting.length === 0 || this.waiting.length < this.running.size) return;
    const [chosen] = this.waiting.splice((this.choices.shift() ?? 0) % this.waiting.length, 1);
    chosen.send();
  }
}

let db: TestDb;
let interleaving = new Interleaving([]);
/** One store per concurrent writer, as if each were its own Lambda instance. */
let writers: Store[];
beforeAll(async () => {
  db = await startTestDb();
  writers = Array.from({ length: MAX_CONCURRENT }, (_, w) =>
    makeStore(db.endpoint, db.tableName, {
      requestHandler: interceptingHandler(async (_req, forward) => {
        await interleaving.beforeRequest(w);
        return forward();
      }),
    }),
  );
});
afterAll(() => db.stop());

/** One submission or amendment: the next version after the one the writer read, as the API does. */
const submission = fc.record({
  unit: fc.integer({ min: 0, max: UNITS.length - 1 }),
  day: fc.integer({ min: 0, max: 1 }),
  size: fc.integer({ min: 1, max: 50 }),
});
/** Rounds run one after another; the submissions inside a round run concurrently. */
const rounds = fc.array(fc.array(submission, { minLength: 1, maxLength: MAX_CONCURRENT }), { minLength: 1, maxLength: 4 });
const orders = fc.array(fc.nat({ max: MAX_CONCURRENT * 6 }), { minLength: 80, maxLength: 80 });

let run = 0;

test('after any submissions and amendments, in any order, every aggregate equals its recompute from the current returns', async () => {
  await fc.assert(
    fc.asyncProperty(rounds, orders, async (plan, choices) => {
      // Each run gets its own dates, so runs share one database without seeing each other.
      const base = addDays('2024-01-01', 2 * run++);
      interleaving = new Interleaving([...choices]);
      for (const round of plan)
        await interleaving.run(
          round.map(({ unit, day, size }, w) => async () => {
            const { providerId, localityId, sector } = UNITS[unit];
            const date = addDays(base, day);
            const read = await writers[w].currentReturn(providerId, date);
            await writers[w].saveVersion(aReturn(providerId, date, (read?.version ?? 0) + 1, size), { localityId, sector });
          }),
        );

      const { store } = db;
      const touched = new Set(plan.flat().map(({ unit, day }) => `${addDays(base, day)}|${UNITS[unit].localityId}`));
      for (const key of touched) {
        const [date, localityId] = key.split('|');
        await expectAggregateMatchesCurrent(store, date, localityId);
      }
      // The current view holds exactly the newest version of each unit.
      for (const { unit, day } of plan.flat()) {
        const { providerId, localityId } = UNITS[unit];
        const date = addDays(base, day);
        const current = (await store.currentForDay(date, localityId)).find((r) => r.providerId === providerId);
        expect(current?.version).toBe((await store.currentReturn(providerId, date))?.version);
      }
    }),
    { numRuns: 40 },
  );
});
