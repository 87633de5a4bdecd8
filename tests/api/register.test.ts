import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_THRESHOLDS, type Provider } from '#domain';
import { ACUTE, CARE_HOME, pathsOf, problemOf, startApi, type Api } from './harness';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.stop());

const newUnit = {
  name: 'Banbury Homecare',
  organisation: 'Banbury Care Ltd',
  localityId: 'cherwell',
  sector: 'homecare',
  staffGroups: ['care-worker', 'registered-manager'],
  reportingDays: 'weekdays',
  activeFrom: '2026-06-01',
};

describe('the register', () => {
  test('localities, staff groups and sectors are listed for every role', async () => {
    const localities = await (await api.request('/api/localities', { as: 'nurse' })).json();
    expect(localities).toEqual([
      { localityId: 'cherwell', name: 'Cherwell' },
      { localityId: 'oxford', name: 'Oxford' },
    ]);
    const groups = (await (await api.request('/api/staff-groups', { as: 'carer' })).json()) as { id: string; label: string }[];
    expect(groups.map((g) => g.id)).toContain('registered-nurse');
    const sectors = (await (await api.request('/api/sectors', { as: 'leader' })).json()) as { id: string; family: string }[];
    expect(sectors.find((s) => s.id === 'care-home')?.family).toBe('social-care');
  });

  test('units are filtered by locality and sector; a blank filter means any', async () => {
    const ids = async (query: string) =>
      ((await (await api.request(`/api/providers${query}`, { as: 'leader' })).json()) as Provider[]).map((p) => p.providerId);
    expect(await ids('?locality=oxford')).toEqual([ACUTE]);
    expect(await ids('?sector=care-home&locality=')).toEqual([CARE_HOME]);
    expect(await ids('?locality=cherwell&sector=acute')).toEqual([]);
    const bad = await api.request('/api/providers?sector=hospice', { as: 'leader' });
    expect(bad.status).toBe(400);
    expect(pathsOf(await problemOf(bad))).toEqual(['query.sector']);
  });

  test('an admin creates (201) and updates (200) a unit; a provider cannot', async () => {
    const created = await api.request('/api/providers/banbury-homecare', { method: 'PUT', as: 'admin', json: newUnit });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ providerId: 'banbury-homecare', ...newUnit, activeTo: null });
    const updated = await api.request('/api/providers/banbury-homecare', { method: 'PUT', as: 'admin', json: { ...newUnit, name: 'Banbury Home Care' } });
    expect(updated.status).toBe(200);
    expect((await api.store.getProvider('banbury-homecare'))?.name).toBe('Banbury Home Care');
    const byProvider = await api.request('/api/providers/banbury-homecare', { method: 'PUT', as: 'carer', json: newUnit });
    expect(byProvider.status).toBe(403);
    expect((await api.request('/api/providers/banbury-homecare', { as: 'leader' })).status).toBe(200);
    expect((await api.request('/api/providers/nowhere', { as: 'leader' })).status).toBe(404);
  });

  test('a unit is checked before it is saved: unknown locality, broken fields, bad id', async () => {
    const unknownLocality = await api.request('/api/providers/x-unit', { method: 'PUT', as: 'admin', json: { ...newUnit, localityId: 'atlantis' } });
    expect(unknownLocality.status).toBe(422);
    expect(pathsOf(await problemOf(unknownLocality))).toEqual(['localityId']);
    const broken = await api.request('/api/providers/x-unit', {
      method: 'PUT',
      as: 'admin',
      json: { ...newUnit, staffGroups: ['care-worker', 'care-worker'], activeTo: '2020-01-01' },
    });
    expect(broken.status).toBe(422);
    expect(pathsOf(await problemOf(broken)).sort()).toEqual(['activeTo', 'staffGroups.1']);
    const badId = await api.request('/api/providers/Not%20A%20Slug', { method: 'PUT', as: 'admin', json: newUnit });
    expect(badId.status).toBe(400);
    expect(pathsOf(await problemOf(badId))).toEqual(['providerId']);
    expect(await api.store.getProvider('x-unit')).toBeNull();
  });
});

describe('thresholds', () => {
  test('the defaults until an admin sets them; then the saved ones', async () => {
    expect(await (await api.request('/api/settings/thresholds', { as: 'nurse' })).json()).toEqual(DEFAULT_THRESHOLDS);
    const changed = { ...DEFAULT_THRESHOLDS, 'vacancy-rate': { amber: 0.1, red: 0.15 } };
    const res = await api.request('/api/settings/thresholds', { method: 'PUT', as: 'admin', json: changed });
    expect(res.status).toBe(200);
    expect(await (await api.request('/api/settings/thresholds', { as: 'leader' })).json()).toEqual(changed);
  });

  test('a bound the database could not hold, or finer than 0.0001, is a 422 naming it, never a 500', async () => {
    const wild = { ...DEFAULT_THRESHOLDS, 'unfilled-hours': { amber: 50, red: 1e308 }, 'agency-share': { amber: 1e-320, red: 0.1 }, 'absence-rate': { amber: 0.04, red: 0.06000001 } };
    const res = await api.request('/api/settings/thresholds', { method: 'PUT', as: 'admin', json: wild });
    expect(res.status).toBe(422);
    expect(pathsOf(await problemOf(res)).sort()).toEqual(['absence-rate.red', 'agency-share.amber', 'unfilled-hours.red']);
    expect(await (await api.request('/api/settings/thresholds', { as: 'leader' })).json()).not.toMatchObject({ 'unfilled-hours': { red: 1e308 } });
  });

  test('bounds in the wrong order are a 422 naming the measure; leaders cannot change them', async () => {
    const wrong = { ...DEFAULT_THRESHOLDS, 'fill-rate': { amber: 0.8, red: 0.9 } };
    const res = await api.request('/api/settings/thresholds', { method: 'PUT', as: 'admin', json: wrong });
    expect(res.status).toBe(422);
    expect(pathsOf(await problemOf(res))).toEqual(['fill-rate.red']);
    expect((await api.request('/api/settings/thresholds', { method: 'PUT', as: 'leader', json: DEFAULT_THRESHOLDS })).status).toBe(403);
  });
});
