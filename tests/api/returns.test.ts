import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { ReturnResponse } from '#api/schemas';
import { ACUTE, CARE_HOME, careHomeReturn, hospitalReturn, pathsOf, problemOf, startApi, type Api, type User } from './harness';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.stop());
beforeEach(() => api.setNow('2026-06-15T10:00:00Z'));

/** Each test works on its own date so that they do not see each other's returns. */
const returnPath = (date: string, providerId = ACUTE) => `/api/providers/${providerId}/returns/${date}`;
const put = (date: string, json: unknown, opts: { as?: User; ifMatch?: string; providerId?: string } = {}) =>
  api.request(returnPath(date, opts.providerId), {
    method: 'PUT',
    as: opts.as ?? 'nurse',
    json,
    headers: opts.ifMatch ? { 'If-Match': opts.ifMatch } : {},
  });
const versionsOf = async (date: string) =>
  (await (await api.request(`${returnPath(date)}/versions`, { as: 'leader' })).json()) as ReturnResponse[];

describe('submitting and amending', () => {
  test('a new return is version 1: 201 with ETag, measures and who submitted it', async () => {
    const res = await put('2026-06-01', hospitalReturn());
    expect(res.status).toBe(201);
    expect(res.headers.get('ETag')).toBe('"1"');
    const body = (await res.json()) as ReturnResponse;
    expect(body).toMatchObject({ providerId: ACUTE, date: '2026-06-01', version: 1, submittedBy: 'provider-jr', submittedAt: '2026-06-15T10:00:00.000Z' });
    // Sums of the parts, then divided: (10 + 2) / (100 + 40).
    expect(body.measures.vacancyRate).toBeCloseTo(12 / 140, 10);
    expect(body.measures.unfilledHours).toBe(100);
    expect(body.warnings).toEqual([]);
    expect(Object.keys(body).sort()).toEqual(
      ['capacity', 'date', 'measures', 'pressure', 'providerId', 'staffing', 'submittedAt', 'submittedBy', 'submittedByName', 'version', 'warnings'].sort(),
    );
  });

  test('an identical retry (any key order, any If-Match) answers 200 with the current version and writes nothing', async () => {
    expect((await put('2026-06-02', hospitalReturn())).status).toBe(201);
    const reordered = JSON.parse(JSON.stringify(hospitalReturn()));
    reordered.staffing.reverse();
    for (const ifMatch of [undefined, '"7"']) {
      const retry = await put('2026-06-02', reordered, { ifMatch });
      expect(retry.status).toBe(200);
      expect(retry.headers.get('ETag')).toBe('"1"');
      expect(((await retry.json()) as ReturnResponse).version).toBe(1);
    }
    expect((await versionsOf('2026-06-02')).length).toBe(1);
  });

  test('a changed return without If-Match is a 409 and writes nothing', async () => {
    await put('2026-06-03', hospitalReturn());
    const res = await put('2026-06-03', hospitalReturn(80));
    expect(res.status).toBe(409);
    expect(pathsOf(await problemOf(res))).toEqual(['If-Match']);
    expect((await versionsOf('2026-06-03')).length).toBe(1);
  });

  test('an amendment naming the current version (strong or weak) writes the next version', async () => {
    await put('2026-06-04', hospitalReturn());
    const second = await put('2026-06-04', hospitalReturn(80), { ifMatch: '"1"' });
    expect(second.status).toBe(200);
    expect(second.headers.get('ETag')).toBe('"2"');
    const third = await put('2026-06-04', hospitalReturn(70), { ifMatch: 'W/"2"', as: 'admin' });
    expect(third.status).toBe(200);
    expect(((await third.json()) as ReturnResponse).version).toBe(3);
    const stale = await put('2026-06-04', hospitalReturn(60), { ifMatch: '"2"' });
    expect(stale.status).toBe(412);
    const problem = await problemOf(stale);
    expect((problem.current as ReturnResponse).version).toBe(3);
    expect((problem.current as ReturnResponse).staffing[0].inPostWte).toBe(70);
  });

  test('two concurrent amendments of the same version: one 200, one 412 with the current return, nothing overwritten', async () => {
    await put('2026-06-05', hospitalReturn());
    const [a, b] = await Promise.all([
      put('2026-06-05', hospitalReturn(81), { ifMatch: '"1"' }),
      put('2026-06-05', hospitalReturn(82), { ifMatch: '"1"' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    const won = (await winner.json()) as ReturnResponse;
    const problem = await problemOf(loser);
    expect(problem.status).toBe(412);
    expect(problem.current).toEqual(won);
    const versions = await versionsOf('2026-06-05');
    expect(versions.map((v) => [v.version, v.staffing[0].inPostWte])).toEqual([
      [1, 90],
      [2, won.staffing[0].inPostWte],
    ]);
  });

  test('a client retrying while its first attempt is still in flight gets 2xx twice and one version, never a conflict', async () => {
    const attempts = await Promise.all([put('2026-06-08', hospitalReturn()), put('2026-06-08', hospitalReturn())]);
    expect(attempts.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(attempts.map((r) => r.headers.get('ETag'))).toEqual(['"1"', '"1"']);
    expect((await versionsOf('2026-06-08')).length).toBe(1);
  });

  test('firstSubmittedAt stays that of version 1, and versions are listed oldest first with who and when', async () => {
    await put('2026-06-06', hospitalReturn());
    api.setNow('2026-06-15T14:00:00Z');
    await put('2026-06-06', hospitalReturn(85), { ifMatch: '"1"', as: 'admin' });
    const versions = await versionsOf('2026-06-06');
    expect(versions.map((v) => [v.version, v.submittedBy, v.submittedAt])).toEqual([
      [1, 'provider-jr', '2026-06-15T10:00:00.000Z'],
      [2, 'admin-1', '2026-06-15T14:00:00.000Z'],
    ]);
    const stored = await api.store.currentReturn(ACUTE, '2026-06-06');
    expect(stored?.firstSubmittedAt).toBe('2026-06-15T10:00:00.000Z');
  });

  test('GET answers the current version with its ETag; 404 when there is none', async () => {
    await put('2026-06-07', hospitalReturn());
    await put('2026-06-07', hospitalReturn(88), { ifMatch: '"1"' });
    const res = await api.request(returnPath('2026-06-07'), { as: 'nurse' });
    expect(res.status).toBe(200);
    expect(res.headers.get('ETag')).toBe('"2"');
    const missing = await api.request(returnPath('2026-05-07'), { as: 'nurse' });
    expect(missing.status).toBe(404);
    await problemOf(missing);
    const unknownUnit = await api.request(returnPath('2026-06-07', 'no-such-unit'), { method: 'PUT', as: 'admin', json: hospitalReturn() });
    expect(unknownUnit.status).toBe(404);
    expect(pathsOf(await problemOf(unknownUnit))).toEqual(['providerId']);
  });

  test('a return far off its own history is accepted with warnings', async () => {
    const body = hospitalReturn();
    body.staffing[0].vacancyWte = 40; // establishment - in post is 10
    body.staffing[1].filledHours.bank = 600; // fill rate 175%
    const res = await put('2026-02-10', body); // no history in the 28 days before
    expect(res.status).toBe(201);
    expect(((await res.json()) as ReturnResponse).warnings.map((w) => w.path)).toEqual(['staffing.0.vacancyWte', 'staffing.1.filledHours']);
  });

  test("a return more than 3 standard deviations from the unit's last 28 days is flagged", async () => {
    for (let day = 1; day <= 8; day++) expect((await put(`2026-01-0${day}`, hospitalReturn(90 - (day % 2)))).status).toBe(201);
    const res = await put('2026-01-09', hospitalReturn(70));
    expect(res.status).toBe(201);
    const warnings = ((await res.json()) as ReturnResponse).warnings;
    expect(warnings.map((w) => w.path)).toEqual(['staffing.0.vacancyWte']);
    expect(warnings[0].message).toMatch(/3 standard deviations/);
  });
});

describe('rejected bodies', () => {
  test('422 lists every broken number: negative, not a multiple of 0.01, absurd, not a number', async () => {
    const body = hospitalReturn() as unknown as { staffing: Record<string, unknown>[]; pressure: Record<string, unknown> };
    body.staffing[0].inPostWte = -1;
    body.staffing[0].absentWte = 1.234;
    body.staffing[1].plannedHours = 1e9;
    body.staffing[1].filledHours = { permanent: 1, bank: '2', agency: 0 };
    body.pressure.level = 5;
    const res = await put('2026-06-09', body);
    expect(res.status).toBe(422);
    expect(pathsOf(await problemOf(res)).sort()).toEqual(
      ['pressure.level', 'staffing.0.absentWte', 'staffing.0.inPostWte', 'staffing.1.filledHours.bank', 'staffing.1.plannedHours'].sort(),
    );
    expect((await api.store.currentReturn(ACUTE, '2026-06-09'))).toBeNull();
  });

  test('numbers the database could not hold, or that are not exact hundredths, are a 422 naming the field, never a 500', async () => {
    const body = hospitalReturn() as unknown as { staffing: Record<string, unknown>[]; capacity: Record<string, unknown> };
    body.staffing[0].absentWte = 1e-320;
    body.staffing[0].vacancyWte = 1e-9;
    body.staffing[1].plannedHours = 1e308;
    body.capacity.bedsOpen = 1e-320;
    const res = await put('2026-06-10', body);
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(pathsOf(problem).sort()).toEqual(['capacity.bedsOpen', 'staffing.0.absentWte', 'staffing.0.vacancyWte', 'staffing.1.plannedHours']);
    expect(problem.errors.find((e) => e.path === 'staffing.0.vacancyWte')?.message).toBe('must have no more than 2 decimal places');
    expect(await api.store.currentReturn(ACUTE, '2026-06-10')).toBeNull();
  });

  test('422 for a staff group the unit does not report, or one given twice', async () => {
    const body = hospitalReturn();
    body.staffing.push({ ...body.staffing[0] }, { ...body.staffing[0], staffGroup: 'care-worker' });
    const res = await put('2026-06-09', body);
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(pathsOf(problem)).toEqual(['staffing.2.staffGroup', 'staffing.3.staffGroup']);
    expect(problem.errors[0].message).toMatch(/twice/);
    expect(problem.errors[1].message).toMatch(/does not report/);
  });

  test.each([
    ['an unknown field', { ...hospitalReturn(), comment: 'hi' }, ['comment']],
    ['an unknown nested field', { ...hospitalReturn(), pressure: { level: 2, colour: 'red' } }, ['pressure.colour']],
    ['providerId', { ...hospitalReturn(), providerId: CARE_HOME }, ['providerId']],
    ['version', { ...hospitalReturn(), version: 9 }, ['version']],
    ['submittedBy', { ...hospitalReturn(), submittedBy: 'someone-else' }, ['submittedBy']],
    ['date', { ...hospitalReturn(), date: '2020-01-01' }, ['date']],
  ])('400 for %s in the body', async (_, body, paths) => {
    const res = await put('2026-06-10', body);
    expect(res.status).toBe(400);
    expect(pathsOf(await problemOf(res))).toEqual(paths);
  });

  test('400 for a __proto__ key', async () => {
    const text = JSON.stringify(hospitalReturn()).replace('{', '{"__proto__":{"isAdmin":true},');
    const res = await put('2026-06-10', text);
    expect(res.status).toBe(400);
    expect(pathsOf(await problemOf(res))).toEqual(['__proto__']);
  });

  test('400 naming the path of a key given twice', async () => {
    const text = JSON.stringify(hospitalReturn()).replace('"inPostWte":90,', '"inPostWte":90,"inPostWte":9,');
    const res = await put('2026-06-10', text);
    expect(res.status).toBe(400);
    expect(pathsOf(await problemOf(res))).toEqual(['staffing.0.inPostWte']);
  });

  test('400 for malformed JSON', async () => {
    const res = await put('2026-06-10', '{"staffing": [');
    expect(res.status).toBe(400);
    expect(pathsOf(await problemOf(res))).toEqual(['(body)']);
  });

  test('415 for a body that is not application/json', async () => {
    const res = await api.request(returnPath('2026-06-10'), {
      method: 'PUT',
      as: 'nurse',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify(hospitalReturn()),
    });
    expect(res.status).toBe(415);
    expect(pathsOf(await problemOf(res))).toEqual(['Content-Type']);
  });

  test('413 for a body over 256 KiB', async () => {
    const body = { ...hospitalReturn(), pressure: { level: 2, note: 'x'.repeat(300 * 1024) } };
    const res = await put('2026-06-10', body);
    expect(res.status).toBe(413);
    await problemOf(res);
    expect(await api.store.currentReturn(ACUTE, '2026-06-10')).toBeNull();
  });

  test('400 naming `date` for a date that is not a real calendar date', async () => {
    for (const date of ['2026-02-30', '2026-6-1', 'yesterday']) {
      const res = await put(date, hospitalReturn());
      expect(res.status, date).toBe(400);
      expect(pathsOf(await problemOf(res))).toEqual(['date']);
    }
  });

  test('422 naming `date` for a date before the unit was active', async () => {
    const res = await put('2025-12-31', careHomeReturn(), { providerId: CARE_HOME, as: 'carer' });
    expect(res.status).toBe(422);
    expect(pathsOf(await problemOf(res))).toEqual(['date']);
  });
});

describe('service dates are UK calendar days', () => {
  test('at 23:30 UK time a return for tomorrow is in the future; at 00:30 it is today', async () => {
    api.setNow('2026-06-15T22:30:00Z'); // 23:30 BST on the 15th
    const early = await put('2026-06-16', hospitalReturn());
    expect(early.status).toBe(422);
    expect(pathsOf(await problemOf(early))).toEqual(['date']);
    api.setNow('2026-06-15T23:30:00Z'); // 00:30 BST on the 16th
    expect((await put('2026-06-16', hospitalReturn())).status).toBe(201);
  });

  test('the clock-change days 2026-03-29 and 2026-10-25 are ordinary days', async () => {
    api.setNow('2026-03-28T23:30:00Z'); // 23:30 GMT on the 28th
    expect((await put('2026-03-29', hospitalReturn())).status).toBe(422);
    api.setNow('2026-03-29T00:30:00Z'); // 00:30 GMT on the 29th; clocks go forward at 01:00
    expect((await put('2026-03-29', hospitalReturn())).status).toBe(201);
    api.setNow('2026-10-24T23:30:00Z'); // 00:30 BST on the 25th
    expect((await put('2026-10-25', hospitalReturn())).status).toBe(201);
    api.setNow('2026-10-25T23:30:00Z'); // 23:30 GMT on the 25th; clocks went back at 02:00
    expect((await put('2026-10-26', hospitalReturn())).status).toBe(422);
    const range = await api.request(`/api/providers/${ACUTE}/returns?from=2026-03-28&to=2026-03-30`, { as: 'nurse' });
    expect(((await range.json()) as ReturnResponse[]).map((r) => r.date)).toEqual(['2026-03-29']);
  });
});

describe('no change since yesterday', () => {
  test('copies the most recent earlier return as version 1 (201); 409 when the date has one; 404 with nothing to copy', async () => {
    const unchanged = (date: string, providerId = CARE_HOME) =>
      api.request(`/api/providers/${providerId}/returns/${date}/unchanged`, { method: 'POST', as: providerId === CARE_HOME ? 'carer' : 'nurse' });
    const none = await unchanged('2026-05-20');
    expect(none.status).toBe(404);
    expect(pathsOf(await problemOf(none))).toEqual(['date']);

    expect((await put('2026-05-20', careHomeReturn(31), { providerId: CARE_HOME, as: 'carer' })).status).toBe(201);
    const copied = await unchanged('2026-05-22');
    expect(copied.status).toBe(201);
    expect(copied.headers.get('ETag')).toBe('"1"');
    const body = (await copied.json()) as ReturnResponse;
    expect(body).toMatchObject({ date: '2026-05-22', version: 1, submittedBy: 'provider-sunrise' });
    expect(body.staffing[0].inPostWte).toBe(31);

    const again = await unchanged('2026-05-22');
    expect(again.status).toBe(409);
    await problemOf(again);
    expect((await api.store.versions(CARE_HOME, '2026-05-22')).length).toBe(1);
  });
});

describe('a range of returns', () => {
  test('the current version of each date in the range, oldest first', async () => {
    for (const [date, inPost] of [['2026-04-03', 90], ['2026-04-01', 91], ['2026-04-02', 92]] as const)
      await put(date, hospitalReturn(inPost));
    await put('2026-04-02', hospitalReturn(70), { ifMatch: '"1"' });
    const res = await api.request(`/api/providers/${ACUTE}/returns?from=2026-04-01&to=2026-04-02`, { as: 'leader' });
    expect(res.status).toBe(200);
    const list = (await res.json()) as ReturnResponse[];
    expect(list.map((r) => [r.date, r.version, r.staffing[0].inPostWte])).toEqual([
      ['2026-04-01', 1, 91],
      ['2026-04-02', 2, 70],
    ]);
  });

  test.each([
    ['from=2026-04-02&to=2026-04-01', ['query.to']],
    ['from=2024-01-01&to=2026-04-01', ['query.to']],
    ['from=2026-04-01', ['query.to']],
    ['from=2026-04-01&to=2026-04-31', ['query.to']],
    ['from=2026-04-01&to=2026-04-02&sort=desc', ['query']],
  ])('400 for ?%s', async (query, paths) => {
    const res = await api.request(`/api/providers/${ACUTE}/returns?${query}`, { as: 'leader' });
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(pathsOf(problem)).toEqual(paths);
    if (query.includes('sort')) expect(problem.errors[0].message).toMatch(/sort/);
  });
});
