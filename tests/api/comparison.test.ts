import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ComparisonView } from '#domain/views/comparison';
import type { ReturnBody, ReturnVersion } from '#domain';
import { ACUTE, CARE_HOME, careHomeReturn, hospitalReturn, pathsOf, problemOf, startApi, type Api } from './harness';

/**
 * GET /api/providers/{id}/comparison over a real dynalite. The clock stands at 2026-06-15
 * 11:00 BST. Cherwell has the harness's care home and 6 more; Oxford has the harness's
 * hospital and one more, so the hospital is compared with the acute units of the whole system.
 * Expected quartiles are computed here from the returns this file writes.
 */
const TODAY = '2026-06-15';
const YESTERDAY = '2026-06-14';
const TWO_DAYS_AGO = '2026-06-13';

const HOMES = Array.from({ length: 6 }, (_, i) => ({ providerId: `cherwell-home-${i}`, name: `Peer Home Number ${i}` }));
const HOSPITALS = Array.from({ length: 6 }, (_, i) => ({
  providerId: `peer-hospital-${i}`,
  name: `Peer Hospital Number ${i}`,
  localityId: i === 0 ? 'oxford' : i < 3 ? 'cherwell' : 'vale',
}));

let api: Api;

/** A care-home return whose figures move with `k`, so every measure differs between peers. */
const homeReturn = (k: number): ReturnBody => {
  const body = careHomeReturn(35 - k);
  const line = body.staffing[0];
  return { ...body, staffing: [{ ...line, absentWte: 1 + (k % 3), filledHours: { permanent: 500 + 10 * k, bank: 40, agency: 7 * k } }] };
};

async function save(providerId: string, date: string, body: ReturnBody, version = 1) {
  const p = (await api.store.getProvider(providerId))!;
  const ret: ReturnVersion = { ...body, providerId, date, version, submittedAt: `${date}T07:00:00Z`, submittedBy: 'seed', firstSubmittedAt: `${date}T07:00:00Z`, warnings: [] };
  expect((await api.store.saveVersion(ret, { localityId: p.localityId, sector: p.sector })).saved).toBe(true);
}

/** Sum the parts, then divide (domain.md), straight from a return as written. */
const vacancyRate = (b: ReturnBody) => b.staffing.reduce((n, l) => n + l.vacancyWte, 0) / b.staffing.reduce((n, l) => n + l.establishmentWte, 0);
const agencyShare = (b: ReturnBody) => {
  const f = b.staffing.reduce((n, l) => ({ a: n.a + l.filledHours.agency, all: n.all + l.filledHours.permanent + l.filledHours.bank + l.filledHours.agency }), { a: 0, all: 0 });
  return f.a / f.all;
};

/** The p-quantile with linear interpolation between the closest ranks (a spreadsheet's QUARTILE.INC). */
function quantile(values: number[], p: number) {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  return s[Math.floor(h)] + (h - Math.floor(h)) * (s[Math.ceil(h)] - s[Math.floor(h)]);
}
const expectQuartiles = (day: ComparisonView['measures'][number]['days'][number], values: number[]) => {
  expect(day.peers).toBe(values.length);
  expect(day.peerLower).toBeCloseTo(quantile(values, 0.25), 12);
  expect(day.peerMedian).toBeCloseTo(quantile(values, 0.5), 12);
  expect(day.peerUpper).toBeCloseTo(quantile(values, 0.75), 12);
  expect(day.reason).toBeNull();
};

const homeBodies = HOMES.map((_, i) => homeReturn(i + 1));
const hospitalBodies = HOSPITALS.map((_, i) => hospitalReturn(70 + 3 * i));

async function comparison(providerId: string, query = '', as: 'admin' | 'leader' | 'nurse' | 'carer' = 'admin') {
  const res = await api.request(`/api/providers/${providerId}/comparison${query}`, { as });
  expect(res.status).toBe(200);
  return (await res.json()) as ComparisonView & { asAt: string };
}
const measure = (v: ComparisonView, m: string) => v.measures.find((x) => x.measure === m)!;
const dayOf = (v: ComparisonView, m: string, date: string) => measure(v, m).days.find((d) => d.date === date)!;

beforeAll(async () => {
  api = await startApi();
  api.setNow('2026-06-15T10:00:00Z');
  await api.store.putLocality({ localityId: 'vale', name: 'Vale of White Horse' });
  const unit = { organisation: 'Org', reportingDays: 'every-day' as const, activeFrom: '2025-01-01', activeTo: null };
  for (const h of HOMES) await api.store.putProvider({ ...unit, ...h, localityId: 'cherwell', sector: 'care-home', staffGroups: ['care-worker'] });
  for (const h of HOSPITALS)
    await api.store.putProvider({ ...unit, ...h, sector: 'acute', staffGroups: ['registered-nurse', 'medical'] });
  // Today and yesterday every peer home reports; two days ago only 4 of the 6 do.
  for (const date of [TODAY, YESTERDAY]) for (const [i, h] of HOMES.entries()) await save(h.providerId, date, homeBodies[i]);
  for (const [i, h] of HOMES.slice(0, 4).entries()) await save(h.providerId, TWO_DAYS_AGO, homeBodies[i]);
  await save(CARE_HOME, TODAY, careHomeReturn(31));
  // Hospitals: every one reports on each of the three days, the harness's too.
  for (const date of [TWO_DAYS_AGO, YESTERDAY, TODAY]) {
    for (const [i, h] of HOSPITALS.entries()) await save(h.providerId, date, hospitalBodies[i]);
    await save(ACUTE, date, hospitalReturn(95));
  }
  // The reconcile job gathers closed days; then a peer amends two days ago, so that day's figures are stale.
  expect(await api.store.gatherPeers([TWO_DAYS_AGO, YESTERDAY], 8)).toBe(2);
  await save(HOSPITALS[3].providerId, TWO_DAYS_AGO, hospitalReturn(50), 2);
});

afterAll(() => api?.stop());

describe('who may see a unit beside its peers', () => {
  test("the unit's own users, leaders and admins; another unit's user is refused", async () => {
    await comparison(ACUTE, '', 'nurse');
    await comparison(ACUTE, '', 'leader');
    await comparison(CARE_HOME, '', 'carer');
    const res = await api.request(`/api/providers/${ACUTE}/comparison`, { as: 'carer' });
    expect(res.status).toBe(403);
    expect((await problemOf(res)).title).toBe('Not allowed');
    expect((await api.request(`/api/providers/${ACUTE}/comparison`)).status).toBe(401);
  });

  test('a query that cannot be answered is a 400 naming it; an unknown unit a 404', async () => {
    for (const [query, path] of [
      ['?date=2026-06-16', 'query.date'],
      ['?date=2026-02-30', 'date'],
      ['?days=0', 'days'],
      ['?days=57', 'days'],
      ['?peer=cherwell-home-1', 'query'],
    ] as const) {
      const res = await api.request(`/api/providers/${CARE_HOME}/comparison${query}`, { as: 'carer' });
      expect(res.status, query).toBe(400);
      expect(pathsOf(await problemOf(res)).join(' '), query).toContain(path);
    }
    expect((await api.request('/api/providers/no-such-unit/comparison', { as: 'admin' })).status).toBe(404);
  });
});

describe('peers in the same locality', () => {
  test('28 days up to today by default, each compared measure with the quartiles of the other units of its sector', async () => {
    const v = await comparison(CARE_HOME, '', 'carer');
    expect(v.asAt).toBe('2026-06-15T10:00:00.000Z');
    expect(v.from).toBe('2026-05-19');
    expect(v.to).toBe(TODAY);
    expect(v.peerGroup).toEqual({ scope: 'locality', description: 'care home units in Cherwell', registered: 6 });
    for (const m of v.measures) expect(m.days).toHaveLength(28);
    expect(dayOf(v, 'vacancy-rate', TODAY).own).toBeCloseTo(vacancyRate(careHomeReturn(31)), 12);
    expectQuartiles(dayOf(v, 'vacancy-rate', TODAY), homeBodies.map(vacancyRate));
    expectQuartiles(dayOf(v, 'agency-share', TODAY), homeBodies.map(agencyShare));
    // The unit sent nothing yesterday: no figure of its own, its peers still shown.
    expect(dayOf(v, 'vacancy-rate', YESTERDAY).own).toBeNull();
    expectQuartiles(dayOf(v, 'vacancy-rate', YESTERDAY), homeBodies.map(vacancyRate));
  });

  test('a day with fewer than 5 peers with a figure shows no peer figure, and says why', async () => {
    const v = await comparison(CARE_HOME, '?date=2026-06-14&days=2', 'carer');
    expect(v.measures[0].days.map((d) => d.date)).toEqual([TWO_DAYS_AGO, YESTERDAY]);
    for (const m of v.measures) {
      const day = m.days[0];
      expect(day).toMatchObject({ peerMedian: null, peerLower: null, peerUpper: null, peers: 4 });
      expect(day.reason).toBe(`Only 4 other care home units in Cherwell had a ${m.label.toLowerCase()} that day: at least 5 are needed to compare.`);
    }
  });

  test("never a peer's id, name or single figure", async () => {
    const text = JSON.stringify(await comparison(CARE_HOME, '', 'carer'));
    for (const h of [...HOMES, ...HOSPITALS]) {
      expect(text).not.toContain(h.providerId);
      expect(text).not.toContain(h.name);
    }
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(['asAt', 'from', 'measures', 'minimumPeers', 'name', 'peerGroup', 'providerId', 'sector', 'to']);
  });
});

describe('fewer than 5 of its sector in its locality: the whole system', () => {
  test("a closed day is compared with the system's units of its sector, the unit itself left out", async () => {
    const v = await comparison(ACUTE, '?days=3', 'nurse');
    expect(v.peerGroup).toEqual({ scope: 'system', description: 'acute hospital units across the whole system', registered: 6 });
    expect(dayOf(v, 'vacancy-rate', YESTERDAY).own).toBeCloseTo(vacancyRate(hospitalReturn(95)), 12);
    expectQuartiles(dayOf(v, 'vacancy-rate', YESTERDAY), hospitalBodies.map(vacancyRate));
    const text = JSON.stringify(v);
    for (const h of HOSPITALS) expect(text).not.toContain(h.providerId);
  });

  test('a day amended since it was gathered, and today, are not shown until gathered, with the reason', async () => {
    const v = await comparison(ACUTE, '?days=3', 'nurse');
    expect(dayOf(v, 'vacancy-rate', TWO_DAYS_AGO)).toMatchObject({ peerMedian: null, reason: expect.stringMatching(/not gathered yet/) });
    expect(dayOf(v, 'vacancy-rate', TODAY)).toMatchObject({ peerMedian: null, reason: expect.stringMatching(/once the day is over/) });
    // The next run of the job gathers the amended day again, with the amendment.
    expect(await api.store.gatherPeers([TWO_DAYS_AGO, YESTERDAY], 8)).toBe(1);
    const again = await comparison(ACUTE, '?days=3', 'nurse');
    expectQuartiles(dayOf(again, 'vacancy-rate', TWO_DAYS_AGO), [hospitalReturn(50), ...hospitalBodies.slice(0, 3), ...hospitalBodies.slice(4)].map(vacancyRate));
  });
});
