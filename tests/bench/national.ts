/**
 * `npm run bench -- --national` (issue 7): a register of 30,000 units in 150 localities with
 * 90 days of history, measured through the HTTP API on dynalite. Seeded and deterministic.
 * Older history is written straight into the stored layout by the store's own code (the sums
 * of each date, locality and sector, then the rollups, as the reconcile schedule would); the
 * two localities measured unit by unit (200 and 50 units) get 28 days of real returns. Today's
 * 30,000 returns go through HTTP. Prints one table; BENCHMARKS.md keeps the latest.
 */
import { once } from 'node:events';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  DEFAULT_THRESHOLDS,
  addDays,
  aggregateOf,
  reportedIn,
  totalsAcross,
  datesBetween,
  mapLimit,
  serviceDateOf,
  thresholdsWithDefaults,
  today as todayOf,
  type Provider,
  type ReturnBody,
  type ReturnVersion,
  type Sector,
  type StaffGroup,
} from '#domain';
import { heatmapOf } from '#domain/views/heatmap';
import { summaryOf } from '#domain/views/summary';
import { unitsInCommon } from '#domain/views/like-for-like';
import { familyFilters, trendsOf } from '#domain/views/trends';
import { sectorsOf } from '#domain/views/scope';
import { sumsRepo } from '#store/aggregates';
import { createDocumentClient } from '#store/client';
import { createDynamoStore } from '#store/dynamo-store';
import { queryAll } from '#store/query';
import { keys } from '#store/keys';
import { itemOf, recordOf } from '#store/items';
import { writeItems } from '#store/bulk-load';
import { ukInstant } from '#local/demo/uk-time';
import { readFileSync } from 'node:fs';
import { startDynaliteProcess } from './dynalite-process';
import { startBenchApi, type InstanceConfig } from './national-instance';
import type { SendersConfig, SendersMessage } from './national-senders';
import { tsWorker } from './worker';
import { COST_SAMPLE, HISTORY_DAYS, LOCALITIES, UNITS, bodyOf, figuresSeedOf, hash, localityId, register, putReturn, subjectOf, versionOf } from './national-register';

const RUSH_IN_FLIGHT = 64;
const INGEST_IN_FLIGHT = 32;
/** API instances serving the ingest, each a worker thread (national-instance.ts): one per core of this machine. */
const INGEST_INSTANCES = 2;
const VIEW_RUNS = 10;
/** A view that reads more than this is timed over 3 runs, not 10: the run must stay under 15 minutes. */
const HEAVY_VIEW_KIB = 8 * 1024;
/**
 * `NATIONAL_HTTP_INGEST=N` sends N of today's returns through HTTP and loads the rest with the
 * store's bulk loader; the day's time is then projected from the HTTP rate: a shorter run. By
 * default the whole day goes through HTTP (about 3 minutes of a 7-minute run on this 2-core
 * machine since saves write no marker; before, the whole day did not fit in the 15 minutes).
 */
const HTTP_INGEST = Number(process.env.NATIONAL_HTTP_INGEST ?? Infinity);

// ---- metering -------------------------------------------------------------------------
const meter = { requests: 0, readUnits: 0, writeUnits: 0, versionWriteUnits: 0 };
/** Each request by command and the kind of item it touched, for the amendment's breakdown. */
const requestLog: string[] = [];
const resetMeter = () => {
  Object.assign(meter, { requests: 0, readUnits: 0, writeUnits: 0, versionWriteUnits: 0 });
  requestLog.length = 0;
};
/** The bench process's peak outside the ingest (its one API), and during it (with the ingest's threads), apart. */
const peakRss = { server: 0, ingest: 0 };
let sampling: keyof typeof peakRss = 'server';
const sampler = setInterval(() => (peakRss[sampling] = Math.max(peakRss[sampling], process.memoryUsage().rss)), 100);

const rows: { figure: string; measured: string; target: string }[] = [];
const record = (figure: string, measured: string, target = '') => {
  rows.push({ figure, measured, target });
  console.log(`${figure}: ${measured}${target ? `   (target: ${target})` : ''}`);
};
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kib = (readUnits: number) => readUnits * 4; // one strongly consistent read unit is up to 4 KiB

// ---- the system -----------------------------------------------------------------------
const started = performance.now();
const db = await startDynaliteProcess();
/** The database's memory, apart: in AWS it is not the server's. */
/** CPU seconds (user + system) the dynalite process has used, from /proc (clock ticks of 1/100 s on Linux). */
function dbCpuSeconds(): number {
  const fields = readFileSync(`/proc/${db.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
let peakDbRss = 0;
const dbSampler = setInterval(() => {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${db.pid}/status`, 'utf8'))?.[1] ?? 0);
  peakDbRss = Math.max(peakDbRss, kb * 1024);
}, 500);
const doc = createDocumentClient({ endpoint: db.endpoint, region: 'local' });
doc.middlewareStack.add(
  (next, context) => async (args) => {
    const input = args.input as Record<string, unknown>;
    input.ReturnConsumedCapacity = 'TOTAL';
    const out = await next(args);
    const consumed = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
    const units = [consumed ?? []].flat().reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
    meter.requests++;
    const key = (input.Key ?? input.Item) as { sk?: string | { S?: string } } | undefined;
    const queried = (input.ExpressionAttributeValues as Record<string, unknown> | undefined)?.[':pk'];
    const keySk = typeof key?.sk === 'string' ? key.sk : (key?.sk?.S ?? (typeof queried === 'string' ? queried : ''));
    requestLog.push(`${(context.commandName ?? '').replace(/Command$/, '')} ${keySk.split('#')[0]}`.trim() + ` (${units} CU)`);
    if (/Put|Update|Delete|Write/.test(context.commandName ?? '')) {
      meter.writeUnits += units;
      // The document client's PutCommand or, beneath it, PutItemCommand with the key marshalled.
      const sk = (input.Item as { sk?: string | { S?: string } } | undefined)?.sk;
      const skText = typeof sk === 'string' ? sk : (sk?.S ?? '');
      if (/^Put(Item)?Command$/.test(context.commandName ?? '') && skText.startsWith('RETURN#')) meter.versionWriteUnits += units;
    } else meter.readUnits += units;
    return out;
  },
  { step: 'initialize', name: 'meterCapacity' },
);
// The loader is no request path: it may wait on a busy dynalite far longer than a request may.
const loaderDoc = createDocumentClient({ endpoint: db.endpoint, region: 'local', maxAttempts: 6, requestHandler: new NodeHttpHandler({ requestTimeout: 60_000, throwOnRequestTimeout: true }) });
const loader = createDynamoStore({ doc: loaderDoc, tableName: db.tableName });
const loaderSums = sumsRepo(loaderDoc, db.tableName, async () => null);

/**
 * The server's clock: 14:00 UK time today, past the 11:00 deadline, so today (all returns in)
 * and a week ago (95 %) are complete days; the summary is measured again at 10:30, before it.
 */
let clockAt = ukInstant(serviceDateOf(new Date()), 14 * 60);
const clock = { now: () => clockAt };
const api = await startBenchApi(doc, db.tableName, clock);
/** A view, read as an admin. */
const http = (path: string) => fetch(`${api.base}${path}`, { headers: { Authorization: 'Bearer bench', Accept: 'application/json' } });
const put = (p: Provider, date: string, body: ReturnBody, ifMatch?: number) => putReturn(api.base, p, date, body, ifMatch);

const today = todayOf(clock);
const history = datesBetween(addDays(today, -HISTORY_DAYS), addDays(today, -1));
const providers = register();
const byLocality = new Map<string, Provider[]>();
for (const p of providers) byLocality.set(p.localityId, [...(byLocality.get(p.localityId) ?? []), p]);
const RUSH = localityId(0);
const SMALL = localityId(LOCALITIES - 1);

// ---- load -----------------------------------------------------------------------------
let t = performance.now();
for (let l = 0; l < LOCALITIES; l++) await loader.putLocality({ localityId: localityId(l), name: `Locality ${String(l).padStart(3, '0')}` });
await loader.putProviders(providers);
await loader.putThresholds(DEFAULT_THRESHOLDS);
// Each unit's own user, a member of that unit only (the store's membership items, written in batches).
await writeItems(loaderDoc, db.tableName, providers.map((p) => itemOf(keys.membership(subjectOf(p.providerId), p.providerId), 'membership', { subject: subjectOf(p.providerId), providerId: p.providerId })));
const fullHistory = datesBetween(addDays(today, -Math.min(28, HISTORY_DAYS)), addDays(today, -1));
const jobs = history.flatMap((date) => [...byLocality.keys()].map((loc) => ({ date, loc })));
let done = 0;
await mapLimit(jobs, 6, async ({ date, loc }) => {
  const units = byLocality.get(loc)!;
  // 95 % report on a given day, chosen by the seed.
  const records = units.filter((p) => hash(`${figuresSeedOf(p.providerId)}|${date}|in`) % 100 < 95).map((p) => versionOf(p, date));
  // The date a week ago is loaded as returns everywhere: the before-deadline summary compares today with
  // its every unit's day (kept per locality by the gathering below), as in a real table.
  if (((loc === RUSH || loc === SMALL) && fullHistory.includes(date)) || date === addDays(today, -7)) await loader.loadReturns(records);
  else await loaderSums.rebuild(date, loc, records);
  if (++done % 2000 === 0) console.log(`history: ${done}/${jobs.length} date x locality`);
});
await loader.rollUp(history);
// As the schedule keeps them: the peers and each locality's unit days of the last 56 closed days.
await loader.gatherPeers(history.slice(-56));
record(`History loaded (${HISTORY_DAYS} days x ${UNITS.toLocaleString('en-GB')} units as sums; 28 days of returns for 2 localities and the date a week ago for all; rollups; peers)`, `${((performance.now() - t) / 1000).toFixed(0)} s`);

const viewMs = new Map<string, number>();
const viewFirstMs = new Map<string, number>();
async function measureView(name: string, path: string, target: string) {
  const times: number[] = [];
  let bytes = 0;
  let units = 0;
  let firstUnits = 0;
  for (let i = 0; i < (kib(units) > HEAVY_VIEW_KIB ? 3 : VIEW_RUNS); i++) {
    resetMeter();
    const t0 = performance.now();
    const res = await http(path);
    const body = await res.arrayBuffer();
    times.push(performance.now() - t0);
    if (res.status !== 200) {
      // A view that cannot answer at this scale is a figure too: say so and go on to the next.
      const { title } = JSON.parse(Buffer.from(body).toString()) as { title?: string };
      record(`${name}: answer`, `${res.status} ${title ?? ''} after ${(times.at(-1)! / 1000).toFixed(1)} s, having read ${kib(meter.readUnits).toFixed(0)} KiB`, target);
      return;
    }
    bytes = body.byteLength;
    units = meter.readUnits;
    if (i === 0) firstUnits = units;
  }
  viewMs.set(name, p50(times));
  viewFirstMs.set(name, times[0]);
  // The first request reads today from the database; later ones within half a minute may not (the cache), so both are shown.
  const first = firstUnits !== units ? ` (first: ${times[0].toFixed(0)} ms / ${kib(firstUnits).toFixed(0)} KiB)` : '';
  record(
    `${name}: p50${times.length < VIEW_RUNS ? ` of ${times.length}` : ''} / KiB read / answer`,
    `${p50(times).toFixed(0)} ms / ${kib(units).toFixed(0)} KiB / ${(bytes / 1024).toFixed(0)} KiB${first}`,
    `${target}${target ? '; ' : ''}answer < 5 MB`,
  );
}
// At 07:00, before any unit of the locality has reported today: each is "not in yet", with its last return.
clockAt = ukInstant(today, 7 * 60);
await measureView('Completeness, one locality (200 units), at 07:00 before any return of today', `/api/system/completeness?locality=${RUSH}`, '< 300 ms');
clockAt = ukInstant(today, 14 * 60);

// ---- the morning rush: 64 in flight, one locality ---------------------------------------
const rushUnits = byLocality.get(RUSH)!;
t = performance.now();
const rushStatus = await mapLimit(rushUnits, RUSH_IN_FLIGHT, async (p) => (await put(p, today, bodyOf(p, today))).status);
const rushMs = performance.now() - t;
const rushErrors = rushStatus.filter((s) => s !== 201).length;
const current = await loader.currentForDay(today, RUSH);
const [stored] = await loader.aggregates([today], RUSH);
const recomputed = aggregateOf(today, RUSH, current.map(({ localityId: _l, sector, ...ret }) => ({ ret, sector })));
/** JSON with every object's keys sorted: the same sums read in another order are equal. */
const canonical = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)])) : v;
const equal = JSON.stringify(canonical(stored)) === JSON.stringify(canonical(recomputed));
if (!equal) console.log('stored', JSON.stringify(canonical(stored)), '\nrecomputed', JSON.stringify(canonical(recomputed)));
record(
  `Morning rush: ${rushUnits.length} first returns of one locality, ${RUSH_IN_FLIGHT} in flight`,
  `${rushErrors} errors, ${rushUnits.length - current.length} lost, sums ${equal ? 'equal' : 'DIFFER from'} the recompute; ${(rushMs / 1000).toFixed(1)} s`,
  '0 errors, 0 lost, equal',
);

// ---- cost per submission at 200 and 50 units per locality ------------------------------
for (const [loc, n] of [[RUSH, 200], [SMALL, 50]] as const) {
  const sample = byLocality.get(loc)!.slice(0, COST_SAMPLE);
  if (loc === SMALL) await mapLimit(sample, 8, (p) => put(p, today, bodyOf(p, today)));
  const costs: { requests: number; readUnits: number; writeUnits: number; versionWriteUnits: number }[] = [];
  let breakdown = '';
  for (const p of sample) {
    const amended = bodyOf(p, `${today}-amended`);
    resetMeter();
    const res = await put(p, today, amended, 1);
    if (res.status !== 200) throw new Error(`amendment answered ${res.status}: ${await res.text()}`);
    costs.push({ ...meter });
    breakdown = [...requestLog.reduce((m, r) => m.set(r, (m.get(r) ?? 0) + 1), new Map<string, number>())].map(([r, c]) => `${r} x${c}`).join(', ');
  }
  const avg = (k: keyof (typeof costs)[number]) => costs.reduce((s, c) => s + c[k], 0) / costs.length;
  record(
    `Per amendment (PUT through HTTP), ${n} units in the locality: DynamoDB requests / KiB read / write units (x writing the return once)`,
    `${avg('requests').toFixed(1)} / ${kib(avg('readUnits')).toFixed(1)} KiB / ${avg('writeUnits').toFixed(1)} WCU (${(avg('writeUnits') / avg('versionWriteUnits')).toFixed(1)}x)`,
    'same at 50 and 200; <= 10 requests, <= 64 KiB, <= 5x',
  );
  record(`One amendment's requests (${n} units in the locality)`, breakdown);
}

// ---- ingest of the national day through HTTP ------------------------------------------
const remaining = providers.filter((p) => p.localityId !== RUSH && !(p.localityId === SMALL && byLocality.get(SMALL)!.indexOf(p) < COST_SAMPLE));
const rest = remaining.slice(0, HTTP_INGEST);
const bulk = remaining.slice(rest.length);
t = performance.now();
if (bulk.length > 0) await loader.loadReturns(bulk.map((p) => versionOf(p, today)));
if (bulk.length > 0) record(`Today's other returns, loaded in bulk (store's loader)`, `${bulk.length.toLocaleString('en-GB')} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
sampling = 'ingest';
// The API instances and the senders start first: the time and CPU measured are the ingest's alone.
const instances = Array.from({ length: INGEST_INSTANCES }, () =>
  tsWorker(new URL('./national-instance.ts', import.meta.url), { endpoint: db.endpoint, tableName: db.tableName, now: clockAt.getTime() } satisfies InstanceConfig),
);
const bases = await Promise.all(instances.map(async (w) => (await once(w, 'message'))[0] as string));
const senders = tsWorker(new URL('./national-senders.ts', import.meta.url), {
  urls: bases,
  units: rest,
  date: today,
  inFlight: INGEST_IN_FLIGHT,
} satisfies SendersConfig);
await once(senders, 'message');
t = performance.now();
// CPU seconds of each process over the ingest: which of the two is the bound on this machine.
const cpuBefore = { server: process.cpuUsage(), db: dbCpuSeconds() };
const ingestStatus = await new Promise<number[]>((resolve, reject) => {
  senders.on('message', (m: SendersMessage) => (m.kind === 'done' ? resolve(m.statuses) : console.log(`ingest: ${m.kind === 'progress' ? m.sent : 0}/${rest.length}`)));
  senders.once('error', reject);
  senders.postMessage('go');
});
const ingestS = (performance.now() - t) / 1000;
const serverCpuS = (() => {
  const u = process.cpuUsage(cpuBefore.server);
  return (u.user + u.system) / 1e6;
})();
const dbCpuS = dbCpuSeconds() - cpuBefore.db;
await Promise.all([senders, ...instances].map((w) => w.terminate()));
sampling = 'server';
record(
  `Ingest of a national day: ${UNITS.toLocaleString('en-GB')} returns through HTTP (${INGEST_IN_FLIGHT} in flight${bulk.length ? `; projected from ${rest.length.toLocaleString('en-GB')} sent` : ''})`,
  `${((ingestS * UNITS) / rest.length / 60).toFixed(1)} min (${(rest.length / ingestS).toFixed(0)} returns/s, ${ingestStatus.filter((s) => s !== 201).length} errors)`,
  '< 5 min',
);

record(
  `Ingest: CPU per return of the bench process (${INGEST_INSTANCES} API instances and the load generator, threads) / the dynalite process (share of one core over the ingest)`,
  `${((serverCpuS / rest.length) * 1000).toFixed(1)} ms (${((serverCpuS / ingestS) * 100).toFixed(0)} %) / ${((dbCpuS / rest.length) * 1000).toFixed(1)} ms (${((dbCpuS / ingestS) * 100).toFixed(0)} %)`,
);

// ---- the views --------------------------------------------------------------------------
const yesterday = addDays(today, -1);
const views: [string, string, string][] = [
  ['Summary (today)', '/api/system/summary', '< 100 ms'],
  ['Heatmap locality x staff group (today)', '/api/system/heatmap?rows=locality&columns=staff-group', '< 100 ms'],
  ['Heatmap locality x day, 28 days', `/api/system/heatmap?rows=locality&columns=day&days=28&date=${yesterday}`, '< 100 ms'],
  [`Heatmap unit x day, one locality (200 units), 28 days`, `/api/system/heatmap?rows=provider&columns=day&days=28&locality=${RUSH}`, '< 300 ms'],
  [`Trends ${HISTORY_DAYS} days by sector family`, `/api/system/trends?from=${history[0]}&to=${yesterday}`, '< 300 ms'],
  [`Trends ${HISTORY_DAYS} days by locality`, `/api/system/trends?by=locality&from=${history[0]}&to=${yesterday}`, '< 300 ms'],
  ['Completeness, one locality (200 units)', `/api/system/completeness?locality=${RUSH}`, '< 300 ms'],
  ['Discharge (today)', '/api/system/discharge', ''],
  ['Day returns, one locality', `/api/system/day-returns?locality=${RUSH}`, ''],
];
for (const [name, path, target] of views) await measureView(name, path, target);
// Before the deadline today is not complete: rates are compared like for like, which reads the
// units of today and a week ago (here a week ago has current items in 2 localities only, its
// history being sums: with a full week-ago day the read is about twice this).
clockAt = ukInstant(today, 10 * 60 + 30);
await measureView('Summary (today at 10:30, before the deadline: like for like)', '/api/system/summary', '');
clockAt = ukInstant(today, 14 * 60);

// ---- naive: the same views from every current return -------------------------------------
const reg = { providers: await loader.listProviders(), localities: await loader.listLocalities(), thresholds: thresholdsWithDefaults(await loader.getThresholds()) };
const naiveDay = async (date: string) => {
  resetMeter();
  const { pk, skPrefix } = keys.currentOfDay(date);
  const items = await queryAll(doc, { TableName: db.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': skPrefix } });
  const byLoc = new Map<string, { ret: ReturnVersion; sector: Sector }[]>();
  const records = items.map(recordOf);
  for (const r of records) {
    const { localityId: l, sector, ...ret } = r;
    byLoc.set(l, [...(byLoc.get(l) ?? []), { ret, sector }]);
  }
  const counted = records.map(({ providerId, sector, version }) => ({ providerId, sector, version }));
  return { days: [...byLoc].map(([l, cur]) => aggregateOf(date, l, cur)), counted, readUnits: meter.readUnits };
};
t = performance.now();
const naiveToday = await naiveDay(today);
// Naively nothing of a week ago is read, so a comparison finds no unit in common (the summary asks for it: no week-ago sums).
summaryOf({ date: today, aggregates: naiveToday.days, inCommon: unitsInCommon({ days: naiveToday.days, counted: naiveToday.counted, weekAgo: [], subtracted: [] }), ...reg });
const naiveSummaryMs = performance.now() - t;
t = performance.now();
const again = await naiveDay(today);
heatmapOf({ date: today, measure: 'vacancy-rate', rows: 'locality', columns: 'staff-group', aggregates: again.days, ...reg });
const naiveHeatmapMs = performance.now() - t;
// 7 days: today's 30,000 current items read 7 times, standing in for 7 days of the same size
// (the history is stored as sums only, so earlier days have no current items to read).
t = performance.now();
let naiveTrendUnits = 0;
const weekDays: ReturnType<typeof aggregateOf>[] = [];
for (let i = 0; i < 7; i++) {
  const d = await naiveDay(today);
  naiveTrendUnits += d.readUnits;
  weekDays.push(...d.days);
}
// Each family's totals from every locality's figures of the 7 days, as the view would sum them.
const familyTotals = new Map(
  familyFilters().map(({ family, filter }) => [family, [{ date: today, localityId: '*', reported: reportedIn(weekDays, sectorsOf(filter)), totals: totalsAcross(weekDays, sectorsOf(filter)) }]]),
);
trendsOf({ measure: 'vacancy-rate', from: today, to: today, by: 'sector-family', familyTotals, localities: reg.localities, providers: reg.providers });
const naiveTrendMs = performance.now() - t;
// Timed as every view is (p50 of 10, the first shown when it read more), so its ratio is read as the others are.
const TRENDS_7 = 'Trends 7 days by sector family (to today)';
await measureView(TRENDS_7, `/api/system/trends?from=${addDays(today, -6)}&to=${today}`, '');
/** The naive time against the stored view's p50, and against its first (uncached) request. */
const ratio = (naiveMs: number, view: string) =>
  `stored p50 ${(viewMs.get(view) ?? NaN).toFixed(0)} ms: ${(naiveMs / (viewMs.get(view) ?? NaN)).toFixed(0)}x; first request ${(viewFirstMs.get(view) ?? NaN).toFixed(0)} ms: ${(naiveMs / (viewFirstMs.get(view) ?? NaN)).toFixed(0)}x`;
record('Naive summary (every current return of today)', `${naiveSummaryMs.toFixed(0)} ms / ${kib(naiveToday.readUnits).toFixed(0)} KiB; ${ratio(naiveSummaryMs, 'Summary (today)')}`, '>= 100x');
record('Naive heatmap locality x staff group', `${naiveHeatmapMs.toFixed(0)} ms; ${ratio(naiveHeatmapMs, 'Heatmap locality x staff group (today)')}`, '>= 100x');
record(`Naive trends, 7 days (7 x ${UNITS.toLocaleString('en-GB')} current returns)`, `${naiveTrendMs.toFixed(0)} ms / ${kib(naiveTrendUnits).toFixed(0)} KiB; ${ratio(naiveTrendMs, TRENDS_7)}`, '>= 100x');

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
record(
  `Peak memory (RSS): the server (the bench process with its one API) / the same during the ingest (with ${INGEST_INSTANCES} API instances and the load generator) / the dynalite process (in memory, every item)`,
  `${mib(peakRss.server)} / ${mib(peakRss.ingest)} / ${mib(peakDbRss)}`,
);
record('Whole run', `${((performance.now() - started) / 60000).toFixed(1)} min`, '< 15 min');
clearInterval(sampler);
clearInterval(dbSampler);
console.log('');
console.table(rows);
api.close();
doc.destroy();
loaderDoc.destroy();
await db.stop();
process.exit(0);
