import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditEntry } from '#domain/audit';
import { ACUTE, CARE_HOME, pathsOf, problemOf, startApi, type Api, type User } from './harness';

let api: Api;
beforeAll(async () => {
  api = await startApi(); // today is 2026-06-15 in the UK
});
afterAll(() => api.stop());

type ImportResult = {
  dryRun: boolean;
  rows: number;
  errors: { row: number; path: string; message: string }[];
  returns: { providerId: string; date: string; rows: number[]; outcome: string; version?: number }[];
  summary: Record<string, number>;
};

const HEADER =
  'providerId,date,staffGroup,establishmentWte,inPostWte,vacancyWte,absentWte,plannedHours,filledPermanent,filledBank,filledAgency,bedsOpen,pressureLevel,pressureNote';

/** Row 1 is the header; the rows below are rows 2-9. */
const FILE = [
  HEADER,
  `${ACUTE},2026-06-10,registered-nurse,100,90,10,4,2000,1700,150,50,500,3,"Short on wards 5, 6"`, // 2 ok
  `${ACUTE},2026-06-10,medical,40,38,2,1,800,780,0,20,,,`, // 3 ok, same return
  `${ACUTE},2026-06-11,registered-nurse,100,-5,10,4,2000,1700,150,50,500,3,`, // 4 negative in post
  `${ACUTE},2026-06-11,medical,40,38,2,1,800,780,0,20.001,,,`, // 5 not a 0.01 multiple
  `${ACUTE},2026-06-12,care-worker,10,10,0,0,100,100,0,0,,2,`, // 6 group the hospital does not report
  `${ACUTE},2026-06-20,registered-nurse,100,90,10,4,2000,1700,150,50,,2,`, // 7 future date
  `${ACUTE},2026-06-13,registered-nurse,100,90,10,4,2000,1700,150,50,,,`, // 8 no pressure level
  `${ACUTE},2026-06-14,registered-nurse,100,90,10,4,2000,1700,150,50,,2,`, // 9 ok
].join('\n');

const importCsv = (csv: string, opts: { dryRun?: boolean; as?: User; type?: string } = {}) =>
  api.request(`/api/imports${opts.dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    as: opts.as ?? 'nurse',
    headers: { 'Content-Type': opts.type ?? 'text/csv' },
    body: csv,
  });

const stored = async () =>
  (await api.store.returnsInRange(ACUTE, '2026-06-01', '2026-06-30')).map((r) => `${r.date} v${r.version}`);

describe('CSV import', () => {
  test('a dry run reports every row error by row number and writes nothing', async () => {
    const res = await importCsv(FILE, { dryRun: true });
    expect(res.status).toBe(200);
    const result = (await res.json()) as ImportResult;
    expect(result.dryRun).toBe(true);
    expect(result.rows).toBe(8);
    expect(result.errors.map((e) => [e.row, e.path])).toEqual([
      [4, 'inPostWte'],
      [5, 'filledAgency'],
      [6, 'staffGroup'],
      [7, 'date'],
      [8, 'pressureLevel'],
    ]);
    expect(result.returns.map((r) => [r.date, r.rows, r.outcome])).toEqual([
      ['2026-06-10', [2, 3], 'would-write'],
      ['2026-06-14', [9], 'would-write'],
    ]);
    expect(await stored()).toEqual([]);
  });

  test('a real run writes the valid returns, lists them, and lists the row errors', async () => {
    const res = await importCsv(FILE);
    const result = (await res.json()) as ImportResult;
    expect(result.returns.map((r) => [r.date, r.outcome, r.version])).toEqual([
      ['2026-06-10', 'written', 1],
      ['2026-06-14', 'written', 1],
    ]);
    expect(result.errors.length).toBe(5);
    expect(result.summary).toMatchObject({ written: 2, invalidRows: 5 });
    expect(await stored()).toEqual(['2026-06-10 v1', '2026-06-14 v1']);
    const ret = await api.store.currentReturn(ACUTE, '2026-06-10');
    expect(ret).toMatchObject({ submittedBy: 'provider-jr', capacity: { bedsOpen: 500 }, pressure: { level: 3, note: 'Short on wards 5, 6' } });
    expect(ret?.staffing.map((l) => l.staffGroup)).toEqual(['registered-nurse', 'medical']);
  });

  test('importing again: identical returns are unchanged, changed ones are conflicts, nothing is overwritten', async () => {
    const changed = FILE.replace(`${ACUTE},2026-06-14,registered-nurse,100,90`, `${ACUTE},2026-06-14,registered-nurse,100,80`);
    const result = (await (await importCsv(changed)).json()) as ImportResult;
    expect(result.returns.map((r) => [r.date, r.outcome, r.version])).toEqual([
      ['2026-06-10', 'unchanged', 1],
      ['2026-06-14', 'conflict', 1],
    ]);
    expect(await stored()).toEqual(['2026-06-10 v1', '2026-06-14 v1']);
  });

  test("rows for a unit the provider does not belong to are row errors; its own rows are imported", async () => {
    const csv = [HEADER, `${ACUTE},2026-06-05,registered-nurse,100,90,10,4,2000,1700,150,50,,2,`, `${CARE_HOME},2026-06-05,care-worker,30,30,0,1,600,600,0,0,,2,`].join('\n');
    const dry = (await (await importCsv(csv, { dryRun: true })).json()) as ImportResult;
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    const result = (await res.json()) as ImportResult;
    expect(result.errors).toEqual([{ row: 3, path: 'providerId', message: `you do not belong to ${CARE_HOME}, so its rows are not imported` }]);
    expect(dry.errors).toEqual(result.errors);
    expect(result.returns.map((r) => [r.providerId, r.outcome])).toEqual([[ACUTE, 'written']]);
    expect(await api.store.currentReturn(CARE_HOME, '2026-06-05')).toBeNull();
    expect(await api.store.currentReturn(ACUTE, '2026-06-05')).not.toBeNull();
    expect((await importCsv(csv, { as: 'admin' })).status).toBe(200);
    expect(await api.store.currentReturn(CARE_HOME, '2026-06-05')).not.toBeNull();
  });

  test("an admin's import is in the audit trail as one entry: the units, dates and versions written and the counts, not the figures; a provider's import and a dry run are not", async () => {
    const auditOf = async () => (await (await api.request('/api/audit?kind=returns-import&from=2026-06-01&to=2026-06-30', { as: 'admin' })).json()) as AuditEntry[];
    const before = await auditOf();
    const csv = [
      HEADER,
      `${ACUTE},2026-04-02,registered-nurse,100,90,10,4,2000,1700,150,50,500,3,`,
      `${ACUTE},2026-04-03,registered-nurse,100,90,10,4,2000,1700,150,50,500,3,`,
      `${CARE_HOME},2026-04-03,care-worker,30,30,0,1,600,600,0,0,,2,`,
      `${CARE_HOME},2026-04-04,care-worker,30,-1,0,1,600,600,0,0,,2,`, // 5: negative in post, not written
    ].join('\n');
    expect((await importCsv(csv, { as: 'nurse' })).status).toBe(200); // the nurse's own unit's rows are written, and not audited
    expect(await auditOf()).toEqual(before);
    expect((await importCsv(csv, { as: 'admin', dryRun: true })).status).toBe(200);
    expect(await auditOf()).toEqual(before);

    const amended = csv.replace(`${ACUTE},2026-04-03,registered-nurse,100,90`, `${ACUTE},2026-04-03,registered-nurse,100,91`);
    const result = (await (await importCsv(amended, { as: 'admin' })).json()) as ImportResult;
    expect(result.summary).toMatchObject({ written: 1, unchanged: 1, conflicts: 1, invalidRows: 1 });
    const seen = new Set(before.map((e) => JSON.stringify(e)));
    const entries = (await auditOf()).filter((e) => !seen.has(JSON.stringify(e)));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: 'admin-1',
      target: 'returns',
      summary: 'Imported 1 return of 1 unit for 2026-04-03 (1 unchanged, 1 not imported for a newer version, 1 rows with errors not imported)',
      before: null,
      after: { rows: 4, written: [{ providerId: CARE_HOME, name: 'Sunrise Care Home', date: '2026-04-03', version: 1 }] },
    });
    // What was written, not the file: no figures in the entry.
    expect(JSON.stringify(entries[0])).not.toMatch(/inPostWte|staffing/);
  });

  test('a return is written only when every one of its rows is valid; dry run and real run report the same errors', async () => {
    const csv = [
      HEADER,
      `${ACUTE},2026-05-10,registered-nurse,100,90,10,4,2000,1700,150,50,500,3,`, // 2 ok
      `${ACUTE},2026-05-10,medical,40,38,2,1,800,780,0,-20,,,`, // 3 negative agency hours: the whole return is out
      `${ACUTE},2026-05-11,registered-nurse,100,90,10,4,2000,1700,150,50,500,3,`, // 4 ok, a return of its own
    ].join('\n');
    const dry = (await (await importCsv(csv, { dryRun: true })).json()) as ImportResult;
    const real = (await (await importCsv(csv)).json()) as ImportResult;
    expect(real.errors.map((e) => [e.row, e.path])).toEqual([[3, 'filledAgency']]);
    expect(dry.errors).toEqual(real.errors);
    expect(real.returns.map((r) => [r.date, r.outcome])).toEqual([['2026-05-11', 'written']]);
    expect(await api.store.currentReturn(ACUTE, '2026-05-10')).toBeNull();
  });

  test('a row with one cell too many (an unquoted decimal comma) is an error and nothing of its return is written', async () => {
    const csv = [
      HEADER,
      `${ACUTE},2026-05-12,registered-nurse,100,90,10,4,2000,1700,150,50,500,3,`,
      `${ACUTE},2026-05-12,medical,40,38,2,1,800,780,0,10,5,,,`, // agency 10,5: every later figure one column to the right
    ].join('\n');
    for (const dryRun of [true, false]) {
      const result = (await (await importCsv(csv, { dryRun })).json()) as ImportResult;
      expect(result.errors, `dryRun=${dryRun}`).toEqual([
        { row: 3, path: '(row)', message: 'has 15 cells; the header has 14 (a decimal comma must be a point, or the cell quoted)' },
      ]);
      expect(result.returns).toEqual([]);
    }
    expect(await api.store.versions(ACUTE, '2026-05-12')).toEqual([]);
  });

  test('an odd unit id or a stray quote is a clear error, never a database error', async () => {
    const longId = (await importCsv([HEADER, `${'x'.repeat(2000)},2026-05-13,medical,40,38,2,1,800,780,0,10,,2,`].join('\n'))).json();
    expect(((await longId) as ImportResult).errors.map((e) => [e.row, e.path])).toEqual([[2, 'providerId']]);
    const stray = await importCsv([HEADER, `${ACUTE},2026-05-13,medical,40,38,2,1,800,780,0,10,,2,say "hi"`].join('\n'));
    expect(stray.status).toBe(400);
    expect((await problemOf(stray)).errors[0].message).toMatch(/line 2/);
  });

  test('a header with a missing or unknown column is a 400 naming it', async () => {
    const res = await importCsv('providerId,date,staffGroup,colour\n');
    expect(res.status).toBe(400);
    const paths = pathsOf(await problemOf(res));
    expect(paths).toContain('header.colour');
    expect(paths).toContain('header.inPostWte');
  });

  test('a body that is not text/csv is a 415', async () => {
    const res = await importCsv(FILE, { type: 'application/json' });
    expect(res.status).toBe(415);
    await problemOf(res);
  });

  test('a leader cannot import', async () => {
    expect((await importCsv(FILE, { as: 'leader' })).status).toBe(403);
  });
});
