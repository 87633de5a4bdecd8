import { format } from 'node:util';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '#api/app';
import type { Clock } from '#domain';
import { startLocalSystem } from '#local/server';
import type { Store } from '#store/types';
import { ACUTE, hospitalReturn, startApi, type Api } from '../api/harness';
import { makeStore } from '../support/dynalite';
import { secretsIn } from './log-guard';
import { createTestIssuer, type TestIssuer } from './tokens';

/**
 * Issue 11, item 8: what the API writes to its logs (Powertools' JSON lines in Lambda, the
 * console locally) for every kind of request, successes, refusals, a database that is down and
 * a crash, holds no bearer token, no e-mail address and no note text. The canaries below are
 * sent in tokens, bodies and headers; none may come back out in a log line.
 */
const EMAIL = 'jane.nurse@nhs-trust.example';
const NOTE = 'Canary note: Mrs Example in bed 4 awaits a package of care';

let api: Api;
let issuer: TestIssuer;
const clock: Clock = { now: () => new Date('2026-06-15T10:00:00Z') };
beforeAll(async () => {
  api = await startApi();
  issuer = await createTestIssuer();
});
afterAll(() => api.stop());

/** Runs `work` while recording (and holding back) everything written to stdout, stderr and the console. */
async function captured(work: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const restore: (() => void)[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = ((chunk: unknown) => lines.push(String(chunk)) > 0) as typeof stream.write;
    restore.push(() => (stream.write = original));
  }
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => lines.push(format(...args));
    restore.push(() => (console[level] = original));
  }
  try {
    await work();
  } finally {
    restore.forEach((r) => r());
  }
  return lines.join('\n');
}

/** Every kind of request a day brings, with the canaries in the token, the body and the headers. */
async function workload(request: (path: string, init: RequestInit) => Promise<Response>) {
  const nurse = await issuer.sign('provider-jr', ['provider'], { claims: { username: EMAIL, email: EMAIL } });
  const admin = await issuer.sign('admin-1', ['admin'], { claims: { username: EMAIL, email: EMAIL } });
  const json = (token: string, body: unknown, extra: Record<string, string> = {}): RequestInit => ({
    method: 'PUT',
    body: JSON.stringify(body),
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...extra },
  });
  const withNote = (note: string) => ({ ...hospitalReturn(), pressure: { level: 3, note } });
  const statuses: number[] = [];
  const send = async (path: string, init: RequestInit) => statuses.push((await request(path, init)).status);
  await send(`/api/providers/${ACUTE}/returns/2026-06-13`, json(nurse, withNote(NOTE), { 'X-Request-Id': EMAIL }));
  await send(`/api/providers/${ACUTE}/returns/2026-06-13`, json(nurse, withNote(`${NOTE} (amended)`), { 'If-Match': '"9"' }));
  await send(`/api/providers/${ACUTE}/returns/2026-06-12`, json(nurse, withNote(`${NOTE}\u0000`)));
  await send(`/api/providers/${ACUTE}/returns/2026-06-12`, json(nurse, { ...withNote(NOTE), email: EMAIL }));
  await send(`/api/providers/${ACUTE}/returns/2026-06-12`, { ...json(nurse, withNote(NOTE)), body: `{"pressure":"${NOTE}","pressure":1}` });
  await send(`/api/providers/${ACUTE}/returns/2026-06-13`, { headers: { Authorization: `Bearer ${nurse}` } });
  await send(`/api/providers/sunrise-care/returns/2026-06-13`, json(nurse, withNote(NOTE)));
  await send('/api/localities', { headers: { Authorization: `Bearer ${nurse}x` } });
  await send('/api/localities', { headers: { Authorization: `Bearer ${EMAIL}` } });
  await send(`/api/providers/${ACUTE}/returns?from=${encodeURIComponent(EMAIL)}&to=2026-06-01`, { headers: { Authorization: `Bearer ${nurse}` } });
  await send('/api/imports', {
    method: 'POST',
    body: `providerId,date,staffGroup,establishmentWte,inPostWte,vacancyWte,absentWte,plannedHours,filledPermanent,filledBank,filledAgency,pressureLevel,pressureNote\n${ACUTE},2026-06-11,registered-nurse,10,9,1,0,100,90,5,5,2,"${NOTE}"\n${ACUTE},2026-06-10,registered-nurse,-1,9,1,0,100,90,5,5,2,"${NOTE} ${EMAIL}"\n`,
    headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'text/csv' },
  });
  await send(`/api/system/day-returns?date=2026-06-13`, { headers: { Authorization: `Bearer ${admin}` } });
  return statuses;
}

const failing = (store: Store, what: keyof Store): Store =>
  new Proxy(store, {
    get: (target, key) =>
      key === what
        ? () => {
            throw Object.assign(new Error('the write failed half way'), { name: 'UnexpectedStoreError' });
          }
        : Reflect.get(target, key),
  });

describe('log hygiene', () => {
  test("the Lambda's Powertools log lines hold no token, e-mail or note, whatever happened to the request", async () => {
    const stores = {
      working: api.store,
      'down (503)': makeStore('http://127.0.0.1:9', api.db.tableName, { maxAttempts: 1 }),
      'crashing on read (500)': failing(api.store, 'currentReturn'),
    };
    for (const [name, store] of Object.entries(stores)) {
      const app = createApp({ store, clock, verifyToken: issuer.verifyToken }); // no logger: Powertools, as in Lambda
      let statuses: number[] = [];
      const logs = await captured(async () => {
        statuses = await workload(async (path, init) => app.request(path, init));
      });
      expect(logs, name).toMatch(/"message":"request"/); // the log lines really were captured
      if (name !== 'working') expect(logs, name).toMatch(/"level":"ERROR"/);
      expect(statuses.some((s) => s >= 500), name).toBe(name !== 'working');
      expect(secretsIn(logs), name).toEqual([]);
      expect(logs, name).not.toContain('Canary note');
    }
  });

  test("the laptop server's console holds no token, e-mail or note", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'staffing-logs-'));
    try {
      const logs = await captured(async () => {
        const system = await startLocalSystem({ port: 0, dataDir, demo: false });
        try {
          const token = await (await fetch(`${system.url}/auth/local/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"role":"admin"}' })).json();
          const bearer = (token as { access_token: string }).access_token;
          await fetch(`${system.url}/api/localities`, { headers: { Authorization: `Bearer ${bearer}` } });
          await fetch(`${system.url}/api/providers/${encodeURIComponent(EMAIL)}`, { headers: { Authorization: `Bearer ${bearer}` } });
          await fetch(`${system.url}/api/providers/x/returns/2026-06-01`, { method: 'PUT', headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ pressure: { note: NOTE } }) });
          await fetch(`${system.url}/api/localities?token=${bearer}`, { headers: { Authorization: `Bearer ${bearer}x` } });
        } finally {
          await system.stop();
        }
      });
      expect(logs).toMatch(/GET \/api\/localities → 200/);
      expect(secretsIn(logs)).toEqual([]);
      expect(logs).not.toContain('Canary note');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
