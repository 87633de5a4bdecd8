import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSystem, type LocalSystem } from '../../functions/local/server';

let dataDir: string;
let system: LocalSystem;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'staffing-local-'));
  system = await startLocalSystem({ port: 0, dataDir, demo: { days: 7 }, quiet: true });
});
afterAll(async () => {
  await system?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const tokenFor = (body: unknown, contentType = 'application/json') =>
  fetch(`${system.url}/auth/local/token`, { method: 'POST', headers: { 'Content-Type': contentType }, body: JSON.stringify(body) });

describe('the local runtime (npm start)', () => {
  it('answers health and serves the dashboard settings', async () => {
    expect(await (await fetch(`${system.url}/api/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${system.url}/config.json`)).json()).toMatchObject({ auth: 'local' });
  });

  it('loads the demo system on first start', async () => {
    expect(system.demo).toMatchObject({ action: 'loaded' });
    expect((await system.store.listProviders()).length).toBeGreaterThanOrEqual(250);
  });

  it('hands out a working token for each role, and records provider units server-side', async () => {
    const unit = (await system.store.listProviders())[0].providerId;
    for (const body of [{ role: 'leader' }, { role: 'admin' }, { role: 'provider', providerIds: [unit] }]) {
      const res = await tokenFor(body);
      expect(res.status).toBe(200);
      const { access_token, token_type, expires_in } = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
      expect(token_type).toBe('Bearer');
      expect(expires_in).toBeGreaterThan(0);
      const path = body.role === 'provider' ? `/api/providers/${unit}` : '/api/system/summary';
      expect((await fetch(`${system.url}${path}`, { headers: { Authorization: `Bearer ${access_token}` } })).status).toBe(200);
    }
  });

  it('refuses a bad token request with a problem naming the field', async () => {
    const res = await tokenFor({ role: 'provider' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain('providerIds');
    expect((await tokenFor({ role: 'superuser' })).status).toBe(400);
    expect((await tokenFor({ role: 'leader' }, 'text/plain')).status).toBe(415);
  });

  it('keeps its data between runs: a second start does not reload the demo', async () => {
    const unitsBefore = (await system.store.listProviders()).length;
    await system.stop();
    system = await startLocalSystem({ port: 0, dataDir, demo: { days: 7 }, quiet: true });
    expect(system.demo?.action).toBe('topped-up');
    expect((await system.store.listProviders()).length).toBe(unitsBefore);
  });

  it('starts afresh with reset', async () => {
    await system.stop();
    system = await startLocalSystem({ port: 0, dataDir, reset: true, demo: false, quiet: true });
    expect(await system.store.listProviders()).toEqual([]);
  });
});
