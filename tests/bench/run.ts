/**
 * `npm run bench`: the figures the issues ask for, measured on this machine and printed as a
 * table. Timings live here, never as assertions in tests. `-- --national` runs the national
 * register bench (national.ts) instead, `-- --load` the load bench (load.ts, docs/reliability.md).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '#api/app';
import { systemClock, type ReturnVersion } from '#domain';
import { startEmbeddedDynamo } from '#local/dynalite';
import { startLocalSystem } from '#local/server';
import { createDocumentClient } from '#store/client';
import { createDynamoStore } from '#store/dynamo-store';
import { DEFAULT_TABLE_NAME } from '#store/table';
import { interceptingHandler, makeStore, startTestDb } from '../support/dynalite';

const rows: { figure: string; value: string }[] = [];
const record = (figure: string, value: string) => {
  rows.push({ figure, value });
  console.log(`${figure}: ${value}`);
};
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await fn();
  return [out, performance.now() - t];
}

async function startUpAndRequests() {
  const dataDir = await mkdtemp(join(tmpdir(), 'staffing-bench-'));
  try {
    const [first, firstMs] = await timed(() => startLocalSystem({ port: 0, dataDir, quiet: true }));
    record('First start, full demo (ready to serve)', `${(firstMs / 1000).toFixed(1)} s`);
    if (first.demo?.action === 'loaded') {
      const { units, returns, items, ms: loadMs } = first.demo;
      record('Demo data loaded', `${units} units, ${returns} returns, ${items} DynamoDB items in ${(loadMs / 1000).toFixed(1)} s`);
      record('Demo load throughput', `${Math.round(items / (loadMs / 1000))} items/s (${Math.round(returns / (loadMs / 1000))} returns/s)`);
    }
    await first.stop();
    const [system, laterMs] = await timed(() => startLocalSystem({ port: 0, dataDir, quiet: true }));
    record('Later start (same .data)', ms(laterMs));
    const bytes = Number(execFileSync('du', ['-sb', dataDir]).toString().split('\t')[0]);
    record('Demo data on disk (.data)', `${(bytes / 1024 / 1024).toFixed(1)} MB`);

    const token = async (body: object) =>
      ((await (await fetch(`${system.url}/auth/local/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json()) as { access_token: string }).access_token;

    // Submission latency: amendments of one unit's return through the real HTTP server.
    const unit = (await system.store.listProviders()).find((p) => p.sector === 'care-home')!;
    const auth = { Authorization: `Bearer ${await token({ role: 'provider', providerIds: [unit.providerId] })}` };
    const latest = (await system.store.latestReturnBefore(unit.providerId, '9999-12-31'))!;
    const path = `${system.url}/api/providers/${unit.providerId}/returns/${latest.date}`;
    let current = (await (await fetch(path, { headers: auth })).json()) as ReturnVersion;
    const putMs: number[] = [];
    for (let i = 0; i < 60; i++) {
      const body = { staffing: current.staffing, capacity: current.capacity, pressure: { level: current.pressure.level, note: `bench ${i}` } };
      const t = performance.now();
      const res = await fetch(path, { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json', 'If-Match': `"${current.version}"` }, body: JSON.stringify(body) });
      putMs.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`PUT answered ${res.status}`);
      current = (await res.json()) as ReturnVersion;
    }
    record('PUT return (amendment) p50 / p95, 60 runs', `${ms(percentile(putMs, 0.5))} / ${ms(percentile(putMs, 0.95))}`);

    // The system views leaders open, over the whole demo system.
    const leader = { Authorization: `Bearer ${await token({ role: 'leader' })}` };
    for (const [name, query] of [
      ['Unit x day heatmap, 28 days, whole system', '/api/system/heatmap?measure=vacancy-rate&rows=provider&columns=day&days=28'],
      ['Locality x staff-group heatmap', '/api/system/heatmap?measure=vacancy-rate&rows=locality&columns=staff-group'],
      ['Summary', '/api/system/summary'],
      ['Trends, 120 days by sector family (the trends page)', '/api/system/trends?measure=vacancy-rate'],
      ['Trends, 120 days by locality', '/api/system/trends?measure=vacancy-rate&by=locality'],
      ['Completeness', '/api/system/completeness'],
      ['Comparison with peers, a care home, 28 days', `/api/providers/${unit.providerId}/comparison`],
    ] as const) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        const res = await fetch(`${system.url}${query}`, { headers: leader });
        bytes = (await res.arrayBuffer()).byteLength;
        times.push(performance.now() - t);
      }
      record(`${name}: p50 / p95, 10 runs`, `${ms(percentile(times, 0.5))} / ${ms(percentile(times, 0.95))} (${(bytes / 1024).toFixed(0)} KiB)`);
    }
    await system.stop();
    await comparisonReads(dataDir);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * DynamoDB requests and KiB read by one comparison with peers (issue 6 item 6) on the demo
 * county, metered beneath the store with ReturnConsumedCapacity: a care home (its locality's
 * care homes) and a community hospital (fewer than 5 in its locality: the system's, gathered).
 * The register is read once per process, so each is measured on its second request.
 */
async function comparisonReads(dataDir: string) {
  const dynamo = await startEmbeddedDynamo(join(dataDir, 'dynalite'));
  const doc = createDocumentClient({ endpoint: dynamo.endpoint, region: 'local' });
  const meter = { requests: 0, readUnits: 0 };
  doc.middlewareStack.add(
    (next) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const out = await next(args);
      const consumed = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
      meter.requests++;
      meter.readUnits += [consumed ?? []].flat().reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
      return out;
    },
    { step: 'initialize', name: 'meterReads' },
  );
  try {
    const store = createDynamoStore({ doc, tableName: DEFAULT_TABLE_NAME });
    const app = createApp({ store, clock: systemClock, verifyToken: async () => ({ subject: 'bench', roles: ['leader'] }), logger: { info: () => {}, error: () => {} } });
    const providers = await store.listProviders();
    for (const sector of ['care-home', 'community'] as const) {
      const unit = providers.find((p) => p.sector === sector)!;
      const path = `/api/providers/${unit.providerId}/comparison`;
      await app.request(path, { headers: { Authorization: 'Bearer bench' } });
      Object.assign(meter, { requests: 0, readUnits: 0 });
      const res = await app.request(path, { headers: { Authorization: 'Bearer bench' } });
      const view = (await res.json()) as { peerGroup: { description: string } };
      // One strongly consistent read unit is up to 4 KiB.
      record(`Comparison, 28 days, a ${sector} unit (${view.peerGroup.description}): DynamoDB requests / KiB read`, `${meter.requests} / ${meter.readUnits * 4} KiB`);
    }
  } finally {
    doc.destroy();
    await dynamo.stop();
  }
}

/** DynamoDB requests one submission makes, counted beneath the SDK. */
async function requestsPerSubmission() {
  const db = await startTestDb();
  try {
    let count = 0;
    const store = makeStore(db.endpoint, db.tableName, {
      requestHandler: interceptingHandler(async (_req, forward) => {
        count++;
        return forward();
      }),
    });
    await store.putLocality({ localityId: 'oxford', name: 'Oxford' });
    const line = { staffGroup: 'care-worker' as const, establishmentWte: 10, inPostWte: 9, vacancyWte: 1, absentWte: 0.5, plannedHours: 80, filledHours: { permanent: 70, bank: 5, agency: 5 } };
    const ret = (version: number): ReturnVersion => ({
      providerId: 'bench-unit', date: '2026-01-05', version, submittedAt: new Date().toISOString(), firstSubmittedAt: new Date().toISOString(),
      submittedBy: 'bench', staffing: [line], capacity: {}, pressure: { level: 1 }, warnings: [],
    });
    count = 0;
    await store.saveVersion(ret(1), { localityId: 'oxford', sector: 'care-home' });
    record('DynamoDB requests per new submission (store write path)', String(count));
    count = 0;
    await store.saveVersion(ret(2), { localityId: 'oxford', sector: 'care-home' });
    record('DynamoDB requests per amendment (store write path)', String(count));
  } finally {
    await db.stop();
  }
}

if (process.argv.includes('--national')) await import('./national'); // exits when done
if (process.argv.includes('--load')) {
  await import('./load');
  process.exit();
}
await requestsPerSubmission();
await startUpAndRequests();
console.log('');
console.table(rows);
process.exit(0);
