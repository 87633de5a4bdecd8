import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mapLimit, type Provider } from '#domain';
import type { User } from '#domain/users';
import { MAX_LISTED_UNITS } from '#api/routes/system';
import { PROVIDERS_PAGE } from '#api/routes/register';
import { USERS_PAGE } from '#api/routes/users';
import { nextPageOf } from '#web/lib/pages';
import { pathsOf, problemOf, startApi, type Api } from './harness';

/**
 * Answers that must not grow with the whole system (api.md): a register past 1,000 units
 * pages, and so does a directory past 1,000 people; views that list units ask for a locality.
 * 1,150 care homes are added in Oxford to the harness's two units, and 1,030 people.
 */
const EXTRA = 1_150;
const PEOPLE = 1_030;
let api: Api;
beforeAll(async () => {
  api = await startApi();
  const homes: Provider[] = Array.from({ length: EXTRA }, (_, i) => ({
    providerId: `home-${String(i).padStart(4, '0')}`,
    // Names out of id order, some equal: the pages follow names, then ids.
    name: `Home ${String((i * 7) % 500).padStart(3, '0')}`,
    organisation: 'Org',
    localityId: 'oxford',
    sector: 'care-home',
    staffGroups: ['care-worker'],
    reportingDays: 'every-day',
    activeFrom: '2025-01-01',
    activeTo: null,
  }));
  await api.store.putProviders(homes);
  // And past a page of users: a national directory is some 35,000 people.
  await mapLimit(Array.from({ length: PEOPLE }, (_, i) => i), 16, (i) =>
    api.store.putPerson({ subject: `person-${i}`, name: `Person ${(i * 7) % 500}`, email: `person.${String(i).padStart(4, '0')}@county.example`, role: 'leader', providerIds: [] }),
  );
});
afterAll(() => api.stop());

/** Every page from the first, following the Link headers: what each page held. */
async function allPages<T>(first: string, as: 'leader' | 'admin'): Promise<T[][]> {
  const pages: T[][] = [];
  let next: string | null = first;
  while (next) {
    const res = await api.request(next, { as });
    expect(res.status).toBe(200);
    pages.push((await res.json()) as T[]);
    const link = res.headers.get('Link');
    next = nextPageOf(link);
    if (link) expect(next).not.toBeNull();
  }
  return pages;
}

describe('GET /api/providers pages', () => {
  test(`${PROVIDERS_PAGE} units a page in name order, the next page linked (RFC 8288) until every unit was listed once`, async () => {
    const pages = await allPages<Provider>('/api/providers', 'leader');
    expect(pages.map((p) => p.length)).toEqual([PROVIDERS_PAGE, EXTRA + 2 - PROVIDERS_PAGE]);
    const seen = pages.flat();
    expect(seen).toHaveLength(EXTRA + 2);
    expect(new Set(seen.map((p) => p.providerId)).size).toBe(EXTRA + 2);
    const order = seen.map((p) => `${p.name}|${p.providerId}`);
    expect(order).toEqual([...order].sort((a, b) => a.split('|')[0].localeCompare(b.split('|')[0], 'en-GB') || (a < b ? -1 : 1)));
  });

  test('the filters hold across pages, and a cursor the list did not give is a 400 naming it', async () => {
    const first = await api.request('/api/providers?sector=care-home', { as: 'leader' });
    const link = first.headers.get('Link')!;
    expect(link).toContain('sector=care-home');
    const rest = (await (await api.request(/<([^>]+)>/.exec(link)![1], { as: 'leader' })).json()) as Provider[];
    expect(rest.every((p) => p.sector === 'care-home')).toBe(true);
    for (const cursor of ['not*base64', 'bm90IGpzb24', Buffer.from('{"a":1}').toString('base64url')]) {
      const bad = await api.request(`/api/providers?cursor=${cursor}`, { as: 'leader' });
      expect(bad.status).toBe(400);
      expect(pathsOf(await problemOf(bad))).toEqual(['query.cursor']);
    }
  });
});

describe('GET /api/users pages', () => {
  test(`${USERS_PAGE} users a page by e-mail address, the next page linked until everyone was listed once`, async () => {
    const pages = await allPages<User>('/api/users', 'admin');
    expect(pages.map((p) => p.length)).toEqual([USERS_PAGE, (await api.store.listPeople()).length - USERS_PAGE]);
    const emails = pages.flat().map((u) => u.email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.sort()).toEqual((await api.store.listPeople()).map((p) => p.email).sort());
    expect(pages[0].map((u) => u.email)).toEqual([...pages[0].map((u) => u.email)].sort());
    expect(pages[0].at(-1)!.email < pages[1][0].email).toBe(true);
  });

  test('a cursor that is not one is a 400 naming it; leaders cannot list users', async () => {
    const bad = await api.request('/api/users?cursor=not*base64', { as: 'admin' });
    expect(bad.status).toBe(400);
    expect(pathsOf(await problemOf(bad))).toEqual(['query.cursor']);
    expect((await api.request('/api/users', { as: 'leader' })).status).toBe(403);
  });
});

describe('views that list units', () => {
  const get = (path: string) => api.request(path, { as: 'leader' });

  test(`past ${MAX_LISTED_UNITS} units they ask for a locality, naming the parameter; within it they answer`, async () => {
    for (const path of ['/api/system/completeness', '/api/system/day-returns', '/api/system/heatmap?rows=provider&columns=day']) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      const problem = await problemOf(res);
      expect(pathsOf(problem), path).toEqual(['query.locality']);
      expect(problem.errors[0].message).toMatch(/1,152 units match: choose a locality or a sector/);
    }
    const cherwell = await get('/api/system/completeness?locality=cherwell');
    expect(cherwell.status).toBe(200);
    expect(((await cherwell.json()) as { expected: number }).expected).toBe(1);
    // A sector alone narrows enough here: the hospitals are one unit.
    expect((await get('/api/system/completeness?sector=hospital')).status).toBe(200);
  });

  test('every view says when its figures were read', async () => {
    for (const path of [
      '/api/system/summary',
      '/api/system/heatmap',
      '/api/system/trends',
      '/api/system/discharge',
      '/api/system/completeness?locality=cherwell',
      '/api/system/day-returns?locality=cherwell',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      const { asAt } = (await res.json()) as { asAt: string };
      expect(new Date(asAt).toISOString(), path).toBe(asAt);
    }
  });
});
