import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, aggregateOf, datesBetween, serviceDateOf } from '#domain';
import { unitManagerOf } from '#local/demo/people';
import { isClosed } from '#store/rollups';
import { DEMO_SEED } from '#local/demo/register';
import { startLocalSystem, type LocalSystem } from '#local/server';

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

const tokenFor = (body: unknown, contentType = 'application/json', url = system.url) =>
  fetch(`${url}/auth/local/token`, { method: 'POST', headers: { 'Content-Type': contentType }, body: JSON.stringify(body) });

describe('the local runtime (npm start)', () => {
  it('answers health and serves the dashboard settings', async () => {
    expect(await (await fetch(`${system.url}/api/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${system.url}/config.json`)).json()).toMatchObject({ auth: 'local' });
  });

  it('loads the demo system on first start', async () => {
    expect(system.demo).toMatchObject({ action: 'loaded' });
    expect((await system.store.listProviders()).length).toBeGreaterThanOrEqual(250);
  });

  it('has the closed days rolled up before it serves, as the schedule keeps them in AWS, and they read as their live sums', async () => {
    const today = serviceDateOf(new Date());
    const closed = datesBetween(addDays(today, -7), addDays(today, -1)).filter((d) => isClosed(d));
    // Nothing left to build: every closed demo day was rolled up at start.
    expect(await system.store.rollUp(closed)).toBe(0);
    const live = await Promise.all(
      closed.map(async (date) => aggregateOf(date, '*', (await system.store.currentForDay(date)).map(({ localityId: _l, sector, ...ret }) => ({ ret, sector })))),
    );
    expect(await system.store.systemDays(closed)).toEqual(live.filter((d) => Object.keys(d.reported).length > 0));
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

  it('signs in a person of the demo directory by e-mail: their name, role and units come from the directory', async () => {
    const people = (await (await fetch(`${system.url}/auth/local/people`)).json()) as { name: string; email: string; role: string; units: { providerId: string; name: string }[] }[];
    expect(people.length).toBeGreaterThan(250);
    const group = people.find((p) => p.role === 'provider' && p.units.length > 1)!;
    expect(group.units.every((u) => u.name.endsWith('(demo)'))).toBe(true);
    const res = await tokenFor({ email: `  ${group.email.toUpperCase()} ` });
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const me = (await (await fetch(`${system.url}/api/me`, { headers: { Authorization: `Bearer ${access_token}` } })).json()) as { name: string; roles: string[]; units: { providerId: string }[] };
    expect(me).toMatchObject({ name: group.name, roles: ['provider'] });
    expect(me.units.map((u) => u.providerId).sort()).toEqual(group.units.map((u) => u.providerId).sort());

    const unknown = await tokenFor({ email: 'nobody@nowhere.example' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['email']);
    expect((await tokenFor({ email: 'not an address' })).status).toBe(400);
    expect((await tokenFor({ email: group.email, role: 'admin' })).status).toBe(400);
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

describe('the demo kept "this morning" across restarts', () => {
  const at = (iso: string) => ({ now: () => new Date(iso) });
  let dir: string;
  let local: LocalSystem | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'staffing-topup-'));
  });
  afterAll(async () => {
    await local?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('tops up today and the days since, and never overwrites a return submitted meanwhile', async () => {
    // 08:30 UK time on a Tuesday: few of today's returns are in yet.
    local = await startLocalSystem({ port: 0, dataDir: dir, demo: { days: 14 }, clock: at('2026-01-20T08:30:00Z'), quiet: true });
    expect(local.demo).toMatchObject({ action: 'loaded' });
    const units = (await local.store.listProviders()).length;
    const morning = await local.store.currentForDay('2026-01-20');
    const reported = new Set(morning.map((r) => r.providerId));
    const notYet = (await local.store.listProviders()).find((p) => p.sector === 'care-home' && !reported.has(p.providerId))!;

    // A provider user submits through the API before the restart.
    const { access_token } = (await (await tokenFor({ role: 'provider', providerIds: [notYet.providerId] }, 'application/json', local.url)).json()) as {
      access_token: string;
    };
    const yesterday = (await local.store.currentReturn(notYet.providerId, '2026-01-19')) ?? (await local.store.latestReturnBefore(notYet.providerId, '2026-01-20'))!;
    const put = await fetch(`${local.url}/api/providers/${notYet.providerId}/returns/2026-01-20`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ staffing: yesterday.staffing, capacity: yesterday.capacity, pressure: { level: 2, note: 'sent by hand' } }),
    });
    expect(put.status).toBe(201);
    await local.stop();

    // The next afternoon.
    local = await startLocalSystem({ port: 0, dataDir: dir, demo: { days: 14 }, clock: at('2026-01-21T14:00:00Z'), quiet: true });
    expect(local.demo).toMatchObject({ action: 'topped-up', from: '2026-01-20' });
    expect((await local.store.listProviders()).length).toBe(units);
    expect((await local.store.currentForDay('2026-01-20')).length).toBeGreaterThan(morning.length + 1);
    expect((await local.store.currentForDay('2026-01-21')).length).toBeGreaterThan(0);
    const mine = await local.store.currentReturn(notYet.providerId, '2026-01-20');
    expect(mine?.pressure.note).toBe('sent by hand');
    expect(mine?.submittedBy).not.toBe(unitManagerOf(DEMO_SEED, notYet).subject);
  });

  it('loads the demo afresh after a reset', async () => {
    await local?.stop();
    local = await startLocalSystem({ port: 0, dataDir: dir, reset: true, demo: { days: 3 }, clock: at('2026-01-21T14:00:00Z'), quiet: true });
    expect(local.demo).toMatchObject({ action: 'loaded' });
    expect(await local.store.currentReturn('ch-ash-grange', '2026-01-20')).not.toBeNull();
    expect((await local.store.currentForDay('2026-01-10')).length).toBe(0);
  });
});
