import { z } from 'zod';
import { ProblemError } from '../problem';
import { parseCsv } from './csv';

/** A CSV file read for an import: its records (header first) and where each named column sits. */
export interface CsvFile {
  records: string[][];
  columns: Map<string, number>;
}

/**
 * The checks every import makes of a whole file before reading any row: valid CSV, a header
 * row, at most `maxRows` data rows, and a header naming each required column once and
 * nothing unknown. Each failure is a 400 naming what is wrong.
 */
export function readCsvFile(text: string, spec: { required: readonly string[]; optional: readonly string[]; maxRows: number }): CsvFile {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (e) {
    throw new ProblemError(400, 'Malformed CSV', 'The body is not valid CSV.', [{ path: '(body)', message: (e as Error).message }]);
  }
  if (records.length === 0) throw new ProblemError(400, 'Empty file', 'The file has no header row.', [{ path: 'header', message: 'is missing' }]);
  if (records.length - 1 > spec.maxRows)
    throw new ProblemError(400, 'Too many rows', `A file may have at most ${spec.maxRows} data rows.`, [{ path: '(body)', message: 'too many rows' }]);
  const known = new Set([...spec.required, ...spec.optional]);
  const errors: { path: string; message: string }[] = [];
  const columns = new Map<string, number>();
  records[0].forEach((raw, i) => {
    const name = raw.trim();
    if (!known.has(name)) errors.push({ path: `header.${name || i + 1}`, message: 'is not a known column' });
    else if (columns.has(name)) errors.push({ path: `header.${name}`, message: 'is given twice' });
    else columns.set(name, i);
  });
  for (const name of spec.required) if (!columns.has(name)) errors.push({ path: `header.${name}`, message: 'is missing' });
  if (errors.length > 0) throw new ProblemError(400, 'Invalid header row', 'The header row does not name the expected columns.', errors);
  return { records, columns };
}

/** The request of every CSV import route: the file as the body, and `?dryRun=true` to check without writing. */
export const csvImportRequest = {
  query: z.strictObject({ dryRun: z.enum(['true', 'false']).optional().describe('true: check and report, write nothing') }),
  body: { required: true, content: { 'text/csv': { schema: z.string() } } },
};
