import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_THRESHOLDS, type Thresholds } from '#domain';
import type { CompletenessView, DayReturnsView, DischargeView, HeatmapView, ReturnBody, ReturnVersion, SummaryView, TrendsView } from '#domain';
import { ACUTE, CARE_HOME, careHomeReturn, hospitalReturn, pathsOf, problemOf, startApi, type Api } from './harness';

/**
 * The system views over a real dynalite: a small register (the harness's two units plus a
 * second hospital and a homecare agency that has gone quiet) and returns written through
 * the store's write path, so the views read the aggregates the write path keeps.
 * The clock stands at 2026-06-15 11:00 BST.
 */
const DATE = '2026-06-15';
const WEEK_AGO = '2026-06-08';
const HORTON = 'horton-hospital';
const HOMECARE = 'banbury-homecare';

let api: Api;

const horton: ReturnBody = {
  staffing: [
    {
      staffGroup: 'registered-nurse',
      establishmentWte: 50,
      inPostWte: 30,
      vacancyWte: 20,
      absentWte: 3,
      plannedHours: 1000,
      filledHours: { permanent: 900, bank: 50, agency: 0 },
    },
  ],
  capacity: { bedsOpen: 200, bedsClosedStaffing: 3, patientsNoCriteriaToReside: 10, awaitingPathway1: 6 },
  pressure: { level: 4 },
};

async function save(providerId: string, date: string, body: ReturnBody, firstSubmittedAt: string) {
  const p = (await api.store.getProvider(providerId))!;
  const ret: ReturnVersion = {
    ...body,
    providerId,
    date,
    version: 1,
    submittedAt: firstSubmittedAt,
    submittedBy: 'seed',
    firstSubmittedAt,
    warnings: [],
  };
  const outcome = await api.store.saveVersion(ret, { localityId: p.localityId, sector: p.sector });
  expect(outcome.saved).toBe(true);
}

beforeAll(async () => {
  api = await startApi();
  const unit = { organisation: 'Org', reportingDays: 'every-day' as const, activeFrom: '2025-01-01', activeTo: null };
  await api.store.putProvider({ ...unit, providerId: HORTON, name: 'Horton General', localityId: 'cherwell', sector: 'acute', staffGroups: ['registered-nurse'] });
  await api.store.putProvider({ ...unit, providerId: HOMECARE, name: 'Banbury Homecare', localityId: 'cherwell', sector: 'homecare', staffGroups: ['care-worker'] });
  await save(ACUTE, DATE, hospitalReturn(90), '2026-06-15T07:00:00Z'); // 08:00 BST: on time
  await save(HORTON, DATE, horton, '2026-06-15T09:30:00Z'); // 10:30 BST: on time
  await save(CARE_HOME, DATE, careHomeReturn(30), '2026-06-15T10:30:00Z'); // 11:30 BST: late
  await save(ACUTE, WEEK_AGO, hospitalReturn(80), '2026-06-08T07:00:00Z');
  await save(HOMECARE, '2026-06-12', { ...careHomeReturn(30), capacity: { homecareHoursUnmet: 40 } }, '2026-06-12T07:00:00Z');
  api.setNow('2026-06-15T10:00:00Z');
});
afterAll(() => api.stop());

const get = async <T>(path: string, headers: Record<string, string> = {}) => {
  const res = await api.request(path, { as: 'leader', headers });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
};

describe('GET /api/system/summary', () => {
  test('headline measures are sums of the seeded parts, with the week-ago value and completeness', async () => {
    const v = await get<SummaryView>('/api/system/summary');
    expect(v.date).toBe(DATE);
    const hospital = v.families.find((f) => f.family === 'hospital')!;
    const m = (key: string) => hospital.measures.find((x) => x.key === key)!;
    // Nurses 10 of 100 and medical 2 of 40 at the JR, nurses 20 of 50 at the Horton.
    expect(m('vacancy-rate')).toMatchObject({ numerator: 32, denominator: 190 });
    expect(m('vacancy-rate').value).toBeCloseTo(32 / 190);
    expect(m('vacancy-rate').weekAgo).toBeCloseTo(22 / 140);
    expect(m('absence-rate')).toMatchObject({ numerator: 8.5, denominator: 158 });
    expect(m('fill-rate')).toMatchObject({ numerator: 1900 + 800 + 950, denominator: 2000 + 800 + 1000 });
    expect(m('beds-closed-staffing')).toMatchObject({ value: 15, rag: 'none' });
    expect(m('patients-no-criteria-to-reside').value).toBe(70);
    expect(hospital).toMatchObject({ reported: 2, expected: 2 });

    const social = v.families.find((f) => f.family === 'social-care')!;
    expect(social).toMatchObject({ reported: 1, expected: 2 });
    expect(social.measures.find((x) => x.key === 'vacancy-rate')).toMatchObject({ numerator: 5, denominator: 35, weekAgo: null });
    expect(v.families.find((f) => f.family === 'primary-care')!.measures[0]).toMatchObject({ value: null, rag: 'none' });
    expect(v.completeness).toEqual({ expected: 4, received: 3, onTime: 2, late: 1, missing: 1, notInYet: 0 });
    // A week ago only the JR reported: the comparison is the JR's alone, on both days.
    expect(m('vacancy-rate')).toMatchObject({ likeForLike: true, comparedUnits: 1 });
    expect(m('vacancy-rate').comparedValue).toBeCloseTo(12 / 140);
    expect(m('patients-no-criteria-to-reside')).toMatchObject({ weekAgo: null, likeForLike: false });
  });

  test('thresholds saved before a measure existed fall back to its default, never a 500', async () => {
    const { 'unfilled-share': _, ...savedBefore } = DEFAULT_THRESHOLDS;
    await api.store.putThresholds(savedBefore as Thresholds);
    try {
      const v = await get<SummaryView>('/api/system/summary');
      const hospital = v.families.find((f) => f.family === 'hospital')!;
      // JR: 100 + 0 unfilled of 2,800 planned; Horton: 50 of 1,000.
      expect(hospital.measures.find((m) => m.key === 'unfilled-share')).toMatchObject({ numerator: 150, denominator: 3800, rag: 'green' });
      expect(await get('/api/settings/thresholds')).toEqual(DEFAULT_THRESHOLDS);
    } finally {
      await api.store.putThresholds(DEFAULT_THRESHOLDS);
    }
  });

  test('answers CSV when the client asks for it', async () => {
    const res = await api.request(`/api/system/summary?date=${DATE}`, { as: 'leader', headers: { Accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="summary-${DATE}.csv"`);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('date,family,measure,label,value,numerator,denominator,weekAgo,rag,reported,expected,likeForLike,comparedValue,comparedUnits');
    // A week ago was not complete (1 of 2 hospitals in): a capacity count is not compared with it.
    expect(lines).toContain(`${DATE},hospital,beds-closed-staffing,Beds closed for staffing,15,15,,,none,2,2,false,,`);
  });

  test('a future date, a date that does not exist and an unknown parameter are 400s naming the parameter', async () => {
    for (const [query, path] of [
      ['date=2026-06-16', 'query.date'],
      ['date=2026-02-30', 'query.date'],
      ['day=2026-06-15', 'query'],
    ]) {
      const res = await api.request(`/api/system/summary?${query}`, { as: 'leader' });
      expect(res.status).toBe(400);
      expect(pathsOf(await problemOf(res))).toEqual([path]);
    }
  });

  test('is for leaders and admins only', async () => {
    expect((await api.request('/api/system/summary', { as: 'nurse' })).status).toBe(403);
    expect((await api.request('/api/system/summary', { as: 'admin' })).status).toBe(200);
    expect((await api.request('/api/system/summary')).status).toBe(401);
  });
});

describe('GET /api/system/heatmap', () => {
  test('locality x staff group: each cell from the seeded lines, with reported and expected', async () => {
    const v = await get<HeatmapView>('/api/system/heatmap?measure=vacancy-rate&rows=locality&columns=staff-group');
    const cell = (row: string, column: string) => v.cells.find((c) => c.row === row && c.column === column)!;
    expect(cell('oxford', 'registered-nurse')).toEqual({
      row: 'oxford',
      column: 'registered-nurse',
      value: 0.1,
      numerator: 10,
      denominator: 100,
      rag: 'amber',
      reported: 1,
      expected: 1,
    });
    // The care home may report nurses but sent care workers only: the Horton alone is behind this cell.
    expect(cell('cherwell', 'registered-nurse')).toMatchObject({ value: 0.4, numerator: 20, denominator: 50, rag: 'red', reported: 1, expected: 2 });
    expect(cell('cherwell', 'care-worker')).toMatchObject({ numerator: 5, denominator: 35, reported: 1, expected: 2 });
    expect(cell('oxford', 'care-worker')).toMatchObject({ value: null, rag: 'none', reported: 0, expected: 0 });
  });

  test('unit x day: a day without a return is null, not zero', async () => {
    const v = await get<HeatmapView>('/api/system/heatmap?measure=unfilled-hours&rows=provider&columns=day&days=8&sector=hospital');
    expect(v.columnHeads.map((c) => c.id)).toEqual(['2026-06-08', '2026-06-09', '2026-06-10', '2026-06-11', '2026-06-12', '2026-06-13', '2026-06-14', DATE]);
    expect(v.rowHeads.map((r) => r.id)).toEqual([HORTON, ACUTE]);
    const cell = (row: string, column: string) => v.cells.find((c) => c.row === row && c.column === column)!;
    expect(cell(ACUTE, DATE)).toMatchObject({ value: 100 + 0, reported: 1, expected: 1 });
    expect(cell(ACUTE, WEEK_AGO)).toMatchObject({ value: 100, reported: 1 });
    expect(cell(ACUTE, '2026-06-10')).toMatchObject({ value: null, rag: 'none', reported: 0, expected: 1 });
    expect(cell(HORTON, DATE)).toMatchObject({ value: 50, numerator: 50 });
  });

  test('an unknown measure, shape value or locality is a 400 naming it', async () => {
    for (const [query, path] of [
      ['measure=happiness', 'query.measure'],
      ['rows=ward', 'query.rows'],
      ['columns=day&days=91', 'query.days'],
      ['locality=atlantis', 'query.locality'],
      ['sector=hospice', 'query.sector'],
    ]) {
      const res = await api.request(`/api/system/heatmap?${query}`, { as: 'leader' });
      expect(res.status, query).toBe(400);
      expect(pathsOf(await problemOf(res))).toEqual([path]);
    }
  });

  test('CSV has one row per cell', async () => {
    const res = await api.request('/api/system/heatmap?rows=provider&columns=staff-group&sector=care-home', {
      as: 'leader',
      headers: { Accept: 'text/csv, application/json;q=0.5' },
    });
    expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="heatmap-${DATE}.csv"`);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',').slice(2, 6).join(','))).toEqual([
      `${CARE_HOME},Sunrise Care Home,Cherwell · Care home,registered-nurse`,
      `${CARE_HOME},Sunrise Care Home,Cherwell · Care home,care-worker`,
      `${CARE_HOME},Sunrise Care Home,Cherwell · Care home,non-care`,
    ]);
  });
});

describe('GET /api/system/trends, discharge, completeness, day-returns', () => {
  test('trends give a daily series per family with process limits', async () => {
    const v = await get<TrendsView>(`/api/system/trends?measure=vacancy-rate&from=${WEEK_AGO}&to=${DATE}`);
    const hospital = v.series.find((s) => s.key === 'hospital')!;
    expect(hospital.points.map((p) => p.value === null)).toEqual([false, true, true, true, true, true, true, false]);
    // A week ago 1 of the 2 hospitals reported: drawn, but not counted in the mean or limits.
    expect(hospital.points[0]).toMatchObject({ reported: 1, expected: 2, complete: false, special: null });
    expect(hospital.points[7]).toMatchObject({ reported: 2, expected: 2, complete: true });
    expect(hospital.mean).toBeCloseTo(32 / 190);
    expect(hospital.upper).toBeNull();
    const bad = await api.request(`/api/system/trends?from=${DATE}&to=${WEEK_AGO}`, { as: 'leader' });
    expect(pathsOf(await problemOf(bad))).toEqual(['query.from']);
    const tooLong = await api.request('/api/system/trends?from=2025-01-01&to=2026-06-15', { as: 'leader' });
    expect(pathsOf(await problemOf(tooLong))).toEqual(['query.from']);
  });

  test('discharge joins hospital delays with social-care workforce per locality', async () => {
    const v = await get<DischargeView>('/api/system/discharge');
    const cherwell = v.rows.find((r) => r.localityId === 'cherwell')!;
    expect(cherwell).toMatchObject({ patientsNoCriteriaToReside: 10, awaitingPathway1: 6, careHomeBedsVacant: 3, careHomeBedsClosedStaffing: 2 });
    expect(cherwell.careWorkerVacancyRate).toBeCloseTo(5 / 35);
    expect(cherwell.reported).toEqual({ hospital: 1, homecare: 0, careHome: 1 });
    expect(cherwell.expected).toEqual({ hospital: 1, homecare: 1, careHome: 1 });
    expect(v.total).toMatchObject({ patientsNoCriteriaToReside: 70, awaitingPathway1: 36, awaitingPathway3: 10 });
  });

  test('completeness lists the missing unit first with its last return date', async () => {
    const v = await get<CompletenessView>('/api/system/completeness');
    expect(v).toMatchObject({ deadline: '11:00', expected: 4, received: 3, onTime: 2, late: 1, missing: 1 });
    expect(v.units.map((u) => [u.providerId, u.status, u.lastReturnDate])).toEqual([
      [HOMECARE, 'missing', '2026-06-12'],
      [CARE_HOME, 'late', DATE],
      [HORTON, 'on-time', DATE],
      [ACUTE, 'on-time', DATE],
    ]);
    const csv = await (await api.request('/api/system/completeness', { as: 'leader', headers: { Accept: 'text/csv' } })).text();
    expect(csv.split('\r\n')[1]).toBe(`${DATE},${HOMECARE},Banbury Homecare,cherwell,Cherwell,homecare,missing,,2026-06-12,11:00`);

    // A day nobody reported: each unit's last return, the day before (read with the day), earlier, or never.
    const quiet = await get<CompletenessView>('/api/system/completeness?date=2026-06-13');
    expect(Object.fromEntries(quiet.units.map((u) => [u.providerId, [u.status, u.lastReturnDate]]))).toEqual({
      [HOMECARE]: ['missing', '2026-06-12'],
      [ACUTE]: ['missing', WEEK_AGO],
      [HORTON]: ['missing', null],
      [CARE_HOME]: ['missing', null],
    });
  });

  test('day-returns shows the returns behind a cell, with warnings and the units missing', async () => {
    const v = await get<DayReturnsView>('/api/system/day-returns?locality=cherwell&sector=social-care');
    expect(v.returns.map((r) => [r.providerId, r.status, r.version])).toEqual([[CARE_HOME, 'late', 1]]);
    expect(v.returns[0].measures.vacancyRate).toBeCloseTo(5 / 35);
    expect(v.missing.map((m) => m.providerId)).toEqual([HOMECARE]);
    const none = await api.request('/api/system/day-returns?provider=nowhere', { as: 'leader' });
    expect(pathsOf(await problemOf(none))).toEqual(['query.provider']);
  });

  test('day-returns for a staff-group cell lists the units reporting that group, and the missing ones that owe it', async () => {
    const nurses = await get<DayReturnsView>('/api/system/day-returns?locality=cherwell&staffGroup=registered-nurse');
    expect(nurses.returns.map((r) => r.providerId)).toEqual([HORTON]);
    expect(nurses.missing).toEqual([]);
    const carers = await get<DayReturnsView>('/api/system/day-returns?locality=cherwell&staffGroup=care-worker');
    expect(carers.missing.map((m) => [m.providerId, m.status])).toEqual([[HOMECARE, 'missing']]);
    const bad = await api.request('/api/system/day-returns?staffGroup=surgeons', { as: 'leader' });
    expect(pathsOf(await problemOf(bad))).toEqual(['query.staffGroup']);
  });
});
