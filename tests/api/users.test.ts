import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditEntry } from '#domain/audit';
import { ACUTE, CARE_HOME, pathsOf, problemOf, startApi, type Api } from './harness';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.stop());

interface User {
  userId: string;
  name: string;
  email: string;
  role: string;
  providerIds: string[];
  status: string;
}
const invite = (json: unknown, as: 'admin' | 'leader' = 'admin') => api.request('/api/users', { method: 'POST', as, json });
const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

describe('inviting users', () => {
  test('an admin invites a provider user with a unit; they are listed, can use that unit at once, and the invitation is audited', async () => {
    const res = await invite({ email: ' Priya.Shah@Sunrise.example ', name: 'Priya Shah', role: 'provider', providerIds: [CARE_HOME] });
    expect(res.status).toBe(201);
    const user = (await res.json()) as User;
    expect(user).toMatchObject({ name: 'Priya Shah', email: 'priya.shah@sunrise.example', role: 'provider', providerIds: [CARE_HOME], status: 'active' });

    const list = (await (await api.request('/api/users', { as: 'admin' })).json()) as User[];
    expect(list.map((u) => u.email)).toContain('priya.shah@sunrise.example');
    expect((await api.request(`/api/users/${user.userId}`, { as: 'admin' })).status).toBe(200);

    const token = await api.tokenFor(user.userId, ['provider']);
    expect((await api.request(`/api/providers/${CARE_HOME}/returns?from=2026-06-01&to=2026-06-14`, bearer(token))).status).toBe(200);
    expect((await api.request(`/api/providers/${ACUTE}/returns?from=2026-06-01&to=2026-06-14`, bearer(token))).status).toBe(403);
    const me = (await (await api.request('/api/me', bearer(token))).json()) as { name: string };
    expect(me.name).toBe('Priya Shah');

    const [entry] = ((await (await api.request('/api/audit?kind=user', { as: 'admin' })).json()) as AuditEntry[]).filter((e) => e.target === user.userId);
    expect(entry).toMatchObject({ actor: 'admin-1', summary: 'Invited Priya Shah (priya.shah@sunrise.example) as provider', before: null });
  });

  test('every field is checked before anyone is invited: address, units for the role, units that exist, an address already used', async () => {
    const before = (await (await api.request('/api/users', { as: 'admin' })).json()) as User[];
    const badEmail = await invite({ email: 'not-an-address', name: 'X', role: 'leader' });
    expect(badEmail.status).toBe(422);
    expect(pathsOf(await problemOf(badEmail))).toEqual(['email']);
    const noUnit = await invite({ email: 'a@b.example', name: 'A B', role: 'provider', providerIds: [] });
    expect(pathsOf(await problemOf(noUnit))).toEqual(['providerIds']);
    const leaderWithUnit = await invite({ email: 'a@b.example', name: 'A B', role: 'leader', providerIds: [ACUTE] });
    expect(pathsOf(await problemOf(leaderWithUnit))).toEqual(['providerIds']);
    const unknownUnit = await invite({ email: 'a@b.example', name: 'A B', role: 'provider', providerIds: [ACUTE, 'atlantis'] });
    expect(unknownUnit.status).toBe(422);
    expect(pathsOf(await problemOf(unknownUnit))).toEqual(['providerIds.1']);
    const again = await invite({ email: 'PRIYA.SHAH@sunrise.example', name: 'Priya Again', role: 'leader' });
    expect(again.status).toBe(409);
    expect(pathsOf(await problemOf(again))).toEqual(['email']);
    const byLeader = await invite({ email: 'c@d.example', name: 'C D', role: 'leader' }, 'leader');
    expect(byLeader.status).toBe(403);
    expect(await (await api.request('/api/users', { as: 'admin' })).json()).toEqual(before);
  });
});

describe('changing and disabling users', () => {
  test("a change of units or role applies to the user's very next request, and is audited with before and after", async () => {
    const user = (await (await invite({ email: 'tom.reed@jr.example', name: 'Tom Reed', role: 'provider', providerIds: [ACUTE] })).json()) as User;
    const token = await api.tokenFor(user.userId, ['provider']);
    const careHome = `/api/providers/${CARE_HOME}/returns?from=2026-06-01&to=2026-06-14`;
    expect((await api.request(careHome, bearer(token))).status).toBe(403);

    const moved = await api.request(`/api/users/${user.userId}`, { method: 'PUT', as: 'admin', json: { name: 'Tom Reed', role: 'provider', providerIds: [CARE_HOME] } });
    expect(moved.status).toBe(200);
    expect((await api.request(careHome, bearer(token))).status).toBe(200);

    // Made a leader: the same token (still saying "provider") now reads the system views; demoted back, it cannot.
    await api.request(`/api/users/${user.userId}`, { method: 'PUT', as: 'admin', json: { name: 'Tom Reed', role: 'leader', providerIds: [] } });
    expect((await api.request('/api/system/summary?date=2026-06-14', bearer(token))).status).toBe(200);
    await api.request(`/api/users/${user.userId}`, { method: 'PUT', as: 'admin', json: { name: 'Tom Reed', role: 'provider', providerIds: [ACUTE] } });
    expect((await api.request('/api/system/summary?date=2026-06-14', bearer(token))).status).toBe(403);

    const entries = ((await (await api.request('/api/audit?kind=user', { as: 'admin' })).json()) as AuditEntry[]).filter((e) => e.target === user.userId);
    expect(entries.map((e) => e.summary)).toContain('Changed Tom Reed: units');
    expect(entries.map((e) => e.summary)).toContain('Changed Tom Reed: role provider to leader, units');
    const unitsChange = entries.find((e) => e.summary === 'Changed Tom Reed: units')!;
    expect(unitsChange.before).toMatchObject({ providerIds: [ACUTE] });
    expect(unitsChange.after).toMatchObject({ providerIds: [CARE_HOME] });

    const unknown = await api.request('/api/users/nobody-here', { method: 'PUT', as: 'admin', json: { name: 'X', role: 'leader' } });
    expect(unknown.status).toBe(404);
  });

  test("a disabled user's current token is refused at once; they stay listed (disabled) and named in the audit trail", async () => {
    const user = (await (await invite({ email: 'gone@sunrise.example', name: 'Gene Gone', role: 'provider', providerIds: [CARE_HOME] })).json()) as User;
    const token = await api.tokenFor(user.userId, ['provider']);
    const path = `/api/providers/${CARE_HOME}/returns?from=2026-06-01&to=2026-06-14`;
    expect((await api.request(path, bearer(token))).status).toBe(200);

    const disabled = await api.request(`/api/users/${user.userId}`, { method: 'DELETE', as: 'admin' });
    expect(disabled.status).toBe(200);
    expect(((await disabled.json()) as User).status).toBe('disabled');
    const refused = await api.request(path, bearer(token));
    expect(refused.status).toBe(401);
    expect((await problemOf(refused)).detail).toBe('This account has been disabled.');

    const listed = ((await (await api.request('/api/users', { as: 'admin' })).json()) as User[]).find((u) => u.userId === user.userId);
    expect(listed?.status).toBe('disabled');
    const summaries = ((await (await api.request('/api/audit?kind=user', { as: 'admin' })).json()) as AuditEntry[]).map((e) => e.summary);
    expect(summaries).toContain('Disabled Gene Gone (gone@sunrise.example)');
    // Disabling twice is harmless; nobody can disable themselves.
    expect((await api.request(`/api/users/${user.userId}`, { method: 'DELETE', as: 'admin' })).status).toBe(200);
    const admin = (await (await invite({ email: 'second.admin@county.example', name: 'Second Admin', role: 'admin' })).json()) as User;
    const adminToken = await api.tokenFor(admin.userId, ['admin']);
    const self = await api.request(`/api/users/${admin.userId}`, { method: 'DELETE', ...bearer(adminToken) });
    expect(self.status).toBe(409);
  });

  test("a disabled user is enabled again: their new token works, the change is audited with before and after, and a disabled user's stays refused", async () => {
    const user = (await (await invite({ email: 'back.again@sunrise.example', name: 'Bea Back', role: 'provider', providerIds: [CARE_HOME] })).json()) as User;
    const other = (await (await invite({ email: 'still.off@sunrise.example', name: 'Stan Still', role: 'provider', providerIds: [CARE_HOME] })).json()) as User;
    const path = `/api/providers/${CARE_HOME}/returns?from=2026-06-01&to=2026-06-14`;
    for (const u of [user, other]) expect((await api.request(`/api/users/${u.userId}`, { method: 'DELETE', as: 'admin' })).status).toBe(200);
    expect((await api.request(path, bearer(await api.tokenFor(user.userId, ['provider'])))).status).toBe(401);

    const enable = (id: string, as: 'admin' | 'leader' = 'admin') => api.request(`/api/users/${id}`, { method: 'PATCH', as, json: { status: 'active' } });
    expect((await enable(user.userId, 'leader')).status).toBe(403);
    const enabled = await enable(user.userId);
    expect(enabled.status).toBe(200);
    expect(await enabled.json()).toMatchObject({ userId: user.userId, status: 'active', providerIds: [CARE_HOME] });
    // The token they get when they sign in again is accepted, with the units they had.
    expect((await api.request(path, bearer(await api.tokenFor(user.userId, ['provider'])))).status).toBe(200);
    // Nobody else was enabled.
    expect((await api.request(path, bearer(await api.tokenFor(other.userId, ['provider'])))).status).toBe(401);
    const listed = ((await (await api.request('/api/users', { as: 'admin' })).json()) as User[]).filter((u) => [user.userId, other.userId].includes(u.userId));
    expect(Object.fromEntries(listed.map((u) => [u.name, u.status]))).toEqual({ 'Bea Back': 'active', 'Stan Still': 'disabled' });

    const entries = ((await (await api.request('/api/audit?kind=user', { as: 'admin' })).json()) as AuditEntry[]).filter((e) => e.target === user.userId);
    const entry = entries.find((e) => e.summary === 'Enabled Bea Back (back.again@sunrise.example)');
    expect(entry).toMatchObject({ actor: 'admin-1', before: { status: 'disabled' }, after: { status: 'active' } });
    // Enabling an active user changes nothing and records nothing; a status that is not one is refused on the field.
    expect((await enable(user.userId)).status).toBe(200);
    const again = ((await (await api.request('/api/audit?kind=user', { as: 'admin' })).json()) as AuditEntry[]).filter((e) => e.target === user.userId);
    expect(again).toHaveLength(entries.length);
    const bad = await api.request(`/api/users/${user.userId}`, { method: 'PATCH', as: 'admin', json: { status: 'on' } });
    expect(bad.status).toBe(422);
    expect(pathsOf(await problemOf(bad))).toEqual(['status']);
    expect((await api.request('/api/users/nobody-here', { method: 'PATCH', as: 'admin', json: { status: 'active' } })).status).toBe(404);
  });
});
