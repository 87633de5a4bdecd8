import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { aggregateOf } from '#domain';
import { createDocumentClient } from '#store/client';
import { keys } from '#store/keys';
import { UNITS_PER_SUMS_PART } from '#store/sums-parts';
import { aCareHome, careHomeReturn, startApi, type Api } from './harness';

/**
 * A locality bigger than one part of the sums: every save still writes one small item (at
 * most UNITS_PER_SUMS_PART units' guards), the sums stay exact, and an amendment after a unit moved
 * replaces what its first version counted instead of counting the unit twice.
 */
let api: Api;
const DATE = '2026-06-10';
const UNITS = 2 * UNITS_PER_SUMS_PART + 10;
const home = (i: number) => aCareHome(`big-home-${i}`);
beforeAll(async () => {
  api = await startApi();
  // Most as a register load, the last few as an admin adds them: both paths place units.
  await api.store.putProviders(Array.from({ length: UNITS - 5 }, (_, i) => home(i)));
  for (let i = UNITS - 5; i < UNITS; i++) {
    const { providerId, ...body } = home(i);
    expect((await api.request(`/api/providers/${providerId}`, { method: 'PUT', as: 'admin', json: body })).status).toBe(201);
  }
});
afterAll(() => api.stop());

const put = (providerId: string, date: string, careWorkers: number, ifMatch?: string) =>
  api.request(`/api/providers/${providerId}/returns/${date}`, {
    method: 'PUT',
    as: 'admin',
    json: careHomeReturn(careWorkers),
    headers: { 'X-Change-Reason': 'sums parts test', ...(ifMatch ? { 'If-Match': ifMatch } : {}) },
  });

/** The stored sums items of one date and locality, as the table has them (guards included). */
async function sumsItems(date: string, localityId: string) {
  const doc = createDocumentClient({ endpoint: api.db.endpoint, region: 'local' });
  const { pk, skPrefix } = keys.shardsOfDay(date, localityId);
  const out = await doc.send(
    new QueryCommand({ TableName: api.db.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': skPrefix } }),
  );
  return out.Items ?? [];
}

async function expectSumsEqualCurrent(date: string, localityId: string) {
  const current = await api.store.currentForDay(date, localityId);
  const [stored] = await api.store.aggregates([date], localityId);
  expect(stored).toEqual(aggregateOf(date, localityId, current.map(({ localityId: _l, sector, ...ret }) => ({ ret, sector }))));
  return current.length;
}

describe('the sums of a big locality, in parts', () => {
  test('a day of first returns: every part holds at most UNITS_PER_SUMS_PART units, and the sums equal the returns', async () => {
    for (let i = 0; i < UNITS; i++) expect((await put(`big-home-${i}`, DATE, 20 + (i % 10))).status).toBe(201);
    const items = (await sumsItems(DATE, 'oxford')).filter((item) => item.sector === 'care-home');
    const guards = items.map((item) => Object.keys(item).filter((k) => k.startsWith('v.')).length);
    expect(guards.reduce((a, b) => a + b, 0)).toBe(UNITS);
    expect(items).toHaveLength(Math.ceil(UNITS / UNITS_PER_SUMS_PART));
    expect(Math.max(...guards)).toBeLessThanOrEqual(UNITS_PER_SUMS_PART);
    expect(await expectSumsEqualCurrent(DATE, 'oxford')).toBe(UNITS);
  });

  test('a unit moved to another locality amends its earlier return where it was counted; its new dates count where it is', async () => {
    const mover = home(UNITS - 1);
    const { providerId, ...body } = { ...mover, localityId: 'cherwell' };
    expect((await api.request(`/api/providers/${providerId}`, { method: 'PUT', as: 'admin', json: body })).status).toBe(200);

    expect((await put(providerId, DATE, 33, '"1"')).status).toBe(200);
    expect(await expectSumsEqualCurrent(DATE, 'oxford')).toBe(UNITS);
    expect(await api.store.currentForDay(DATE, 'cherwell')).toEqual([]);
    expect(await api.store.aggregates([DATE], 'cherwell')).toEqual([]);

    const later = '2026-06-11';
    expect((await put(providerId, later, 25)).status).toBe(201);
    expect((await api.store.currentForDay(later, 'cherwell')).map((r) => r.providerId)).toContain(providerId);
    await expectSumsEqualCurrent(later, 'cherwell');
  });
});
