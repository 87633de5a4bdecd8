import { expect, test } from 'vitest';
import { parseCsv } from '#api/imports/csv';

test('parses quoted fields with commas, quotes and new lines, CRLF or LF, and skips blank lines', () => {
  expect(parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\n\n2,"two\nlines",\n')).toEqual([
    ['a', 'b', 'c'],
    ['1', 'x, y', 'say "hi"'],
    ['2', 'two\nlines', ''],
  ]);
});

test('ignores a byte-order mark from a spreadsheet export', () => {
  expect(parseCsv('\ufeffproviderId,date\nx,2026-01-01')).toEqual([
    ['providerId', 'date'],
    ['x', '2026-01-01'],
  ]);
});

test('refuses a quote left open', () => {
  expect(() => parseCsv('a,"b\n1,2')).toThrow(/not closed/);
});
