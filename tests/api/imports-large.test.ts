import { afterAll, beforeAll, expect, test } from 'vitest';
import { STAFF_GROUPS, addDays, type Provider } from '#domain';
import { startApi, type Api } from './harness';

/**
 * A trust's wards for a month in one file: 25 units x 25 days x all 8 staff groups = 5,000
 * rows, 625 returns. It must validate and import in one request (under the CSV body limit);
 * the time is printed for the report, never asserted.
 */
const UNITS = 25;
const DAYS = 25;
const GROUPS = STAFF_GROUPS;
const FIRST_DAY = '2026-05-01';

let api: Api;
beforeAll(async () => {
  api = await startApi(); // today is 2026-06-15 in the UK
  for (let i = 0; i < UNITS; i++) {
    const unit: Provider = {
      providerId: `ward-${i}`,
      name: `Ward ${i}`,
      organisation: 'Large Trust',
      localityId: 'oxford',
      sector: 'acute',
      staffGroups: [...GROUPS],
      reportingDays: 'every-day',
      activeFrom: '2026-01-01',
      activeTo: null,
    };
    await api.store.putProvider(unit);
  }
});
afterAll(() => api.stop());

function file(): string {
  const rows = ['providerId,date,staffGroup,establishmentWte,inPostWte,vacancyWte,absentWte,plannedHours,filledPermanent,filledBank,filledAgency,bedsOpen,pressureLevel'];
  for (let u = 0; u < UNITS; u++)
    for (let d = 0; d < DAYS; d++)
      for (const [g, group] of GROUPS.entries())
        rows.push(`ward-${u},${addDays(FIRST_DAY, d)},${group},${20 + g},${18 + g},2,1.5,${160 + 8 * g},140,10,${(d % 3) * 2.5},40,2`);
  return rows.join('\r\n');
}

test('a 5,000-row file validates (dry run) and imports, every return written once', async () => {
  const csv = file();
  const post = (dryRun: boolean) =>
    api.request(`/api/imports${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', as: 'admin', headers: { 'Content-Type': 'text/csv' }, body: csv });

  const validateStarted = performance.now();
  const dry = (await (await post(true)).json()) as { rows: number; errors: unknown[]; summary: Record<string, number> };
  const validateMs = performance.now() - validateStarted;
  expect(dry).toMatchObject({ rows: 5000, errors: [], summary: { wouldWrite: UNITS * DAYS } });

  const importStarted = performance.now();
  const res = await post(false);
  const importMs = performance.now() - importStarted;
  expect(res.status).toBe(200);
  const result = (await res.json()) as { errors: unknown[]; summary: Record<string, number> };
  expect(result).toMatchObject({ errors: [], summary: { written: UNITS * DAYS, conflicts: 0 } });
  console.log(`5,000-row import (${(csv.length / 1024).toFixed(0)} KiB): validate ${(validateMs / 1000).toFixed(1)} s, import ${(importMs / 1000).toFixed(1)} s`);

  const stored = await api.store.returnsInRange(`ward-${UNITS - 1}`, FIRST_DAY, addDays(FIRST_DAY, DAYS - 1));
  expect(stored.map((r) => [r.version, r.staffing.length])).toEqual(Array.from({ length: DAYS }, () => [1, GROUPS.length]));
  // About 5,600 DynamoDB requests against an in-process dynalite: 30-40 s on a busy 2-core machine.
}, 180_000);
