/**
 * `npm run bench -- --load` (issue 11, item 10): every demo unit submits and amends its returns
 * at once for a sustained minute, through the real laptop server over HTTP (the API and its
 * embedded dynalite in this process; the people in a worker thread, tests/bench/load-clients.ts,
 * polite clients that honour Retry-After and resend a timed-out request as it was). Afterwards
 * it checks beneath the API (tests/bench/load-check.ts) that every acknowledged save is stored
 * exactly once and every sum and view equals a recomputation from the acknowledged versions.
 *
 *   --units N        take N demo units, spread over sectors and localities (default: all 263)
 *   --seconds S      how long new returns are started (default 60)
 *   --timeout-ms T   a client gives up waiting and resends after T ms (default 30000, API Gateway's limit)
 *   --think-ms M     a person's pause between saves, 0.5 to 1.5 times M (default 1000)
 *
 * Prints throughput, latency, answers by status, retries, the machine's load and where the
 * server's time went (its event loop's utilisation, DynamoDB requests per save and their
 * latency in dynalite); exits 1 if anything was lost, doubled or miscounted.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, mapLimit, type Provider } from '#domain';
import { startLocalSystem } from '#local/server';
import { checkBeneathTheApi } from './load-check';
import type { ClientsConfig, ClientsMessage, ClientsReport } from './load-clients';
import { tsWorker } from './worker';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
};
const SECONDS = arg('seconds', 60);
const TIMEOUT_MS = arg('timeout-ms', 30_000);
const THINK_MS = arg('think-ms', 1_000);
/** Dates well before the demo's own (3 days), so every return on them is this run's; more than anyone gets through. */
const DATES_BACK = { from: 100, to: 5 };
const DRAIN_MS = 180_000;

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
const ms = (xs: number[]) => (xs.length ? `p50 ${percentile(xs, 0.5).toFixed(0)} ms, p99 ${percentile(xs, 0.99).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms` : 'none');

/** N units spread evenly over the register (sorted by sector and locality), so every kind takes part. */
function spread(providers: Provider[], n: number): Provider[] {
  const sorted = [...providers].sort((a, b) => `${a.sector}|${a.localityId}|${a.providerId}`.localeCompare(`${b.sector}|${b.localityId}|${b.providerId}`));
  if (n >= sorted.length) return sorted;
  return Array.from({ length: n }, (_, i) => sorted[Math.floor((i * sorted.length) / n)]);
}

/**
 * DynamoDB requests as dynalite (an HTTP server in this process) sees them: count by operation,
 * and the time from its reading a request to its answer; and as the SDK sees them, queueing
 * for a socket included.
 */
function watchDynalite(endpoint: string) {
  const port = Number(new URL(endpoint).port);
  const byOperation = new Map<string, number>();
  const serverMs: number[] = [];
  const sdkMs: number[] = [];
  const began = new WeakMap<object, number>();
  let on = false;
  subscribe('http.server.request.start', (m) => {
    const { request, server } = m as { request: IncomingMessage; server: Server };
    if (!on || (server.address() as { port: number } | null)?.port !== port) return;
    began.set(request, performance.now());
    const op = String(request.headers['x-amz-target'] ?? '?').replace(/^DynamoDB_\d+\./, '');
    byOperation.set(op, (byOperation.get(op) ?? 0) + 1);
  });
  subscribe('http.server.response.finish', (m) => {
    const { request } = m as { request: IncomingMessage };
    const t = began.get(request);
    if (t !== undefined) serverMs.push(performance.now() - t);
  });
  subscribe('http.client.request.start', (m) => {
    const { request } = m as { request: { host?: string; getHeader(n: string): unknown } };
    if (on && String(request.getHeader('host') ?? '').endsWith(`:${port}`)) began.set(request, performance.now());
  });
  subscribe('http.client.response.finish', (m) => {
    const { request } = m as { request: object };
    const t = began.get(request);
    if (t !== undefined) sdkMs.push(performance.now() - t);
  });
  return {
    start: () => void (on = true),
    stop: () => void (on = false),
    byOperation,
    serverMs,
    sdkMs,
  };
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'staffing-load-'));
  const system = await startLocalSystem({ port: 0, dataDir, quiet: true, demo: { days: 3 } });
  try {
    const all = await system.store.listProviders();
    const providers = spread(all, arg('units', all.length));
    const token = async (body: object) =>
      ((await (await fetch(`${system.url}/auth/local/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json()) as { access_token: string }).access_token;
    const today = new Date().toISOString().slice(0, 10);
    const dates = Array.from({ length: DATES_BACK.from - DATES_BACK.to + 1 }, (_, i) => addDays(today, -(DATES_BACK.to + i))).sort();

    // Everyone signs in first, so the minute is all saving.
    const units = await mapLimit(providers, 8, async (provider) => ({ provider, auth: `Bearer ${await token({ role: 'provider', providerIds: [provider.providerId] })}` }));
    const dynamo = watchDynalite(system.dynamoEndpoint);

    console.log(`Load: ${units.length} units submitting and amending at once for ${SECONDS} s (client timeout ${TIMEOUT_MS} ms, think ${THINK_MS} ms), load average ${loadavg()[0].toFixed(1)}…`);
    // The server prints each 503's cause; count them by cause instead of filling the screen.
    const printError = console.error;
    const causes = new Map<string, number>();
    console.error = (message: unknown, attributes?: { error?: { cause?: { name?: string; message?: string } } }) => {
      const cause = attributes?.error?.cause;
      const key = cause ? `${cause.name}: ${String(cause.message).slice(0, 90)}` : String(message).slice(0, 90);
      causes.set(key, (causes.get(key) ?? 0) + 1);
    };
    const loads: number[] = [loadavg()[0]];
    const eluStart = performance.eventLoopUtilization();
    let eluWindow = eluStart;
    const delay = monitorEventLoopDelay({ resolution: 20 });
    delay.enable();
    dynamo.start();
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    const config: ClientsConfig = { url: system.url, units, dates, seconds: SECONDS, timeoutMs: TIMEOUT_MS, thinkMs: THINK_MS, drainMs: DRAIN_MS };
    let report: ClientsReport;
    try {
      report = await new Promise<ClientsReport>((resolve, reject) => {
        const worker = tsWorker(new URL('./load-clients.ts', import.meta.url), config);
        worker.on('message', (m: ClientsMessage) => {
          if (m.kind === 'done') return resolve(m.report);
          const elu = performance.eventLoopUtilization(eluWindow);
          eluWindow = performance.eventLoopUtilization();
          loads.push(loadavg()[0]);
          const statuses = Object.entries(m.byStatus).map(([s, n]) => `${s}: ${n}`).join(', ');
          console.log(`  ${m.seconds} s: ${m.acks} saves acknowledged; answers ${statuses || 'none yet'}; ${m.retries} retries; server loop ${(elu.utilization * 100).toFixed(0)} % busy; load ${loads.at(-1)!.toFixed(1)}`);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => code !== 0 && reject(new Error(`the clients' worker exited with ${code}`)));
      });
    } finally {
      console.error = printError;
      dynamo.stop();
      delay.disable();
    }
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const elu = performance.eventLoopUtilization(eluStart);
    loads.push(loadavg()[0]);

    const leader = `Bearer ${await token({ role: 'leader' })}`;
    const check = await checkBeneathTheApi({
      store: system.store,
      providers: all,
      dates,
      acks: report.acks,
      unanswered: report.unanswered,
      getJson: async (path) => {
        const res = await fetch(`${system.url}${path}`, { headers: { Authorization: leader } });
        if (!res.ok) throw new Error(`${path} answered ${res.status}`);
        return res.json();
      },
    });
    const problems = [...report.problems, ...check.problems];

    const acks = report.acks;
    const firsts = acks.filter((a) => a.version === 1).length;
    const statuses = Object.entries(report.byStatus).sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}: ${n}`).join(', ');
    const dynamoRequests = [...dynamo.byOperation.values()].reduce((a, b) => a + b, 0);
    const rows: [string, string][] = [
      ['Units submitting at once', String(units.length)],
      ['Run', `${elapsed.toFixed(1)} s (new returns started for ${report.sustainedS.toFixed(0)} s, then the last amendments finished)`],
      ['Saves acknowledged', `${acks.length} (${firsts} first submissions, ${acks.length - firsts} amendments)`],
      ['Throughput', `${(acks.length / elapsed).toFixed(1)} saves/s; ${(report.tries / elapsed).toFixed(1)} HTTP tries/s`],
      ['Saves acknowledged per 10 s', report.perWindow.join(', ')],
      ['Save latency (first try to acknowledgement)', ms(acks.map((a) => a.ms))],
      ['Latency of each answered try', ms(report.tryMs)],
      ['Answers by status', statuses],
      ['Retries; client timeouts', `${report.retries}; ${report.timeouts}`],
      ['Saves given up unanswered', String(report.unanswered.length)],
      ['Server errors logged, by cause', [...causes].sort(([, a], [, b]) => b - a).map(([c, n]) => `${n} × ${c}`).join('; ') || 'none'],
      ['Machine load average (1 min) during the run', `${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)} on ${availableParallelism()} cores`],
      ['Server event loop (API + dynalite) busy', `${(elu.utilization * 100).toFixed(0)} %; loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms; process CPU ${((cpu.user + cpu.system) / 1e6 / elapsed).toFixed(2)} cores`],
    ];
    const ops = [...dynamo.byOperation.entries()].sort(([, a], [, b]) => b - a).map(([op, n]) => `${op} ${n}`).join(', ');
    rows.push(
      ['DynamoDB requests (dynalite)', `${dynamoRequests} (${(dynamoRequests / elapsed).toFixed(0)}/s; ${(dynamoRequests / Math.max(1, acks.length)).toFixed(1)} per save): ${ops}`],
      ['DynamoDB request latency, in dynalite', ms(dynamo.serverMs)],
      ['DynamoDB request latency, as the SDK sees it', ms(dynamo.sdkMs)],
      ['Checked beneath the API', `${check.versions} versions of ${new Set(acks.map((a) => `${a.providerId}|${a.date}`)).size} unit-days; ${check.unitDays} unit days; ${check.sums} sums (date x locality, and the system's day), again after reconcile; ${check.heatmapCells} heatmap cells`],
      ['Saves the reconcile job found unfinished afterwards', String(check.repairedByReconcile)],
      ['Lost, doubled or miscounted; unexpected answers', String(problems.length)],
    );
    console.log(`\n| Figure | Value |\n|---|---|\n${rows.map(([f, v]) => `| ${f} | ${v} |`).join('\n')}`);
    if (problems.length > 0) {
      console.error(`\n${problems.slice(0, 30).join('\n')}`);
      process.exitCode = 1;
    }
  } finally {
    await system.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
