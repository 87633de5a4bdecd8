import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ACUTE, CARE_HOME, careHomeReturn, hospitalReturn, pathsOf, problemOf, startApi, type Api, type User } from '../api/harness';
import { LEAKS, tableContents } from './support';

/**
 * Issue 11, item 7: requests no honest client sends, each with the answer it must get. A
 * refused request answers problem+json naming the field at fault, logs no error, leaks no
 * stack trace and leaves the table exactly as it was (a full Scan before and after). The few
 * odd-but-valid inputs (-0, a clock-change day, a formula-looking name) are accepted and say so.
 */
let api: Api;
beforeAll(async () => {
  api = await startApi(); // today is 2026-06-15 in the UK, 11:00 BST
});
afterAll(() => api.stop());

const RETURN = `/api/providers/${ACUTE}/returns/2026-06-10`;
const UNIT = '/api/providers/new-unit';
const THRESHOLDS = '/api/settings/thresholds';
const IMPORT = '/api/imports';

interface Case {
  as: User;
  method?: string;
  path: string;
  /** An object is sent as JSON; a string is sent as it is. */
  body?: unknown;
  type?: string | null;
  status: number;
  /** The first field the problem names. */
  field?: string | RegExp;
}

type Line = ReturnType<typeof hospitalReturn>['staffing'][number];
/** A valid hospital return with its first staffing line changed. */
const line = (change: Partial<Record<keyof Line, unknown>>) => {
  const r = hospitalReturn();
  return { ...r, staffing: [{ ...r.staffing[0], ...change }, r.staffing[1]] };
};
/** The valid return as JSON text with one number replaced by raw text, for what JSON.stringify cannot write. */
const rawNumber = (text: string) => JSON.stringify(hospitalReturn()).replace('"inPostWte":90', `"inPostWte":${text}`);
const withRaw = (key: string, value: string) => JSON.stringify(hospitalReturn()).replace(/}$/, `,"${key}":${value}}`);
const note = (text: string) => ({ ...hospitalReturn(), pressure: { level: 2, note: text } });
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

const unit = (change: Record<string, unknown> = {}) => ({
  name: 'New unit (demo)',
  organisation: 'New organisation',
  localityId: 'oxford',
  sector: 'care-home',
  staffGroups: ['registered-nurse', 'care-worker'],
  reportingDays: 'every-day',
  activeFrom: '2026-01-01',
  ...change,
});
const HEADER = 'providerId,date,staffGroup,establishmentWte,inPostWte,vacancyWte,absentWte,plannedHours,filledPermanent,filledBank,filledAgency,pressureLevel,pressureNote';
const row = (rest = '100,90,10,4,2000,1700,150,50,3,') => `${ACUTE},2026-06-09,registered-nurse,${rest}`;

const put = (path: string, body: unknown, status: number, field?: Case['field'], as: User = 'nurse'): Case => ({ as, method: 'PUT', path, body, status, field });
const returnCase = (body: unknown, status: number, field?: Case['field']) => put(RETURN, body, status, field);

const CASES: Record<string, Case> = {
  // media types and JSON text
  'a return sent as text/plain': { ...returnCase(JSON.stringify(hospitalReturn()), 415, 'Content-Type'), type: 'text/plain' },
  'a return with no Content-Type': { ...returnCase(JSON.stringify(hospitalReturn()), 415, 'Content-Type'), type: null },
  'a return sent as a form': { ...returnCase('staffing=1', 415, 'Content-Type'), type: 'application/x-www-form-urlencoded' },
  'a return sent as CSV': { ...returnCase('a,b\n1,2', 415, 'Content-Type'), type: 'text/csv' },
  'a return cut off half way': returnCase('{"staffing": [', 400, '(body)'),
  'an empty body': returnCase('', 400, '(body)'),
  'JSON with a comment': returnCase('{/* hi */}', 400, '(body)'),
  'a key given twice': returnCase(withRaw('pressure', '{"level":1}'), 400, 'pressure'),
  'a key given twice inside a staffing line': returnCase(rawNumber('90,"inPostWte":10'), 400, /staffing.*inPostWte/),
  'a body that is an array': returnCase([hospitalReturn()], 422, '(body)'),
  'a body that is a number': returnCase('42', 422, '(body)'),
  'a body that is null': returnCase('null', 422, '(body)'),
  'a body that is a string': returnCase('"return"', 422, '(body)'),
  'an oversized body (300 KiB)': returnCase(note('x'.repeat(300 * 1024)), 413, '(body)'),
  'arrays nested 100,000 deep': returnCase(nested(100_000), 422, '(body)'),
  'objects nested 20,000 deep': returnCase('{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000), 400, /.*/),
  // numbers
  'a number sent as a string': returnCase(line({ inPostWte: '90' }), 422, 'staffing.0.inPostWte'),
  'NaN': returnCase(rawNumber('NaN'), 400, '(body)'),
  'Infinity': returnCase(rawNumber('Infinity'), 400, '(body)'),
  '1e400 (Infinity once parsed)': returnCase(rawNumber('1e400'), 422, 'staffing.0.inPostWte'),
  'a denormal number (5e-324)': returnCase(rawNumber('5e-324'), 422, 'staffing.0.inPostWte'),
  'too many decimals (90.001)': returnCase(line({ inPostWte: 90.001 }), 422, 'staffing.0.inPostWte'),
  'too many decimals hidden far out (90.000000001)': returnCase(line({ inPostWte: 90.000000001 }), 422, 'staffing.0.inPostWte'),
  'a negative number': returnCase(line({ absentWte: -1 }), 422, 'staffing.0.absentWte'),
  'an absurd number (a billion WTE)': returnCase(line({ establishmentWte: 1e9 }), 422, 'staffing.0.establishmentWte'),
  'a number as a boolean': returnCase(line({ plannedHours: true }), 422, 'staffing.0.plannedHours'),
  'a fraction of a bed': returnCase({ ...hospitalReturn(), capacity: { bedsOpen: 10.5 } }, 422, 'capacity.bedsOpen'),
  'a pressure level of 5': returnCase({ ...hospitalReturn(), pressure: { level: 5 } }, 422, 'pressure.level'),
  'a pressure level as a string': returnCase({ ...hospitalReturn(), pressure: { level: '3' } }, 422, 'pressure.level'),
  // staff groups
  'an unknown staff group': returnCase(line({ staffGroup: 'surgeon' }), 422, 'staffing.0.staffGroup'),
  'a staff group in capitals': returnCase(line({ staffGroup: 'Registered-Nurse' }), 422, 'staffing.0.staffGroup'),
  'a staff group with a Cyrillic e (homoglyph)': returnCase(line({ staffGroup: 'r\u0435gistered-nurse' }), 422, 'staffing.0.staffGroup'),
  'a staff group with a trailing space': returnCase(line({ staffGroup: 'registered-nurse ' }), 422, 'staffing.0.staffGroup'),
  'a staff group given twice': returnCase(line({ staffGroup: 'medical' }), 422, /staffing.\d.staffGroup/),
  'a staff group the unit does not report': returnCase(line({ staffGroup: 'care-worker' }), 422, 'staffing.0.staffGroup'),
  'no staffing lines': returnCase({ ...hospitalReturn(), staffing: [] }, 422, 'staffing'),
  // server-owned and unknown fields
  'a version in the body': returnCase({ ...hospitalReturn(), version: 99 }, 400, 'version'),
  'submittedBy in the body': returnCase({ ...hospitalReturn(), submittedBy: 'admin-1' }, 400, 'submittedBy'),
  'a providerId in the body': returnCase({ ...hospitalReturn(), providerId: CARE_HOME }, 400, 'providerId'),
  'warnings in the body': returnCase({ ...hospitalReturn(), warnings: [] }, 400, 'warnings'),
  '__proto__ in the body': returnCase(withRaw('__proto__', '{"isAdmin":true}'), 400, '__proto__'),
  'constructor in the body': returnCase(withRaw('constructor', '{"prototype":{"isAdmin":true}}'), 400, 'constructor'),
  '__proto__ inside a staffing line': returnCase(rawNumber('90,"__proto__":{"x":1}'), 400, 'staffing.0.__proto__'),
  // free text
  'a note with a carriage return': returnCase(note('line\rline'), 422, 'pressure.note'),
  'a note with an escape sequence': returnCase(note('\u001b[31mred'), 422, 'pressure.note'),
  'a note with a first-strong isolate': returnCase(note('ward \u2068five'), 422, 'pressure.note'),
  'a note with a low surrogate alone': returnCase(note('ward \udc00'), 422, 'pressure.note'),
  'a note of 501 characters': returnCase(note('x'.repeat(501)), 422, 'pressure.note'),
  // dates
  'an impossible date (30 February)': put(`/api/providers/${ACUTE}/returns/2026-02-30`, hospitalReturn(), 400, 'date'),
  'a date without leading zeros': put(`/api/providers/${ACUTE}/returns/2026-6-1`, hospitalReturn(), 400, 'date'),
  'a date with a time': put(`/api/providers/${ACUTE}/returns/2026-06-01T00:00`, hospitalReturn(), 400, 'date'),
  'a date in the wrong order': put(`/api/providers/${ACUTE}/returns/10-06-2026`, hospitalReturn(), 400, 'date'),
  'a year 0000': put(`/api/providers/${ACUTE}/returns/0000-01-01`, hospitalReturn(), 400, 'date'),
  'tomorrow': put(`/api/providers/${ACUTE}/returns/2026-06-16`, hospitalReturn(), 422, 'date'),
  'a date before the unit opened': put(`/api/providers/${ACUTE}/returns/2024-12-31`, hospitalReturn(), 422, 'date'),
  // ids
  'a unit id in capitals': put(`/api/providers/JR-HOSPITAL/returns/2026-06-10`, hospitalReturn(), 400, 'providerId', 'admin'),
  'a unit id with a NUL': put(`/api/providers/jr%00hospital/returns/2026-06-10`, hospitalReturn(), 400, 'providerId', 'admin'),
  'a unit id with a Cyrillic a': put(`/api/providers/${encodeURIComponent('jr-hospit\u0430l')}/returns/2026-06-10`, hospitalReturn(), 400, 'providerId', 'admin'),
  'a unit id of dots': put(`/api/providers/..%2F..%2Fsettings/returns/2026-06-10`, hospitalReturn(), 400, 'providerId', 'admin'),
  'a unit that does not exist': put(`/api/providers/no-such-unit/returns/2026-06-10`, hospitalReturn(), 404, /.*/, 'admin'),
  // units
  'a unit in an unknown locality': put(UNIT, unit({ localityId: 'atlantis' }), 422, 'localityId', 'admin'),
  'a unit with a staff group twice': put(UNIT, unit({ staffGroups: ['care-worker', 'care-worker'] }), 422, 'staffGroups.1', 'admin'),
  'a unit closing before it opens': put(UNIT, unit({ activeTo: '2025-01-01' }), 422, 'activeTo', 'admin'),
  'a unit whose name is spaces': put(UNIT, unit({ name: '   ' }), 422, 'name', 'admin'),
  'a unit name of 201 characters': put(UNIT, unit({ name: 'x'.repeat(201) }), 422, 'name', 'admin'),
  'a unit in an unknown sector': put(UNIT, unit({ sector: 'spa' }), 422, 'sector', 'admin'),
  'a unit with its id in the body': put(UNIT, unit({ providerId: 'other' }), 400, 'providerId', 'admin'),
  'a unit with an impossible opening date': put(UNIT, unit({ activeFrom: '2026-02-29' }), 422, 'activeFrom', 'admin'),
  'a unit body that is a list': put(UNIT, [unit()], 422, '(body)', 'admin'),
  // thresholds
  'red below amber for a higher-is-worse measure': put(THRESHOLDS, { 'vacancy-rate': { amber: 0.1, red: 0.05 } }, 422, 'vacancy-rate.red', 'admin'),
  'a negative bound': put(THRESHOLDS, { 'vacancy-rate': { amber: -1, red: 0.05 } }, 422, 'vacancy-rate.amber', 'admin'),
  'a bound as a string': put(THRESHOLDS, { 'vacancy-rate': { amber: '0.1', red: 0.2 } }, 422, 'vacancy-rate.amber', 'admin'),
  'a measure that does not exist': put(THRESHOLDS, { 'happiness-rate': { amber: 1, red: 2 } }, 400, 'happiness-rate', 'admin'),
  'a bound of 1e400': put(THRESHOLDS, '{"vacancy-rate":{"amber":0.1,"red":1e400}}', 422, 'vacancy-rate.red', 'admin'),
  'a bound of 5e-324': put(THRESHOLDS, '{"vacancy-rate":{"amber":5e-324,"red":0.2}}', 422, 'vacancy-rate.amber', 'admin'),
  'a bound of 1e200': put(THRESHOLDS, { 'vacancy-rate': { amber: 0.1, red: 1e200 } }, 422, 'vacancy-rate.red', 'admin'),
  '__proto__ among the thresholds': put(THRESHOLDS, '{"__proto__":{"amber":1,"red":2}}', 400, '__proto__', 'admin'),
  // imports
  'an import sent as JSON': { as: 'nurse', method: 'POST', path: IMPORT, body: { rows: [] }, status: 415, field: 'Content-Type' },
  'an import with no rows': { as: 'nurse', method: 'POST', path: IMPORT, body: '', type: 'text/csv', status: 400, field: /.*/ },
  'an import missing a required column': { as: 'nurse', method: 'POST', path: IMPORT, body: 'providerId,date\njr-hospital,2026-06-09\n', type: 'text/csv', status: 400, field: /.*/ },
  'an import with an unclosed quote': { as: 'nurse', method: 'POST', path: IMPORT, body: `${HEADER}\n${row('100,90,10,4,2000,1700,150,50,3,"never closed')}\n`, type: 'text/csv', status: 400, field: /.*/ },
  'an import with a dry run flag that is not true or false': { as: 'nurse', method: 'POST', path: `${IMPORT}?dryRun=yes`, body: `${HEADER}\n${row()}\n`, type: 'text/csv', status: 400, field: 'query.dryRun' },
  // queries
  'a summary for 13/2026': { as: 'leader', path: '/api/system/summary?date=2026-13-01', status: 400, field: 'query.date' },
  'a summary for tomorrow': { as: 'leader', path: '/api/system/summary?date=2026-06-16', status: 400, field: 'query.date' },
  'a measure in capitals': { as: 'leader', path: '/api/system/heatmap?measure=VACANCY-RATE', status: 400, field: 'query.measure' },
  'an unknown query parameter': { as: 'leader', path: '/api/system/summary?debug=1', status: 400, field: /query/ },
  'a heatmap of 100,000 days': { as: 'leader', path: '/api/system/heatmap?columns=day&days=100000', status: 400, field: 'query.days' },
  'a heatmap of 1e3 days': { as: 'leader', path: '/api/system/heatmap?columns=day&days=1e3', status: 400, field: 'query.days' },
  'a range that ends before it starts': { as: 'nurse', path: `/api/providers/${ACUTE}/returns?from=2026-06-10&to=2026-06-01`, status: 400, field: 'query.to' },
  'a range from an impossible date': { as: 'nurse', path: `/api/providers/${ACUTE}/returns?from=2026-02-30&to=2026-06-01`, status: 400, field: 'query.from' },
  'a range from an e-mail address': { as: 'nurse', path: `/api/providers/${ACUTE}/returns?from=a%40b.example&to=2026-06-01`, status: 400, field: 'query.from' },
  'a range of ten years': { as: 'nurse', path: `/api/providers/${ACUTE}/returns?from=2016-06-10&to=2026-06-01`, status: 400, field: 'query.to' },
  'a drill-down to a unit id with a slash': { as: 'leader', path: '/api/system/day-returns?provider=a%2Fb', status: 400, field: 'query.provider' },
};

const errorsLogged = () => api.logs.filter((l) => l.level === 'error').length;

describe('hostile inputs, each with its answer', () => {
  test('there are at least 60 of them', () => {
    expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(60);
  });

  test.each(Object.entries(CASES))('%s', async (_, c) => {
    const before = await tableContents(api.db);
    const errors = errorsLogged();
    const headers = new Headers();
    if (c.type !== null && c.body !== undefined) headers.set('Content-Type', c.type ?? 'application/json');
    const body = c.body === undefined ? undefined : typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
    const res = await api.request(c.path, { method: c.method ?? 'GET', as: c.as, headers, body });
    const text = await res.clone().text();
    expect(res.status, text.slice(0, 300)).toBe(c.status);
    expect(text).not.toMatch(LEAKS);
    const problem = await problemOf(res);
    if (c.field !== undefined) expect(pathsOf(problem)[0]).toMatch(typeof c.field === 'string' ? new RegExp(`^${c.field.replace(/[.()]/g, '\\$&')}$`) : c.field);
    expect(errorsLogged(), 'an error was logged').toBe(errors);
    expect(await tableContents(api.db), 'the table changed').toBe(before);
  });
});

describe('odd but valid inputs are accepted as what they are', () => {
  test('-0 is stored as 0', async () => {
    const res = await api.request(`/api/providers/${ACUTE}/returns/2026-06-01`, { method: 'PUT', as: 'nurse', json: rawNumber('-0') });
    expect(res.status).toBe(201);
    expect(Object.is((await api.store.currentReturn(ACUTE, '2026-06-01'))!.staffing[0].inPostWte, 0)).toBe(true);
  });

  test.each(['2026-03-29', '2026-10-25'])('the clock-change day %s is a day like any other', async (date) => {
    const at = date === '2026-10-25' ? '2026-10-25T23:30:00Z' : '2026-03-29T22:30:00Z'; // 23:30 in the UK either way
    api.setNow(at);
    try {
      const res = await api.request(`/api/providers/${CARE_HOME}/returns/${date}`, { method: 'PUT', as: 'carer', json: careHomeReturn() });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { date: string }).date).toBe(date);
    } finally {
      api.setNow('2026-06-15T10:00:00Z');
    }
  });

  test('a note with new lines and tabs is kept exactly as typed', async () => {
    const text = 'Ward 5:\n\tshort of 2 nurses\n\tbank asked';
    const res = await api.request(`/api/providers/${ACUTE}/returns/2026-06-02`, { method: 'PUT', as: 'nurse', json: note(text) });
    expect(res.status).toBe(201);
    expect((await api.store.currentReturn(ACUTE, '2026-06-02'))!.pressure.note).toBe(text);
  });
});

describe('formula-looking text in every CSV export', () => {
  test('a unit name, organisation and note that a spreadsheet would run come out as text in every export', async () => {
    const formula = { name: '=HYPERLINK("http://evil.example","Click")', organisation: '+SUM(1;2)' };
    const created = await api.request('/api/providers/formula-home', {
      method: 'PUT',
      as: 'admin',
      json: { ...formula, localityId: 'cherwell', sector: 'care-home', staffGroups: ['care-worker'], reportingDays: 'every-day', activeFrom: '2026-01-01' },
    });
    expect(created.status).toBeLessThan(300);
    const ret = { ...careHomeReturn(), pressure: { level: 3 as const, note: '@cmd|" /C calc"!A0' } };
    expect((await api.request('/api/providers/formula-home/returns/2026-06-14', { method: 'PUT', as: 'admin', json: ret })).status).toBe(201);

    // Every route that can answer CSV, from the document, with the options that show units by name.
    const doc = (await (await api.request('/api/openapi.json')).json()) as { paths: Record<string, { get?: { responses: Record<string, { content?: object }> } }> };
    const csvRoutes = Object.entries(doc.paths)
      .filter(([, ops]) => ops.get && Object.values(ops.get.responses).some((r) => r.content && 'text/csv' in r.content))
      .map(([path]) => path);
    expect(csvRoutes.length).toBeGreaterThanOrEqual(6);
    const { parse } = await import('csv-parse/sync');
    let seen = 0;
    for (const route of csvRoutes) {
      for (const query of ['date=2026-06-14', 'date=2026-06-14&rows=provider', 'to=2026-06-14']) {
        const res = await api.request(`${route}?${query}`, { as: 'leader', headers: { Accept: 'text/csv' } });
        if (res.status !== 200) continue; // a query the view does not take
        const cells = (parse(await res.text(), { relax_column_count: true }) as string[][]).flat();
        const dangerous = cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c));
        expect(dangerous, `${route}?${query}`).toEqual([]);
        seen += cells.filter((c) => c === `'${formula.name}` || c === `'${ret.pressure.note}` || c === `'${formula.organisation}`).length;
      }
    }
    // The check above looked at the hostile text itself, escaped, not at files that never held it.
    expect(seen).toBeGreaterThan(0);
  });
});
