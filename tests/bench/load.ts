/**
 * `npm run bench:load` (issue 11, item 10): every demo unit submits and amends its returns at
 * once, for a sustained minute (`-- --seconds N` to change it), through the real laptop server
 * over HTTP. Clients behave as the dashboard does: a request that times out, or answers 429 or
 * 5xx, is sent again as it was (the same body and If-Match), so a write whose answer was lost is
 * retried. Afterwards, read beneath the API: every acknowledged version is stored exactly once
 * (no gap, no extra version, each body as acknowledged), and every locality x staff-group cell
 * of the heatmap equals a recomputation from the acknowledged returns. Prints throughput,
 * latency p50/p99 and every error; exits 1 if anything was lost, doubled or miscounted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { addDays, bodyOf, canonicalBody, mapLimit, type Provider, type ReturnBody, type ReturnVersion } from '#domain';
import { figuresOf } from '#local/demo/figures';
import { profileOf } from '#local/demo/profile';
import { DEMO_SEED } from '#local/demo/register';
import { startLocalSystem } from '#local/server';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 60);
/** A client gives up waiting after this long and sends the request again: API Gateway's own 30 s limit. */
const TIMEOUT_MS = arg('timeout-ms', 30_000);
/** A person takes a moment between saving one return and the next (0.5 to 1.5 s). */
const THINK_MS = arg('think-ms', 1_000);
/** Dates well before the demo's own (3 days), so every return on them is this run's. */
const DATES_BACK = { from: 40, to: 5 };

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;

interface Ack {
  providerId: string;
  date: string;
  version: number;
  body: ReturnBody;
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'staffing-load-'));
  const system = await startLocalSystem({ port: 0, dataDir, quiet: true, demo: { days: 3 } });
  const stats = { requests: 0, retries: 0, timeouts: 0, byStatus: new Map<number, number>(), latencies: [] as number[] };
  const acks: Ack[] = [];
  try {
    const providers = await system.store.listProviders();
    const token = async (body: object) =>
      ((await (await fetch(`${system.url}/auth/local/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json()) as { access_token: string }).access_token;
    const today = new Date().toISOString().slice(0, 10);

    /** Sends until an answer that is neither a timeout, a 429 nor a 5xx; every try counted. */
    async function send(path: string, init: RequestInit): Promise<{ status: number; json: unknown }> {
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) {
          stats.retries++;
          await sleep(Math.min(2_000, 100 * 2 ** attempt) * (0.5 + Math.random()));
        }
        stats.requests++;
        const started = performance.now();
        try {
          const res = await fetch(`${system.url}${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
          const text = await res.text();
          stats.latencies.push(performance.now() - started);
          stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
          if (res.status === 429 || res.status >= 500) continue;
          return { status: res.status, json: text ? JSON.parse(text) : null };
        } catch {
          stats.timeouts++;
        }
      }
    }

    /** One unit's person: submits a return for each date in turn, then amends it once. */
    async function unitWorker(provider: Provider, auth: string, end: number) {
      const profile = profileOf(DEMO_SEED, provider);
      const dates: string[] = [];
      for (let back = DATES_BACK.to; back <= DATES_BACK.from; back++) {
        const date = addDays(today, -back);
        if (date >= provider.activeFrom) dates.push(date);
      }
      let n = 0;
      for (const date of dates) {
        if (Date.now() >= end) return;
        const path = `/api/providers/${provider.providerId}/returns/${date}`;
        let ifMatch: number | undefined;
        for (const edition of [0, 1]) {
          await sleep(THINK_MS * (0.5 + Math.random()));
          const body = figuresOf(`${DEMO_SEED}-load-${n++}`, provider, profile, date);
          const headers: Record<string, string> = { Authorization: auth, 'Content-Type': 'application/json' };
          if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
          const res = await send(path, { method: 'PUT', headers, body: JSON.stringify(body) });
          if (res.status !== 200 && res.status !== 201) throw new Error(`${provider.providerId} ${date}: PUT answered ${res.status} ${JSON.stringify(res.json)}`);
          const saved = res.json as ReturnVersion;
          acks.push({ providerId: provider.providerId, date, version: saved.version, body });
          ifMatch = saved.version;
          if (edition === 0 && Date.now() >= end) return;
        }
      }
    }

    // Everyone signs in first, so the minute is all submissions.
    const auths = await mapLimit(providers, 8, async (p) => `Bearer ${await token({ role: 'provider', providerIds: [p.providerId] })}`);
    console.log(`Load: ${providers.length} units submitting and amending at once for ${SECONDS} s (client timeout ${TIMEOUT_MS} ms)…`);
    const started = performance.now();
    const end = Date.now() + SECONDS * 1000;
    // The server prints each 503's cause; count them instead of filling the screen.
    const printError = console.error;
    let serverErrorLines = 0;
    console.error = () => void serverErrorLines++;
    const ticker = setInterval(() => console.log(`  ${Math.round((performance.now() - started) / 1000)} s: ${acks.length} acknowledged, ${stats.timeouts} timeouts, ${stats.retries} retries`), 10_000);
    try {
      await Promise.all(providers.map((p, i) => unitWorker(p, auths[i], end)));
    } finally {
      clearInterval(ticker);
      console.error = printError;
    }
    const elapsed = (performance.now() - started) / 1000;

    // Exactly once: each unit-date's versions are 1..n, n the last acknowledged, each as acknowledged.
    const byReturn = new Map<string, Ack[]>();
    for (const a of acks) byReturn.set(`${a.providerId}|${a.date}`, [...(byReturn.get(`${a.providerId}|${a.date}`) ?? []), a]);
    const problems: string[] = [];
    for (const [key, list] of byReturn) {
      const [providerId, date] = key.split('|');
      const stored = await system.store.versions(providerId, date);
      const last = Math.max(...list.map((a) => a.version));
      if (stored.map((v) => v.version).join() !== Array.from({ length: last }, (_, i) => i + 1).join())
        problems.push(`${key}: versions ${stored.map((v) => v.version).join(',')} but ${last} acknowledged`);
      for (const a of list) {
        const v = stored.find((s) => s.version === a.version);
        if (!v || canonicalBody(bodyOf(v)) !== canonicalBody(a.body)) problems.push(`${key}: version ${a.version} is not what was acknowledged`);
      }
    }

    // Every aggregate exact: each locality x staff-group cell against the acknowledged returns.
    const leader = `Bearer ${await token({ role: 'leader' })}`;
    const unitOf = new Map(providers.map((p) => [p.providerId, p]));
    const finalOf = new Map<string, Ack>();
    for (const a of acks) if ((finalOf.get(`${a.providerId}|${a.date}`)?.version ?? 0) < a.version) finalOf.set(`${a.providerId}|${a.date}`, a);
    const dates = [...new Set(acks.map((a) => a.date))].sort();
    let cells = 0;
    for (const date of dates) {
      const expected = new Map<string, { n: number; d: number; reported: number }>();
      for (const a of finalOf.values()) {
        if (a.date !== date) continue;
        for (const line of a.body.staffing) {
          const key = `${unitOf.get(a.providerId)!.localityId}|${line.staffGroup}`;
          const e = expected.get(key) ?? { n: 0, d: 0, reported: 0 };
          expected.set(key, { n: e.n + line.vacancyWte, d: e.d + line.establishmentWte, reported: e.reported + 1 });
        }
      }
      const res = await send(`/api/system/heatmap?date=${date}&measure=vacancy-rate&rows=locality&columns=staff-group`, { headers: { Authorization: leader } });
      const view = res.json as { cells: { row: string; column: string; numerator: number | null; denominator: number | null; reported: number }[] };
      for (const cell of view.cells) {
        const e = expected.get(`${cell.row}|${cell.column}`) ?? { n: 0, d: 0, reported: 0 };
        cells++;
        const same = (a: number | null, b: number) => Math.abs((a ?? 0) - b) < 0.005;
        if (cell.reported !== e.reported || !same(cell.numerator, e.n) || !same(cell.denominator, e.d))
          problems.push(`${date} ${cell.row} x ${cell.column}: ${cell.numerator}/${cell.denominator} from ${cell.reported} units, expected ${e.n.toFixed(2)}/${e.d.toFixed(2)} from ${e.reported}`);
      }
    }

    const statuses = [...stats.byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(', ');
    const rows: [string, string][] = [
      ['Units submitting at once', String(providers.length)],
      ['Duration', `${elapsed.toFixed(1)} s`],
      ['Acknowledged writes', `${acks.length} (${acks.filter((a) => a.version === 1).length} first submissions, ${acks.filter((a) => a.version > 1).length} amendments)`],
      ['Throughput', `${(acks.length / elapsed).toFixed(1)} acknowledged writes/s; ${(stats.requests / elapsed).toFixed(1)} HTTP requests/s`],
      ['Request latency', `p50 ${percentile(stats.latencies, 0.5).toFixed(0)} ms, p99 ${percentile(stats.latencies, 0.99).toFixed(0)} ms`],
      ['Answers by status', statuses],
      ['Client timeouts, retries', `${stats.timeouts}, ${stats.retries} (think time ${THINK_MS} ms, timeout ${TIMEOUT_MS} ms)`],
      ['Server error lines (503 causes)', String(serverErrorLines)],
      ['Returns checked beneath the API', `${byReturn.size} unit-days, ${acks.length} acknowledged versions`],
      ['Heatmap cells recomputed', `${cells} across ${dates.length} days`],
      ['Lost, doubled or miscounted', String(problems.length)],
    ];
    console.log(`\n| Figure | Value |\n|---|---|\n${rows.map(([f, v]) => `| ${f} | ${v} |`).join('\n')}`);
    if (problems.length > 0) {
      console.error(`\n${problems.slice(0, 20).join('\n')}`);
      process.exitCode = 1;
    }
  } finally {
    await system.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
