import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addDays, DEFAULT_THRESHOLDS, mapLimit, type Provider } from '#domain';
import type { ReturnRecord, Store } from '#store/types';
import { demoPeople } from './demo/people';
import { DEMO_LOCALITIES, DEMO_SEED, demoRegister } from './demo/register';
import { demoReturns, demoWindow } from './demo/returns';
import type { Progress } from './progress';

export const DEFAULT_DEMO_DAYS = 120;

/** Kept beside the data: how far the demo returns reach, so a later start only tops them up. */
interface DemoMarker {
  state: 'loading' | 'loaded';
  seed: string;
  days: number;
  /** The service date that was "today" at the last load: it may have been only partly reported. */
  loadedThrough?: string;
}

export type DemoOutcome =
  /** returns: unit-days loaded; items: DynamoDB items written (versions, current views, aggregates). */
  | { action: 'loaded'; units: number; returns: number; items: number; ms: number }
  | { action: 'topped-up'; returns: number; items: number; from: string; ms: number }
  | { action: 'skipped'; reason: string };

const markerPath = (dataDir: string) => join(dataDir, 'demo.json');

async function readMarker(dataDir: string): Promise<DemoMarker | null> {
  try {
    return JSON.parse(await readFile(markerPath(dataDir), 'utf8')) as DemoMarker;
  } catch {
    return null;
  }
}
const writeMarker = (dataDir: string, marker: DemoMarker) => writeFile(markerPath(dataDir), JSON.stringify(marker, null, 2));

/**
 * The demo system, kept "this morning": on an empty register, load the register and `days` of
 * returns ending today (today only partly reported); on a later start, add the returns from the
 * last load's day to now. Never overwrites a return that is already there (one submitted
 * through the API, say): bulk loading is only for an empty range.
 */
export async function ensureDemo(
  store: Store,
  opts: { dataDir: string; days?: number; now: Date; progress: Progress; seed?: string },
): Promise<DemoOutcome> {
  const started = performance.now();
  const seed = opts.seed ?? DEMO_SEED;
  const days = opts.days ?? DEFAULT_DEMO_DAYS;
  const marker = await readMarker(opts.dataDir);
  const existing = await store.listProviders();
  // A load or top-up that did not finish: its returns may be there without their sums.
  const stopped = marker?.state === 'loading';

  if (marker?.loadedThrough) {
    const demoIds = new Set(demoRegister(marker.seed).map((p) => p.providerId));
    const providers = existing.filter((p) => demoIds.has(p.providerId));
    const window = demoWindow(marker.seed, days, opts.now);
    const from = marker.loadedThrough > window.from ? marker.loadedThrough : window.from;
    await writeMarker(opts.dataDir, { ...marker, state: 'loading' });
    const loaded = await loadMissing(store, providers, { ...window, from }, opts.progress, stopped);
    await ensurePeople(store, marker.seed, providers);
    await writeMarker(opts.dataDir, { ...marker, state: 'loaded', loadedThrough: window.to });
    return { action: 'topped-up', ...loaded, from, ms: performance.now() - started };
  }
  if (existing.length > 0 && marker === null)
    return { action: 'skipped', reason: 'the register already holds units that are not demo data' };

  await writeMarker(opts.dataDir, { state: 'loading', seed, days });
  const providers = demoRegister(seed);
  for (const locality of DEMO_LOCALITIES) await store.putLocality(locality);
  // Batch writes (25 units a request): a few requests rather than one per unit.
  await store.putProviders(providers);
  await store.putThresholds(DEFAULT_THRESHOLDS);
  // All of them, even if some are there: a load stopped half way through the people is begun again.
  await putPeople(store, seed, providers);
  const window = demoWindow(seed, days, opts.now);
  const loaded = await loadMissing(store, providers, window, opts.progress, stopped);
  await writeMarker(opts.dataDir, { state: 'loaded', seed, days, loadedThrough: window.to });
  return { action: 'loaded', units: providers.length, ...loaded, ms: performance.now() - started };
}

/** The demo directory, written once (a data directory from before there were people gets them on its next start). */
async function ensurePeople(store: Store, seed: string, providers: Provider[]): Promise<void> {
  // One person read, not the directory: at every start this only asks whether it is empty.
  if ((await store.peoplePage(undefined, 1)).people.length === 0) await putPeople(store, seed, providers);
}

const putPeople = (store: Store, seed: string, providers: Provider[]) =>
  mapLimit(demoPeople(seed, providers), 8, async (person) => {
    await store.putPerson(person);
  });

/** Bulk-load the demo returns of the window that are not in the store yet. */
async function loadMissing(
  store: Store,
  providers: Provider[],
  window: ReturnType<typeof demoWindow>,
  progress: Progress,
  stopped: boolean,
): Promise<{ returns: number; items: number }> {
  const dates: string[] = [];
  for (let date = window.from; date <= window.to; date = addDays(date, 1)) dates.push(date);
  const present = new Set<string>();
  for (const date of dates) for (const r of await store.currentForDay(date)) present.add(`${r.providerId}|${r.date}`);

  const records: ReturnRecord[] = [];
  for (const { record, amendment } of demoReturns(providers, window)) {
    if (present.has(`${record.providerId}|${record.date}`)) continue;
    records.push(record);
    if (amendment) records.push(amendment);
  }
  // After a stopped load every date and locality of the window is summed again from what is
  // there: the returns it wrote before their sums are present now, and would be summed by nobody.
  const localities = [...new Set(providers.map((p) => p.localityId))];
  const resum = stopped ? dates.flatMap((date) => localities.map((localityId) => ({ date, localityId }))) : [];
  let items = 0;
  const onProgress = (done: number, total: number) => {
    items = total;
    progress.update(done, total);
  };
  if (records.length > 0 || resum.length > 0) await store.loadReturns(records, onProgress, resum);
  progress.stop();
  return { returns: records.filter((r) => r.version === 1).length, items };
}
