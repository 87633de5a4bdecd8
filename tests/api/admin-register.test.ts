import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditEntry } from '#domain/audit';
import { ACUTE, hospitalReturn, pathsOf, problemOf, startApi, type Api } from './harness';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.stop());

const csv = (...lines: string[]) => lines.join('\r\n') + '\r\n';
const HEADER = 'providerId,name,organisation,localityId,sector,staffGroups,reportingDays,activeFrom,activeTo,localityName';
const importRegister = (body: string, dryRun = false) =>
  api.request(`/api/imports/register${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', as: 'admin', headers: { 'Content-Type': 'text/csv' }, body });
const audit = async (query = '') => {
  const res = await api.request(`/api/audit${query}`, { as: 'admin' });
  expect(res.status).toBe(200);
  return (await res.json()) as AuditEntry[];
};

describe('localities', () => {
  test('an admin creates (201) and renames (200) a locality; both are in the audit trail with before and after', async () => {
    const created = await api.request('/api/localities/west-oxon', { method: 'PUT', as: 'admin', json: { name: 'West Oxfordshire' } });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ localityId: 'west-oxon', name: 'West Oxfordshire' });
    api.setNow('2026-06-15T10:01:00Z');
    const renamed = await api.request('/api/localities/west-oxon', { method: 'PUT', as: 'admin', json: { name: 'West Oxon' } });
    expect(renamed.status).toBe(200);
    const list = (await (await api.request('/api/localities', { as: 'leader' })).json()) as { localityId: string; name: string }[];
    expect(list.find((l) => l.localityId === 'west-oxon')?.name).toBe('West Oxon');

    const entries = (await audit('?kind=locality')).filter((e) => e.target === 'west-oxon');
    expect(entries.map((e) => e.summary)).toEqual(['Renamed locality West Oxfordshire to West Oxon', 'Created locality West Oxfordshire']);
    expect(entries[0]).toMatchObject({ actor: 'admin-1', before: { name: 'West Oxfordshire' }, after: { name: 'West Oxon' } });
    expect(entries[1].before).toBeNull();
  });

  test('a leader or provider may not create one; a bad id or blank name is refused and nothing is written', async () => {
    for (const as of ['leader', 'nurse'] as const) {
      const res = await api.request('/api/localities/nowhere', { method: 'PUT', as, json: { name: 'Nowhere' } });
      expect(res.status).toBe(403);
    }
    const badId = await api.request('/api/localities/Not%20Slug', { method: 'PUT', as: 'admin', json: { name: 'X' } });
    expect(badId.status).toBe(400);
    const blank = await api.request('/api/localities/blank', { method: 'PUT', as: 'admin', json: { name: '  ' } });
    expect(blank.status).toBe(422);
    expect(pathsOf(await problemOf(blank))).toEqual(['name']);
    const ids = ((await (await api.request('/api/localities', { as: 'admin' })).json()) as { localityId: string }[]).map((l) => l.localityId);
    expect(ids).not.toContain('nowhere');
    expect(ids).not.toContain('blank');
  });
});

describe('units one by one', () => {
  test("creating and changing a unit is audited with the fields that changed; re-sending the same unit is not", async () => {
    const unit = {
      name: 'Witney Care',
      organisation: 'Witney Care Ltd',
      localityId: 'oxford',
      sector: 'care-home',
      staffGroups: ['care-worker'],
      reportingDays: 'every-day',
      activeFrom: '2026-01-01',
    };
    expect((await api.request('/api/providers/witney-care', { method: 'PUT', as: 'admin', json: unit })).status).toBe(201);
    api.setNow('2026-06-15T10:05:00Z');
    expect((await api.request('/api/providers/witney-care', { method: 'PUT', as: 'admin', json: { ...unit, staffGroups: ['care-worker', 'non-care'] } })).status).toBe(200);
    expect((await api.request('/api/providers/witney-care', { method: 'PUT', as: 'admin', json: { ...unit, staffGroups: ['care-worker', 'non-care'] } })).status).toBe(200);
    const entries = (await audit('?kind=unit')).filter((e) => e.target === 'witney-care');
    expect(entries.map((e) => e.summary)).toEqual(['Changed unit Witney Care (staffGroups)', 'Created unit Witney Care']);
    expect(entries[0].before).toMatchObject({ staffGroups: ['care-worker'] });
    expect(entries[0].after).toMatchObject({ staffGroups: ['care-worker', 'non-care'] });
  });
});

describe('register import', () => {
  const good = 'banbury-hc,Banbury Homecare,Banbury Care Ltd,banbury,homecare,care-worker;registered-manager,weekdays,2026-06-01,,Banbury';
  const second = 'bicester-ch,"Bicester Lodge, Care Home",Lodge Group,banbury,care-home,care-worker;registered-nurse,every-day,2026-01-01,,';
  const badSector = 'bad-sector,Bad Sector,Org,oxford,hospice,care-worker,every-day,2026-01-01,,';
  const badDate = 'bad-date,Bad Date,Org,oxford,care-home,care-worker,every-day,01/06/2026,,';
  const badGroup = 'bad-group,Bad Group,Org,oxford,care-home,care-worker;nurses,every-day,2026-01-01,,';
  const noLocality = 'lost-unit,Lost,Org,atlantis,care-home,care-worker,every-day,2026-01-01,,';
  const shifted = 'shifted,Shifted,Org,oxford,care-home,care-worker,every-day,2026-01-01,,,extra';

  test('a dry run reports every bad row in plain words, by row and column, and writes nothing', async () => {
    const res = await importRegister(csv(HEADER, good, badSector, second, badDate, badGroup, noLocality, shifted), true);
    expect(res.status).toBe(200);
    const result = (await res.json()) as { errors: { row: number; path: string; message: string }[]; units: { providerId: string; outcome: string }[]; summary: Record<string, number>; localities: unknown[] };
    expect(result.errors.map((e) => [e.row, e.path])).toEqual([
      [3, 'sector'],
      [5, 'activeFrom'],
      [6, 'staffGroups'],
      [7, 'localityId'],
      [8, '(row)'],
    ]);
    expect(result.errors[1].message).toMatch(/YYYY-MM-DD/);
    expect(result.errors[2].message).toMatch(/staff group that is not known/);
    expect(result.errors[3].message).toMatch(/no locality atlantis.*localityName/);
    expect(result.units.map((u) => [u.providerId, u.outcome])).toEqual([
      ['banbury-hc', 'created'],
      ['bicester-ch', 'created'],
    ]);
    expect(result.localities).toEqual([{ localityId: 'banbury', name: 'Banbury', outcome: 'created' }]);
    expect(result.summary).toMatchObject({ created: 2, invalidRows: 5, localitiesCreated: 1 });
    expect(await api.store.getProvider('banbury-hc')).toBeNull();
    expect((await api.store.listLocalities()).map((l) => l.localityId)).not.toContain('banbury');
  });

  test('the import writes the good rows (and the locality they name), never a bad row, and audits each change', async () => {
    const res = await importRegister(csv(HEADER, good, badSector, second, noLocality));
    const result = (await res.json()) as { summary: Record<string, number> };
    expect(result.summary).toMatchObject({ created: 2, updated: 0, invalidRows: 2 });
    expect((await api.store.getProvider('bicester-ch'))?.name).toBe('Bicester Lodge, Care Home');
    expect(await api.store.getProvider('bad-sector')).toBeNull();
    expect(await api.store.getProvider('lost-unit')).toBeNull();
    expect((await api.store.listLocalities()).find((l) => l.localityId === 'banbury')?.name).toBe('Banbury');

    const again = (await (await importRegister(csv(HEADER, good.replace('weekdays', 'every-day'), second))).json()) as {
      units: { providerId: string; outcome: string; changed: string[] }[];
    };
    expect(again.units).toMatchObject([
      { providerId: 'banbury-hc', outcome: 'updated', changed: ['reportingDays'] },
      { providerId: 'bicester-ch', outcome: 'unchanged', changed: [] },
    ]);
    const entries = await audit();
    const summaries = entries.map((e) => e.summary);
    expect(summaries).toContain('Created locality Banbury (register import)');
    expect(summaries).toContain('Created unit Banbury Homecare (register import)');
    expect(summaries).toContain('Changed unit Banbury Homecare (reportingDays) (register import)');
    expect(summaries.filter((s) => s.includes('Bicester Lodge'))).toEqual(['Created unit Bicester Lodge, Care Home (register import)']);
    expect(summaries).toContain('Imported the register: 2 units created, 0 updated, 0 unchanged, 2 rows with errors not imported');
  });

  test('a unit on two rows, or a locality named two ways, is an error on those rows', async () => {
    const res = await importRegister(
      csv(
        HEADER,
        'twin,Twin A,Org,oxford,care-home,care-worker,every-day,2026-01-01,,',
        'twin,Twin B,Org,oxford,care-home,care-worker,every-day,2026-01-01,,',
        'north-a,North A,Org,north,care-home,care-worker,every-day,2026-01-01,,North',
        'north-b,North B,Org,north,care-home,care-worker,every-day,2026-01-01,,Northern',
      ),
      true,
    );
    const result = (await res.json()) as { errors: { row: number; path: string }[]; units: { providerId: string }[] };
    expect(result.errors.map((e) => [e.row, e.path])).toEqual([
      [2, 'providerId'],
      [3, 'providerId'],
      [5, 'localityName'],
    ]);
    expect(result.units.map((u) => u.providerId)).toEqual(['north-a']);
  });

  test('a wrong header is a 400 naming the columns; the template is that header; only admins may import', async () => {
    const res = await importRegister(csv('providerId,name,colour', 'x,y,z'));
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(pathsOf(problem)).toContain('header.colour');
    expect(pathsOf(problem)).toContain('header.sector');

    const template = await api.request('/api/imports/register/template', { as: 'admin' });
    expect(template.headers.get('Content-Type')).toMatch(/^text\/csv/);
    const header = (await template.text()).trim();
    const ok = await importRegister(csv(header, good), true);
    expect(ok.status).toBe(200);

    const byLeader = await api.request('/api/imports/register', { method: 'POST', as: 'leader', headers: { 'Content-Type': 'text/csv' }, body: csv(HEADER, good) });
    expect(byLeader.status).toBe(403);
  });
});

describe('audit trail', () => {
  test('thresholds and an admin amending a unit\'s return are recorded with before and after; a provider\'s own return is not', async () => {
    const put = await api.request('/api/settings/thresholds', { method: 'PUT', as: 'admin', json: { 'vacancy-rate': { amber: 0.09, red: 0.14 } } });
    expect(put.status).toBe(200);
    const [thresholds] = await audit('?kind=thresholds');
    expect(thresholds.summary).toBe('Changed the thresholds of vacancy-rate');
    expect(thresholds.after).toMatchObject({ 'vacancy-rate': { amber: 0.09, red: 0.14 } });

    const path = `/api/providers/${ACUTE}/returns/2026-06-14`;
    expect((await api.request(path, { method: 'PUT', as: 'nurse', json: hospitalReturn(90) })).status).toBe(201);
    expect((await audit('?kind=return-amendment')).length).toBe(0);
    expect((await api.request(path, { method: 'PUT', as: 'admin', json: hospitalReturn(85), headers: { 'If-Match': '"1"' } })).status).toBe(200);
    const [amendment] = await audit('?kind=return-amendment');
    expect(amendment).toMatchObject({ actor: 'admin-1', target: `${ACUTE}/2026-06-14`, summary: 'Amended the return of John Radcliffe Hospital for 2026-06-14 (version 1 to 2)' });
    expect((amendment.before as { staffing: { inPostWte: number }[] }).staffing[0].inPostWte).toBe(90);
    expect((amendment.after as { staffing: { inPostWte: number }[] }).staffing[0].inPostWte).toBe(85);
  });

  test('filtered by day (UK days), actor and kind; newest first; a bad filter is a 400; admins only', async () => {
    api.setNow('2026-06-20T23:30:00Z'); // 00:30 on the 21st in the UK (summer time)
    await api.request('/api/localities/late-night', { method: 'PUT', as: 'admin', json: { name: 'Late Night' } });
    api.setNow('2026-06-15T10:00:00Z');
    const onThe21st = await audit('?from=2026-06-21&to=2026-06-21');
    expect(onThe21st.map((e) => e.target)).toEqual(['late-night']);
    expect(await audit('?from=2026-06-20&to=2026-06-20')).toEqual([]);
    const all = await audit('?from=2026-06-01&to=2026-06-30');
    expect(all[0].target).toBe('late-night');
    expect([...all].sort((a, b) => b.at.localeCompare(a.at))).toEqual(all);
    expect(await audit('?from=2026-06-01&to=2026-06-30&actor=someone-else')).toEqual([]);

    const bad = await api.request('/api/audit?kind=everything&from=2026-13-01', { as: 'admin' });
    expect(bad.status).toBe(400);
    expect(pathsOf(await problemOf(bad)).sort()).toEqual(['query.from', 'query.kind']);
    const backwards = await api.request('/api/audit?from=2026-06-30&to=2026-06-01', { as: 'admin' });
    expect(backwards.status).toBe(400);
    expect((await api.request('/api/audit', { as: 'leader' })).status).toBe(403);
  });

  test('a span with more changes than an answer can carry is a 400 asking for fewer days; a narrower span answers', async () => {
    // 60 changes of about 100 KB each over two days of January 2025: some 6 MB, past what a Lambda can send.
    const note = 'x'.repeat(100_000);
    await api.store.appendAudit(
      Array.from({ length: 60 }, (_, i) => ({
        at: `2025-01-${i < 30 ? '10' : '11'}T10:${String(i % 30).padStart(2, '0')}:00.000Z`,
        actor: 'admin-1',
        actorName: 'Alex Admin',
        kind: 'thresholds' as const,
        target: 'thresholds',
        summary: `Changed the thresholds (${i})`,
        before: null,
        after: { note },
      })),
    );
    for (const headers of [{}, { Accept: 'text/csv' }] as Record<string, string>[]) {
      const wide = await api.request('/api/audit?from=2025-01-01&to=2025-01-31', { as: 'admin', headers });
      expect(wide.status).toBe(400);
      expect((await problemOf(wide)).errors).toEqual([
        { path: 'query.from', message: '60 changes from 2025-01-01 to 2025-01-31 are more than can be shown at once: choose fewer days' },
      ]);
    }
    expect(await audit('?from=2025-01-10&to=2025-01-10')).toHaveLength(30);
  });

  test('as CSV (Accept: text/csv): the same entries and filters as the JSON, newest first, UK time, before and after in full, a formula-looking name escaped', async () => {
    // An admin whose name a spreadsheet would run as a formula.
    api.setNow('2026-07-01T09:04:00Z');
    const invited = await api.request('/api/users', { method: 'POST', as: 'admin', json: { email: 'formula@county.example', name: '=HYPERLINK("http://evil.example","Click")', role: 'admin' } });
    const { userId } = (await invited.json()) as { userId: string };
    const asFormula = { headers: { Authorization: `Bearer ${await api.tokenFor(userId, ['admin'])}` } };
    api.setNow('2026-07-01T09:05:00Z'); // 10:05 in the UK
    expect((await api.request('/api/localities/csv-town', { method: 'PUT', ...asFormula, json: { name: 'Town, "CSV"' } })).status).toBe(201);
    api.setNow('2026-07-01T09:06:00Z');
    await api.request('/api/localities/csv-town', { method: 'PUT', as: 'admin', json: { name: 'CSV Town' } });
    api.setNow('2026-06-15T10:00:00Z');

    const query = '?from=2026-07-01&to=2026-07-01&kind=locality';
    const res = await api.request(`/api/audit${query}`, { as: 'admin', headers: { Accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/csv/);
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="audit-2026-07-01-to-2026-07-01.csv"');
    const lines = (await res.text()).split('\r\n');
    const town = String.raw`"{""localityId"":""csv-town"",""name"":""Town, \""CSV\""""}"`;
    expect(lines).toEqual([
      'at,ukTime,actor,actorName,kind,what,target,summary,before,after',
      `2026-07-01T09:06:00.000Z,2026-07-01 10:06,admin-1,,locality,Locality,csv-town,"Renamed locality Town, ""CSV"" to CSV Town",${town},"{""localityId"":""csv-town"",""name"":""CSV Town""}"`,
      `2026-07-01T09:05:00.000Z,2026-07-01 10:05,${userId},"'=HYPERLINK(""http://evil.example"",""Click"")",locality,Locality,csv-town,"Created locality Town, ""CSV""",,${town}`,
      '',
    ]);
    expect(lines.slice(1, -1)).toHaveLength((await audit(query)).length);
    // `text` filters both answers alike; with nothing found the CSV is the header alone.
    const found = await api.request(`/api/audit${query}&text=renamed`, { as: 'admin', headers: { Accept: 'text/csv' } });
    expect((await found.text()).split('\r\n')).toEqual([lines[0], lines[1], '']);
    expect((await audit(`${query}&text=renamed`)).map((e) => e.summary)).toEqual(['Renamed locality Town, "CSV" to CSV Town']);
    const none = await api.request(`/api/audit${query}&text=nothing-like-this`, { as: 'admin', headers: { Accept: 'text/csv' } });
    expect(await none.text()).toBe(`${lines[0]}\r\n`);
    expect((await api.request(`/api/audit${query}`, { as: 'leader', headers: { Accept: 'text/csv' } })).status).toBe(403);
  });
});
