import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocalSystem, type LocalSystem } from '#local/server';
import { aCareHome } from '../api/harness';

/**
 * Issue 11, item 9: one person hammering the laptop server is slowed with 429 and Retry-After,
 * and nobody else notices. A small limit (20 a minute) keeps the test short; the default is
 * DEFAULT_RATE_LIMIT. In AWS the API stage's throttling does this job (infra/, docs/reliability.md).
 */
const LIMIT = 20;
let dataDir: string;
let system: LocalSystem;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'staffing-rate-'));
  system = await startLocalSystem({ port: 0, dataDir, demo: false, quiet: true, rateLimit: { limit: LIMIT, windowMs: 60_000 } });
  await system.store.putLocality({ localityId: 'oxford', name: 'Oxford' });
  await system.store.putProvider(aCareHome('some-unit', 'oxford', 'Some unit'));
});
afterAll(async () => {
  await system?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const tokenFor = async (body: object) =>
  ((await (await fetch(`${system.url}/auth/local/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json()) as { access_token: string }).access_token;
const get = (token: string) => fetch(`${system.url}/api/localities`, { headers: { Authorization: `Bearer ${token}` } });

describe('per-person rate limit on the laptop server', () => {
  test('a leader hammering the API gets 429 with Retry-After after the limit; an admin and a provider are not slowed', async () => {
    const leader = await tokenFor({ role: 'leader' });
    const statuses = await Promise.all(Array.from({ length: LIMIT + 10 }, () => get(leader).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);

    const refused = await get(leader);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/try again in \d+ seconds/);

    // The same person with a fresh token is the same person.
    expect((await get(await tokenFor({ role: 'leader' }))).status).toBe(429);
    // Everyone else is untouched.
    expect((await get(await tokenFor({ role: 'admin' }))).status).toBe(200);
    expect((await get(await tokenFor({ role: 'provider', providerIds: ['some-unit'] }))).status).toBe(200);
  });

  test("a forged token naming someone does not spend that person's allowance", async () => {
    const admin = await tokenFor({ role: 'admin' });
    const [header, payload] = admin.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(342)}`;
    const answers = await Promise.all(Array.from({ length: LIMIT + 5 }, () => get(forged).then((r) => r.status)));
    expect(answers.filter((s) => s === 401).length).toBe(LIMIT); // counted against the address, then slowed
    expect(answers.filter((s) => s === 429).length).toBe(5);
    expect((await get(admin)).status).toBe(200);
  });
});
