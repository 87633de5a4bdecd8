/**
 * `npm run bench:capacity`: DynamoDB capacity units (what on-demand bills) for one submission
 * and for each view a user opens, measured on the demo system through the real app: every
 * request asks for ReturnConsumedCapacity, which dynalite computes from item sizes as DynamoDB
 * does. The README's cost estimate is built on these figures; re-run it when the storage
 * changes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, systemClock, type ReturnVersion } from '#domain';
import { createApp } from '#api/app';
import { runSchedule } from '#api/schedule';
import { ensureDemo } from '#local/demo-loader';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#store/client';
import { createDynamoStore } from '#store/dynamo-store';
import { startTestDb } from '../support/dynalite';

const meter = { reads: 0, writes: 0, requests: 0 };
type Capacity = { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;

const db = await startTestDb();
const doc = createDocumentClient({ endpoint: db.endpoint, region: 'local' });
doc.middlewareStack.add(
  (next, context) => async (args) => {
    (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
    const out = await next(args);
    const consumed = (out.output as { ConsumedCapacity?: Capacity }).ConsumedCapacity;
    const units = [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
    meter.requests++;
    if (/Put|Update|Delete|Write/.test(context.commandName ?? '')) meter.writes += units;
    else meter.reads += units;
    return out;
  },
  { step: 'initialize', name: 'meterCapacity' },
);
const store = createDynamoStore({ doc, tableName: db.tableName });
const dataDir = await mkdtemp(join(tmpdir(), 'staffing-capacity-'));
const rows: Record<string, string | number>[] = [];

try {
  // Loaded through the test db's own (unmetered) store; only the requests below are metered.
  const demo = await ensureDemo(db.store, { dataDir, now: new Date(), progress: { update: () => {}, stop: () => {} } });
  console.log(`demo: ${JSON.stringify(demo)}`);
  if (demo.action !== 'loaded') throw new Error('the demo did not load');
  // What the reconcile job keeps ready in AWS (npm start does the same): the closed days' rollups and kept unit days, which the views read.
  await runSchedule(db.store, new Date(), { peerDatesPerRun: Number.POSITIVE_INFINITY });

  // Storage: a consistent scan reads every item once, one read unit per 4 KB; DynamoDB bills
  // storage on the same item sizes plus 100 bytes of overhead per item.
  Object.assign(meter, { reads: 0, writes: 0, requests: 0 });
  let items = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: db.tableName, Select: 'COUNT', ConsistentRead: true, ExclusiveStartKey: start }));
    items += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  const bytes = meter.reads * 4096 + items * 100;
  console.log(`table: ${items} items, about ${(bytes / 1024 / 1024).toFixed(1)} MB billed, ${((bytes / demo.returns) / 1024).toFixed(2)} KB per unit-day (${demo.returns} unit-days)`);
  // The provider rows are a demo provider user of their unit (an admin's save also writes its audit
  // entry); the leader rows an admin, who sees what a leader sees.
  const people = await db.store.listPeople();
  let providerSubject = '';
  const app = createApp({
    store,
    clock: systemClock,
    verifyToken: async (token) => (token === 'provider' ? { subject: providerSubject, roles: ['provider'] } : { subject: 'bench-admin', roles: ['admin'] }),
    logger: { info: () => {}, error: console.error },
  });
  const call = async (label: string, method: string, path: string, body?: object, headers: Record<string, string> = {}) => {
    Object.assign(meter, { reads: 0, writes: 0, requests: 0 });
    const res = await app.request(path, {
      method,
      headers: { Authorization: `Bearer ${label.startsWith('Provider') ? 'provider' : 'leader'}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 300) throw new Error(`${label}: ${method} ${path} answered ${res.status} ${await res.text()}`);
    rows.push({ request: label, 'DynamoDB requests': meter.requests, 'read units': meter.reads, 'write units': meter.writes });
    return res.json();
  };

  const providers = await store.listProviders();
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = addDays(today, -1);
  const bodyOf = (r: ReturnVersion) => ({ staffing: r.staffing, capacity: r.capacity, pressure: r.pressure });
  // A care home that has reported before but not today: a first submission of the day.
  let unit: (typeof providers)[number] | undefined;
  let previous: ReturnVersion | null = null;
  for (const p of providers.filter((x) => x.sector === 'care-home')) {
    const member = people.find((m) => m.role === 'provider' && m.providerIds.includes(p.providerId));
    if (!member || (await store.currentReturn(p.providerId, today))) continue;
    providerSubject = member.subject;
    previous = await store.latestReturnBefore(p.providerId, today);
    if (previous) {
      unit = p;
      break;
    }
  }
  if (!unit || !previous) throw new Error('no care home left to report today');
  const id = unit.providerId;

  await call('Provider: open the unit', 'GET', `/api/providers/${id}`);
  await call('Provider: recent returns (14 days)', 'GET', `/api/providers/${id}/returns?from=${addDays(today, -14)}&to=${today}`);
  const saved = (await call('Provider: submit today (new return)', 'PUT', `/api/providers/${id}/returns/${today}`, bodyOf(previous))) as ReturnVersion;
  await call('Provider: amend it', 'PUT', `/api/providers/${id}/returns/${today}`, { ...bodyOf(saved), pressure: { ...saved.pressure, note: 'amended' } }, {
    'If-Match': `"${saved.version}"`,
  });
  await call('Leader: localities', 'GET', '/api/localities');
  await call('Leader: units', 'GET', '/api/providers');
  await call('Leader: summary', 'GET', `/api/system/summary?date=${yesterday}`);
  await call('Leader: heatmap locality x staff group', 'GET', `/api/system/heatmap?measure=vacancy-rate&rows=locality&columns=staff-group&date=${yesterday}`);
  await call('Leader: heatmap unit x day, 28 days', 'GET', `/api/system/heatmap?measure=vacancy-rate&rows=provider&columns=day&days=28&date=${yesterday}`);
  await call('Leader: trends by sector family (the trends page)', 'GET', '/api/system/trends?measure=vacancy-rate');
  await call('Leader: trends by locality (default window)', 'GET', '/api/system/trends?measure=vacancy-rate&by=locality');
  await call('Leader: discharge', 'GET', `/api/system/discharge?date=${yesterday}`);
  await call('Leader: completeness', 'GET', `/api/system/completeness?date=${yesterday}`);
  // The scheduled job (every 15 minutes in AWS): with the saves above to check, then with nothing new.
  // Settle 0: the saves above are seconds old, and the job's own 5 minutes would leave them to a later run.
  const job = createDynamoStore({ doc, tableName: db.tableName, settleMs: 0 });
  for (const label of ['Reconcile job: a run after the 2 saves above', 'Reconcile job: a run with nothing new']) {
    Object.assign(meter, { reads: 0, writes: 0, requests: 0 });
    await runSchedule(job, new Date());
    rows.push({ request: label, 'DynamoDB requests': meter.requests, 'read units': meter.reads, 'write units': meter.writes });
  }
  console.log('');
  console.table(rows);
} finally {
  doc.destroy();
  await db.stop();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(0);
