import { describe, expect, it } from 'vitest';
import { completenessCsv, csvCell, heatmapCsv, toCsv } from '#domain/views/csv';
import type { CompletenessView, HeatmapView } from '#domain';

describe('CSV export', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('+44 1865')).toBe("'+44 1865");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('@import')).toBe("'@import");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
  });

  it('keeps negative numbers as numbers, and null as an empty field', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('-5')).toBe('-5');
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('quotes commas, quotes and line breaks (RFC 4180), with CRLF between records', () => {
    expect(toCsv(['name', 'note'], [['Smith, Jones & Co', 'said "no"\nthen left'], ['plain', 3]])).toBe(
      'name,note\r\n"Smith, Jones & Co","said ""no""\nthen left"\r\nplain,3\r\n',
    );
    // A formula inside a field that also needs quoting gets both treatments.
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
  });

  it('writes a heatmap cell per row with labels, parts and an empty value where nobody reported', () => {
    const view: HeatmapView = {
      date: '2026-06-15',
      measure: 'vacancy-rate',
      rows: 'locality',
      columns: 'staff-group',
      rowHeads: [{ id: 'oxford', label: 'Oxford' }],
      columnHeads: [
        { id: 'registered-nurse', label: 'Registered nurses' },
        { id: 'medical', label: 'Medical' },
      ],
      cells: [
        { row: 'oxford', column: 'registered-nurse', value: 0.1 + 0.2, numerator: 3, denominator: 10, rag: 'red', reported: 2, expected: 2 },
        { row: 'oxford', column: 'medical', value: null, numerator: 0, denominator: null, rag: 'none', reported: 0, expected: 1 },
      ],
      thresholds: { amber: 0.08, red: 0.12 },
    };
    const lines = heatmapCsv(view).trimEnd().split('\r\n');
    expect(lines[0]).toBe('date,measure,row,rowLabel,rowGroup,column,columnLabel,value,numerator,denominator,rag,reported,expected');
    expect(lines[1]).toBe('2026-06-15,vacancy-rate,oxford,Oxford,,registered-nurse,Registered nurses,0.3,3,10,red,2,2');
    expect(lines[2]).toBe('2026-06-15,vacancy-rate,oxford,Oxford,,medical,Medical,,0,,none,0,1');
  });

  it('escapes a hostile unit name in the completeness export', () => {
    const view: CompletenessView = {
      date: '2026-06-15',
      deadline: '11:00',
      expected: 1,
      received: 0,
      onTime: 0,
      late: 0,
      missing: 1,
      notInYet: 0,
      units: [
        { providerId: 'x', name: '=cmd|calc', localityId: 'oxford', locality: 'Oxford', sector: 'care-home', status: 'missing', submittedAt: null, lastReturnDate: null },
      ],
    };
    expect(completenessCsv(view).split('\r\n')[1]).toBe("2026-06-15,x,'=cmd|calc,oxford,Oxford,care-home,missing,,,11:00");
  });
});
