/**
 * The people of `npm run bench -- --load`, in a worker thread of their own so that the server's
 * event loop (the API and its embedded dynalite) carries only the server: one person per unit,
 * each submitting a return for a date, amending it once, and going on to the next date.
 *
 * Each behaves as a polite client (and as a person pressing "Submit" again would): a 429 or
 * 503 is tried again after the `Retry-After` it carries, plus up to half as much again so that
 * clients told the same thing do not all come back in the same instant; a request that times out
 * is sent again as it was (same body, same If-Match), so a save whose answer was lost is retried
 * and must not become a second version. Every try is counted.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { addDays, type Provider, type ReturnBody } from '#domain';
import { figuresOf as demoBodyOf } from '#local/demo/figures';
import { profileOf } from '#local/demo/profile';
import { DEMO_SEED } from '#local/demo/register';

export interface ClientsConfig {
  url: string;
  units: { provider: Provider; auth: string }[];
  dates: string[];
  seconds: number;
  timeoutMs: number;
  thinkMs: number;
  /** Saves still unanswered this long after the end are given up (and reported). */
  drainMs: number;
}

/** A save the server acknowledged (200 or 201) with the version it holds. */
export interface Ack {
  providerId: string;
  date: string;
  version: number;
  body: ReturnBody;
  /** From the first try to the acknowledgement, waits and retries included. */
  ms: number;
}

/** A save given up at the drain deadline: it may or may not be stored, once. */
export interface Unanswered {
  providerId: string;
  date: string;
  body: ReturnBody;
}

export interface ClientsReport {
  acks: Ack[];
  unanswered: Unanswered[];
  /** Answers no single writer of a unit should ever get (409, 412, 4xx, 500): each a defect. */
  problems: string[];
  tries: number;
  retries: number;
  timeouts: number;
  byStatus: Record<string, number>;
  /** Each answered try's latency (timeouts are counted apart). */
  tryMs: number[];
  /** Seconds actually spent in the sustained part (until the last save started). */
  sustainedS: number;
  /** Saves acknowledged in each 10 s of the run. */
  perWindow: number[];
}

export type ClientsMessage = { kind: 'progress'; seconds: number; acks: number; timeouts: number; retries: number; byStatus: Record<string, number> } | { kind: 'done'; report: ClientsReport };

/** How long to wait before trying again: the server's Retry-After when it gave one, else exponential backoff. */
export function waitBeforeRetry(attempt: number, retryAfter: string | null, now = Date.now()): number {
  const jitter = 1 + Math.random() / 2;
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000 * jitter;
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, at - now) * jitter;
  }
  return Math.min(8_000, 250 * 2 ** attempt) * (0.5 + Math.random());
}

/** Statuses a client tries again; anything else is final. 500 is a defect, but a person would press again. */
const RETRIED = new Set([429, 500, 502, 503, 504]);

async function run(cfg: ClientsConfig): Promise<ClientsReport> {
  const report: ClientsReport = { acks: [], unanswered: [], problems: [], tries: 0, retries: 0, timeouts: 0, byStatus: {}, tryMs: [], sustainedS: 0, perWindow: [] };
  const started = Date.now();
  const end = started + cfg.seconds * 1000;
  const giveUp = end + cfg.drainMs;
  let lastStart = started;
  const count = (key: string) => (report.byStatus[key] = (report.byStatus[key] ?? 0) + 1);

  /** Sends one save until it is answered finally; null when given up at the drain deadline. */
  async function save(path: string, init: RequestInit): Promise<{ status: number; json: unknown } | null> {
    for (let attempt = 0; ; attempt++) {
      if (Date.now() >= giveUp) return null;
      if (attempt > 0) report.retries++;
      report.tries++;
      const t = performance.now();
      let wait: number;
      try {
        const res = await fetch(`${cfg.url}${path}`, { ...init, signal: AbortSignal.timeout(cfg.timeoutMs) });
        const text = await res.text();
        report.tryMs.push(performance.now() - t);
        count(String(res.status));
        if (!RETRIED.has(res.status)) return { status: res.status, json: text ? JSON.parse(text) : null };
        if (res.status === 500) report.problems.push(`${path}: 500 ${text.slice(0, 200)}`);
        wait = waitBeforeRetry(attempt, res.headers.get('Retry-After'));
      } catch {
        report.timeouts++;
        count('timeout');
        wait = waitBeforeRetry(attempt, null);
      }
      await sleep(wait);
    }
  }

  /** One unit's person: a return for each date in turn, then one amendment of it. */
  async function person({ provider, auth }: ClientsConfig['units'][number]) {
    const profile = profileOf(DEMO_SEED, provider);
    let n = 0;
    for (const date of cfg.dates.filter((d) => d >= provider.activeFrom)) {
      const path = `/api/providers/${encodeURIComponent(provider.providerId)}/returns/${date}`;
      let ifMatch: number | undefined;
      for (const edition of [0, 1]) {
        await sleep(cfg.thinkMs * (0.5 + Math.random()));
        // A first return is only started in the sustained part; its amendment always follows.
        if (edition === 0 && Date.now() >= end) return;
        lastStart = Math.max(lastStart, Date.now());
        const body = demoBodyOf(`${DEMO_SEED}-load-${n++}`, provider, profile, date);
        const headers: Record<string, string> = { Authorization: auth, 'Content-Type': 'application/json' };
        if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
        const t = performance.now();
        const res = await save(path, { method: 'PUT', headers, body: JSON.stringify(body) });
        if (res === null) {
          report.unanswered.push({ providerId: provider.providerId, date, body });
          return;
        }
        if (res.status !== 200 && res.status !== 201) {
          report.problems.push(`${provider.providerId} ${date}: PUT${ifMatch ? ` If-Match ${ifMatch}` : ''} answered ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`);
          return;
        }
        const version = (res.json as { version: number }).version;
        report.acks.push({ providerId: provider.providerId, date, version, body, ms: performance.now() - t });
        const window = Math.floor((Date.now() - started) / 10_000);
        report.perWindow[window] = (report.perWindow[window] ?? 0) + 1;
        ifMatch = version;
      }
    }
  }

  const ticker = setInterval(() => {
    const message: ClientsMessage = { kind: 'progress', seconds: Math.round((Date.now() - started) / 1000), acks: report.acks.length, timeouts: report.timeouts, retries: report.retries, byStatus: { ...report.byStatus } };
    parentPort?.postMessage(message);
  }, 10_000);
  try {
    await Promise.all(cfg.units.map(person));
  } finally {
    clearInterval(ticker);
  }
  report.sustainedS = (Math.min(lastStart, end) - started) / 1000;
  for (let i = 0; i < report.perWindow.length; i++) report.perWindow[i] ??= 0;
  return report;
}

if (parentPort && workerData) {
  const report = await run(workerData as ClientsConfig);
  parentPort.postMessage({ kind: 'done', report } satisfies ClientsMessage);
}
