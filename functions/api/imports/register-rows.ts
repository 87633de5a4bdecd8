import { freeText, providerBodySchema, slug, STAFF_GROUPS, type Locality, type Provider } from '#domain';
import { readCsvFile } from './csv-file';
import type { RowIssue } from '#domain/imports';

/** The columns of a register file, one row per unit (api.md); staff groups separated by `;`. */
export const REGISTER_COLUMNS = [
  'providerId',
  'name',
  'organisation',
  'localityId',
  'sector',
  'staffGroups',
  'reportingDays',
  'activeFrom',
  'activeTo',
] as const;
/** Optional: the locality's name, so a file can create the localities its units sit in. */
export const LOCALITY_NAME_COLUMN = 'localityName';
/** A county has some 400 units, a nation 30,000: one file per county, or a few per region. */
export const MAX_REGISTER_ROWS = 5_000;

/** What a register file asks for: units, and localities to create or rename. */
export interface RegisterFile {
  rows: number;
  units: { row: number; provider: Provider }[];
  localities: { rows: number[]; locality: Locality }[];
  errors: RowIssue[];
}

const localityName = freeText(100);

/** A spreadsheet's dates (`01/06/2026`) are the usual slip: say what to write instead. */
const DATE_HINT = 'must be a date written YYYY-MM-DD (e.g. 2026-06-01)';

/** A zod issue on a unit, in the words a person fixing a spreadsheet needs. */
function rowIssue(row: number, path: PropertyKey[], message: string): RowIssue {
  const column = String(path[0] ?? '(row)');
  if (column === 'staffGroups' && path.length > 1 && message.startsWith('Invalid option'))
    return { row, path: column, message: `holds a staff group that is not known; use ${STAFF_GROUPS.join(', ')}, separated by ;` };
  if (column === 'activeFrom' || (column === 'activeTo' && !message.includes('before'))) return { row, path: column, message: DATE_HINT };
  return { row, path: column, message };
}

/**
 * Reads a register file whole: the header must name the columns; every row is checked as a
 * unit (the same schema as PUT /api/providers/{id}), against the known localities and the
 * file's own new ones, and for a unit given twice. A row with any error is left out.
 */
export function readRegister(text: string, known: Locality[]): RegisterFile {
  const { records, columns } = readCsvFile(text, { required: REGISTER_COLUMNS, optional: [LOCALITY_NAME_COLUMN], maxRows: MAX_REGISTER_ROWS });
  const errors: RowIssue[] = [];
  const candidates: { row: number; provider: Provider; localityName: string }[] = [];

  records.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const cell = (column: string) => (cells[columns.get(column) ?? -1] ?? '').trim();
    if (cells.length !== records[0].length) {
      errors.push({ row, path: '(row)', message: `has ${cells.length} cells; the header has ${records[0].length} (a comma inside a name needs the cell quoted)` });
      return;
    }
    const issues: RowIssue[] = [];
    const id = slug.safeParse(cell('providerId'));
    if (cell('providerId') === '') issues.push({ row, path: 'providerId', message: 'is required' });
    else if (!id.success) issues.push({ row, path: 'providerId', message: id.error.issues[0].message });
    const groups = cell('staffGroups').split(';').map((g) => g.trim()).filter((g) => g !== '');
    const unit = providerBodySchema.safeParse({
      name: cell('name'),
      organisation: cell('organisation'),
      localityId: cell('localityId'),
      sector: cell('sector'),
      staffGroups: groups,
      reportingDays: cell('reportingDays'),
      activeFrom: cell('activeFrom'),
      activeTo: cell('activeTo') === '' ? null : cell('activeTo'),
    });
    if (!unit.success) {
      const seen = new Set<string>();
      for (const issue of unit.error.issues) {
        const found = rowIssue(row, issue.path, issue.message);
        if (!seen.has(found.path)) issues.push(found);
        seen.add(found.path);
      }
    }
    const name = cell(LOCALITY_NAME_COLUMN);
    if (name !== '') {
      const parsed = localityName.safeParse(name);
      if (!parsed.success) issues.push({ row, path: LOCALITY_NAME_COLUMN, message: parsed.error.issues[0].message });
    }
    if (issues.length > 0 || !unit.success || !id.success) return errors.push(...issues);
    candidates.push({ row, provider: { providerId: id.data, ...unit.data }, localityName: name });
  });

  // A unit given on two rows: neither row is right on its own, so neither is written.
  const rowsOf = new Map<string, number[]>();
  for (const c of candidates) rowsOf.set(c.provider.providerId, [...(rowsOf.get(c.provider.providerId) ?? []), c.row]);
  // Localities: an existing one, or one this file names (every row naming it must agree with the first).
  const knownNames = new Map(known.map((l) => [l.localityId, l.name]));
  const named = new Map<string, { name: string; row: number }>();
  const disagrees = new Set<number>();
  for (const c of candidates) {
    if (c.localityName === '') continue;
    const first = named.get(c.provider.localityId);
    if (!first) named.set(c.provider.localityId, { name: c.localityName, row: c.row });
    else if (first.name !== c.localityName) {
      disagrees.add(c.row);
      errors.push({ row: c.row, path: LOCALITY_NAME_COLUMN, message: `differs from row ${first.row}, which names ${c.provider.localityId} "${first.name}"` });
    }
  }
  const localityRows = new Map<string, number[]>();
  const units: RegisterFile['units'] = [];
  for (const c of candidates) {
    if (disagrees.has(c.row)) continue;
    const rows = rowsOf.get(c.provider.providerId)!;
    if (rows.length > 1) {
      errors.push({ row: c.row, path: 'providerId', message: `${c.provider.providerId} is on more than one row (rows ${rows.join(', ')}); keep one` });
      continue;
    }
    const { localityId } = c.provider;
    if (!knownNames.has(localityId) && !named.has(localityId)) {
      errors.push({
        row: c.row,
        path: 'localityId',
        message: `there is no locality ${localityId}; create it first, or give its name in a ${LOCALITY_NAME_COLUMN} column`,
      });
      continue;
    }
    localityRows.set(localityId, [...(localityRows.get(localityId) ?? []), c.row]);
    units.push({ row: c.row, provider: c.provider });
  }
  // Only localities some written unit sits in are created or renamed.
  const localities = [...named]
    .filter(([id, { name }]) => localityRows.has(id) && knownNames.get(id) !== name)
    .map(([localityId, { name }]) => ({ rows: localityRows.get(localityId)!, locality: { localityId, name } }));
  errors.sort((a, b) => a.row - b.row);
  return { rows: records.length - 1, units, localities, errors };
}

/** The header of the register file, for the template download. */
export const REGISTER_TEMPLATE = `${[...REGISTER_COLUMNS, LOCALITY_NAME_COLUMN].join(',')}\r\n`;
