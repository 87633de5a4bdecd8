import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '#api/imports/csv';
import { ACUTE, startApi, type Api } from './harness';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.stop());

describe('GET /api/imports/template', () => {
  it("gives a provider user the import's columns and a row per staff group of their unit for today, as a download", async () => {
    const res = await api.request('/api/imports/template', { as: 'nurse' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="returns-template-2026-06-15.csv"');
    const [header, ...rows] = parseCsv(await res.text());
    expect(header.slice(0, 3)).toEqual(['providerId', 'date', 'staffGroup']);
    expect(header).toEqual(expect.arrayContaining(['filledAgency', 'bedsOpen', 'pressureLevel', 'pressureNote']));
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      [ACUTE, '2026-06-15', 'registered-nurse'],
      [ACUTE, '2026-06-15', 'healthcare-support-worker'],
      [ACUTE, '2026-06-15', 'medical'],
    ]);
    expect(rows.every((r) => r.length === header.length && r.slice(3).every((cell) => cell === ''))).toBe(true);
  });

  it('is accepted by the import once its figures are filled in', async () => {
    const [header, ...rows] = parseCsv(await (await api.request('/api/imports/template', { as: 'nurse' })).text());
    const at = (name: string) => header.indexOf(name);
    const filled = rows.map((r) => {
      const row = [...r];
      for (const [name, value] of Object.entries({ establishmentWte: '10', inPostWte: '9', vacancyWte: '1', absentWte: '0', plannedHours: '200', filledPermanent: '180', filledBank: '10', filledAgency: '10' }))
        row[at(name)] = value;
      row[at('pressureLevel')] = '2';
      return row.join(',');
    });
    const res = await api.request('/api/imports?dryRun=true', { method: 'POST', as: 'nurse', headers: { 'Content-Type': 'text/csv' }, body: [header.join(','), ...filled].join('\n') });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ errors: [], summary: { wouldWrite: 1, invalidRows: 0 } });
  });

  it('refuses a leader, who imports nothing', async () => {
    expect((await api.request('/api/imports/template', { as: 'leader' })).status).toBe(403);
  });
});
