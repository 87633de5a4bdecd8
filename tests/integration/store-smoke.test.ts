import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestDb, type TestDb } from '../support/dynalite';

let db: TestDb;
beforeAll(async () => {
  db = await startTestDb();
});
afterAll(() => db.stop());

test('the test database answers', async () => {
  await db.store.ping();
  await db.store.putLocality({ localityId: 'north', name: 'North' });
  expect(await db.store.listLocalities()).toEqual([{ localityId: 'north', name: 'North' }]);
});
