import { CAPACITY_FIELDS, isRealDate, returnBodySchema, slug, type ReturnBody } from '#domain';
import type { RowIssue } from '#domain/imports';
import { readCsvFile } from './csv-file';

/** The columns of an import file: one row per unit x date x staff group. */
export const REQUIRED_COLUMNS = [
  'providerId',
  'date',
  'staffGroup',
  'establishmentWte',
  'inPostWte',
  'vacancyWte',
  'absentWte',
  'plannedHours',
  'filledPermanent',
  'filledBank',
  'filledAgency',
] as const;
/** Per-return columns: give them on any row of the return (every row that gives one must agree). */
export const RETURN_COLUMNS = [...CAPACITY_FIELDS, 'pressureLevel', 'pressureNote'] as const;
const MAX_ROWS = 20_000;


/** The rows of one unit and date, made into a return body (not yet checked against the unit). */
export interface ImportedReturn {
  providerId: string;
  date: string;
  rows: number[];
  body: ReturnBody;
}

type Row = { number: number; cell: (column: string) => string };

const DECIMAL = /^-?\d+(\.\d+)?$/;
/** Empty is "not given"; anything not a plain decimal becomes NaN so the schema names it. */
const numberOf = (cell: string): number | undefined => (cell === '' ? undefined : DECIMAL.test(cell) ? Number(cell) : Number.NaN);

/** The value of a per-return column, which every row that gives it must agree on. */
function returnValue(rows: Row[], column: string, errors: RowIssue[]): { value: string; row: number } | undefined {
  let found: { value: string; row: number } | undefined;
  for (const row of rows) {
    const value = row.cell(column);
    if (value === '') continue;
    if (!found) found = { value, row: row.number };
    else if (value !== found.value)
      errors.push({ row: row.number, path: column, message: `differs from row ${found.row} of the same return (${found.value})` });
  }
  return found;
}

/** Where a return's issue path (`staffing.2.filledHours.agency`) sits in the file. */
function locate(rowNumbers: number[], firstRowOf: Map<string, number>, path: PropertyKey[]): { row: number; path: string } {
  const [head, index, field, sub] = path;
  if (head === 'staffing' && typeof index === 'number') {
    const column =
      field === 'filledHours' ? (sub === undefined ? 'filledPermanent' : `filled${String(sub)[0].toUpperCase()}${String(sub).slice(1)}`) : String(field ?? 'staffGroup');
    return { row: rowNumbers[index] ?? rowNumbers[0], path: column };
  }
  const column = head === 'capacity' ? String(index) : head === 'pressure' ? (index === 'note' ? 'pressureNote' : 'pressureLevel') : head === 'staffing' ? 'staffGroup' : String(head ?? 'providerId');
  return { row: firstRowOf.get(column) ?? rowNumbers[0], path: column };
}

/** Maps issues of a return (zod or rule paths) onto file rows and columns. */
export function rowIssuesOf(ret: { rows: number[] }, issues: { path: string; message: string }[]): RowIssue[] {
  return issues.map((issue) => {
    const path = issue.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    return { ...locate(ret.rows, new Map(), path), message: issue.message };
  });
}

/**
 * Reads a whole import file: the header must name the columns; each data row is checked,
 * rows are grouped into one return per unit and date, and every return body is checked
 * against the schema. Returns the well-formed returns and every row error; a return with
 * an error in any of its rows is left out, so it is never written.
 */
export function readImport(text: string): { rows: number; returns: ImportedReturn[]; errors: RowIssue[] } {
  const { records, columns } = readCsvFile(text, { required: REQUIRED_COLUMNS, optional: RETURN_COLUMNS, maxRows: MAX_ROWS });

  const errors: RowIssue[] = [];
  const groups = new Map<string, Row[]>();
  /** Returns with a row whose shape is wrong: never written, whatever their figures say. */
  const broken = new Set<string>();
  /** Rows whose figures sit in the wrong columns: only their shape is reported, not the misread figures. */
  const misread = new Set<number>();
  records.slice(1).forEach((cells, i) => {
    const row: Row = { number: i + 2, cell: (column) => (cells[columns.get(column) ?? -1] ?? '').trim() };
    // A row with too many or too few cells (an unquoted decimal comma, `10,5`) has every figure
    // after the fault in the wrong column: it is an error, and so is the return it belongs to.
    if (cells.length !== records[0].length)
      errors.push({
        row: row.number,
        path: '(row)',
        message: `has ${cells.length} cells; the header has ${records[0].length} (a decimal comma must be a point, or the cell quoted)`,
      });
    const providerId = row.cell('providerId');
    const date = row.cell('date');
    const id = slug.safeParse(providerId);
    if (providerId === '') errors.push({ row: row.number, path: 'providerId', message: 'is required' });
    else if (!id.success) errors.push({ row: row.number, path: 'providerId', message: id.error.issues[0].message });
    if (!isRealDate(date)) errors.push({ row: row.number, path: 'date', message: 'must be a real calendar date written YYYY-MM-DD' });
    if (!id.success || !isRealDate(date)) return;
    const key = `${providerId}\u0000${date}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
    if (cells.length !== records[0].length) {
      broken.add(key);
      misread.add(row.number);
    }
  });

  const returns: ImportedReturn[] = [];
  for (const [key, rows] of groups) {
    const groupErrors: RowIssue[] = [];
    const firstRowOf = new Map<string, number>();
    const perReturn = Object.fromEntries(
      RETURN_COLUMNS.flatMap((column) => {
        const found = returnValue(rows, column, groupErrors);
        if (found) firstRowOf.set(column, found.row);
        return found ? [[column, found.value]] : [];
      }),
    ) as Partial<Record<(typeof RETURN_COLUMNS)[number], string>>;
    const candidate = {
      staffing: rows.map((row) => ({
        staffGroup: row.cell('staffGroup'),
        establishmentWte: numberOf(row.cell('establishmentWte')),
        inPostWte: numberOf(row.cell('inPostWte')),
        vacancyWte: numberOf(row.cell('vacancyWte')),
        absentWte: numberOf(row.cell('absentWte')),
        plannedHours: numberOf(row.cell('plannedHours')),
        filledHours: {
          permanent: numberOf(row.cell('filledPermanent')),
          bank: numberOf(row.cell('filledBank')),
          agency: numberOf(row.cell('filledAgency')),
        },
      })),
      capacity: Object.fromEntries(CAPACITY_FIELDS.flatMap((f) => (perReturn[f] === undefined ? [] : [[f, numberOf(perReturn[f])]]))),
      pressure: {
        level: perReturn.pressureLevel === undefined ? undefined : numberOf(perReturn.pressureLevel),
        ...(perReturn.pressureNote === undefined ? {} : { note: perReturn.pressureNote }),
      },
    };
    const parsed = returnBodySchema.safeParse(candidate);
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        groupErrors.push({ ...locate(rows.map((r) => r.number), firstRowOf, issue.path), message: issue.message });
    errors.push(...groupErrors.filter((e) => !misread.has(e.row)));
    if (parsed.success && groupErrors.length === 0 && !broken.has(key))
      returns.push({ providerId: rows[0].cell('providerId'), date: rows[0].cell('date'), rows: rows.map((r) => r.number), body: parsed.data });
  }
  errors.sort((a, b) => a.row - b.row);
  return { rows: records.length - 1, returns, errors };
}
