import { expect } from 'vitest';
import type { ReturnVersion } from '#domain';
import type { Store } from '#store/types';
import type { Api } from '../api/harness';

/**
 * What a leader sees for a date, checked against a recomputation from the stored versions
 * alone: for every seeded unit its newest version is the return the API answers, and every
 * locality x staff-group cell of the heatmap (vacancy and absence) sums exactly those newest
 * versions, each unit once. Independent of how the write path keeps its views and sums.
 */
export async function expectViewsMatchVersions(api: Api, units: { providerId: string; localityId: string }[], date: string) {
  const newest = new Map<string, ReturnVersion>();
  for (const u of units) {
    const versions = await api.store.versions(u.providerId, date);
    expect(versions.map((v) => v.version), `${u.providerId} ${date}: versions 1..n`).toEqual(versions.map((_, i) => i + 1));
    const last = versions.at(-1);
    const res = await api.request(`/api/providers/${u.providerId}/returns/${date}`, { as: 'admin' });
    if (!last) {
      expect(res.status, `${u.providerId} ${date} has no version`).toBe(404);
      continue;
    }
    newest.set(u.providerId, last);
    expect(((await res.json()) as ReturnVersion).version, `${u.providerId} ${date}: the current return`).toBe(last.version);
  }
  for (const [measure, n, d] of [
    ['vacancy-rate', 'vacancyWte', 'establishmentWte'],
    ['absence-rate', 'absentWte', 'inPostWte'],
  ] as const) {
    const res = await api.request(`/api/system/heatmap?date=${date}&measure=${measure}&rows=locality&columns=staff-group`, { as: 'leader' });
    expect(res.status).toBe(200);
    const view = (await res.json()) as { cells: { row: string; column: string; numerator: number | null; denominator: number | null; reported: number }[] };
    for (const cell of view.cells) {
      const lines = units
        .filter((u) => u.localityId === cell.row)
        .flatMap((u) => newest.get(u.providerId)?.staffing.filter((l) => l.staffGroup === cell.column) ?? []);
      const sum = (key: typeof n | typeof d) => Math.round(lines.reduce((s, l) => s + l[key], 0) * 100) / 100;
      const label = `${date} ${measure} ${cell.row} x ${cell.column}`;
      expect(cell.reported, `${label}: units counted`).toBe(lines.length);
      if (lines.length === 0) continue;
      expect(cell.numerator, label).toBeCloseTo(sum(n), 6);
      expect(cell.denominator, label).toBeCloseTo(sum(d), 6);
    }
  }
}

/** Every save the reconcile job can see is finished: running it twice changes nothing the second time. */
export async function reconcileToRest(store: Store) {
  await store.reconcile();
  expect((await store.reconcile()).repaired).toBe(0);
}
