import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, MEASURES, aggregateOf, addDays, type LocalityDay, type Measure, type Provider, type Rag, type Sector } from '#domain';
import { heatmapOf } from '#domain/views/heatmap';
import { DEMO_LOCALITIES, DEMO_SEED, demoRegister } from '#local/demo/register';
import { demoReturns, demoWindow } from '#local/demo/returns';

/**
 * Thresholds that discriminate (issue 9): on the demo's last complete day, no measure's
 * locality x staff-group heatmap is more than a third red, and none is all one colour. The
 * counts are printed (DEMO_RAG=1 npx vitest run tests/unit/demo-thresholds.test.ts) so they can
 * be reported beside the defaults.
 */
// Mid-afternoon UK time: the day before is the last complete day. A winter Monday (the demo's
// worst: winter and Monday absence), a winter Thursday, a summer Saturday (weekday-only units off).
const DAYS = ['2026-11-30', '2026-12-03', '2026-07-11'];

const providers: Provider[] = demoRegister();
const aggregates = new Map<string, LocalityDay[]>();

beforeAll(() => {
  const unitOf = new Map(providers.map((p) => [p.providerId, p]));
  for (const day of DAYS) {
    const now = new Date(`${addDays(day, 1)}T14:00:00Z`);
    const records = demoReturns(providers, { ...demoWindow(DEMO_SEED, 1, now), from: day, to: day }).map((d) => d.amendment ?? d.record);
    aggregates.set(
      day,
      DEMO_LOCALITIES.map((l) => ({
        ...aggregateOf(
          day,
          l.localityId,
          records.filter((r) => unitOf.get(r.providerId)!.localityId === l.localityId).map((ret) => ({ ret, sector: unitOf.get(ret.providerId)!.sector as Sector })),
        ),
        seq: 1,
      })),
    );
  }
});

const countsOf = (day: string, measure: Measure, sector?: 'hospital' | 'social-care') => {
  const view = heatmapOf({ date: day, measure, rows: 'locality', columns: 'staff-group', sector, aggregates: aggregates.get(day)!, providers, localities: DEMO_LOCALITIES, thresholds: DEFAULT_THRESHOLDS });
  const counts: Record<Rag, number> = { red: 0, amber: 0, green: 0, none: 0 };
  for (const c of view.cells) counts[c.rag] += 1;
  const values = view.cells.flatMap((c) => (c.value === null ? [] : [c.value])).sort((a, b) => a - b);
  return { counts, coloured: counts.red + counts.amber + counts.green, values };
};

describe.each(DAYS)('demo locality x staff-group heatmaps on %s with the default thresholds', (day) => {
  for (const sector of [undefined, 'hospital', 'social-care'] as const)
    for (const measure of MEASURES)
      it(`${measure}${sector ? ` (${sector} only)` : ''}: at most a third red${sector ? '' : ', and not all one colour'}`, () => {
        const { counts, coloured, values } = countsOf(day, measure, sector);
        if (process.env.DEMO_RAG)
          console.log(`${day} ${measure} ${sector ?? 'all sectors'}: red ${counts.red}, amber ${counts.amber}, green ${counts.green} of ${coloured}; values ${values.map((v) => v.toFixed(3)).join(' ')}`);
        expect(counts.red).toBeLessThanOrEqual(coloured / 3);
        // The whole system's map is never one colour; a family's smaller map may be, on a quiet day.
        if (!sector) expect(Math.max(counts.red, counts.amber, counts.green)).toBeLessThan(coloured);
      });
});
