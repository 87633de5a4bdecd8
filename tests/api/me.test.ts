import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACUTE, CARE_HOME, hospitalReturn, startApi, USERS, type Api } from './harness';

let api: Api;
beforeAll(async () => {
  api = await startApi();
  await api.store.putPerson({ subject: USERS.nurse.subject, name: 'Priya Shah', email: 'priya.shah@jr.example', role: 'provider', providerIds: [ACUTE] });
  await api.store.putPerson({ subject: USERS.leader.subject, name: 'Tom Whitfield', email: 'tom.whitfield@icb.example', role: 'leader', providerIds: [] });
});
afterAll(() => api.stop());

interface Me {
  subject: string;
  name: string | null;
  email: string | null;
  roles: string[];
  units: { providerId: string; name: string; sector: string; locality: string; staffGroups: string[] }[];
  today: string;
  deadline: string;
}

describe('GET /api/me', () => {
  it("names a provider user and their units by name, with the unit's sector, locality and staff groups, today and the deadline", async () => {
    api.setNow('2026-06-15T06:30:00Z');
    const res = await api.request('/api/me', { as: 'nurse' });
    expect(res.status).toBe(200);
    const me = (await res.json()) as Me;
    expect(me).toMatchObject({ subject: 'provider-jr', name: 'Priya Shah', email: 'priya.shah@jr.example', roles: ['provider'], today: '2026-06-15', now: '2026-06-15T06:30:00.000Z', deadline: '11:00' });
    expect(me.units).toEqual([
      expect.objectContaining({ providerId: ACUTE, name: 'John Radcliffe Hospital', sector: 'acute', locality: 'Oxford', staffGroups: ['registered-nurse', 'healthcare-support-worker', 'medical'] }),
    ]);
  });

  it('gives the service date in UK time: 23:30 UTC in summer is already tomorrow', async () => {
    api.setNow('2026-06-15T23:30:00Z');
    expect(((await (await api.request('/api/me', { as: 'carer' })).json()) as Me).today).toBe('2026-06-16');
    api.setNow('2026-06-15T10:00:00Z');
  });

  it('answers someone not in the directory with their role and units, and no name', async () => {
    const me = (await (await api.request('/api/me', { as: 'carer' })).json()) as Me;
    expect(me).toMatchObject({ subject: 'provider-sunrise', name: null, email: null, roles: ['provider'] });
    expect(me.units.map((u) => u.providerId)).toEqual([CARE_HOME]);
  });

  it('lists no units for a leader (they see them all), and refuses a caller without a token', async () => {
    expect(await (await api.request('/api/me', { as: 'leader' })).json()).toMatchObject({ name: 'Tom Whitfield', roles: ['leader'], units: [] });
    const res = await api.request('/api/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('names on what people submit', () => {
  it('keeps the submitter\'s name on each version, so the history reads as people', async () => {
    const put = await api.request(`/api/providers/${ACUTE}/returns/2026-06-10`, { method: 'PUT', as: 'nurse', json: hospitalReturn(90) });
    expect(put.status).toBe(201);
    expect(await put.json()).toMatchObject({ submittedBy: 'provider-jr', submittedByName: 'Priya Shah' });
    const amend = await api.request(`/api/providers/${ACUTE}/returns/2026-06-10`, { method: 'PUT', as: 'admin', json: hospitalReturn(91), headers: { 'If-Match': '"1"' } });
    expect(amend.status).toBe(200);
    const versions = (await (await api.request(`/api/providers/${ACUTE}/returns/2026-06-10/versions`, { as: 'leader' })).json()) as { submittedByName: string | null }[];
    expect(versions.map((v) => v.submittedByName)).toEqual(['Priya Shah', null]);
  });

  it('names the person on a "nothing has changed" copy, not the person who wrote the day it was copied from', async () => {
    await api.store.putPerson({ subject: USERS.admin.subject, name: 'Alex Morgan', email: 'alex.morgan@icb.example', role: 'admin', providerIds: [] });
    const res = await api.request(`/api/providers/${ACUTE}/returns/2026-06-11/unchanged`, { method: 'POST', as: 'admin' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ date: '2026-06-11', submittedBy: 'admin-1', submittedByName: 'Alex Morgan' });
  });
});
