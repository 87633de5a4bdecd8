import type { CompletenessView, DayReturnsView, DischargeRow, DischargeView, HeatmapView, SummaryView, TrendsView } from './types';
import { dischargeCount, isDischargeCount } from './discharge';

/**
 * CSV (RFC 4180) for every export. Pure, so the dashboard builds the same files in the browser.
 *
 * Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets a
 * leading apostrophe (OWASP "CSV injection"): unit names and notes come from providers. Numbers
 * are written as numbers, so -5 stays -5; so does text that is only a plain decimal number.
 */
export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(headers: string[], rows: CsvValue[][]): string {
  return [headers, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Ratios to six decimal places: enough for any rate, without binary noise like 0.30000000000000004. */
export const csvNumber = (n: number | null): number | null => (n === null ? null : Math.round(n * 1e6) / 1e6);

/* The views as CSV: one row per cell / point / unit, every value beside its parts. */

export function summaryCsv(v: SummaryView): string {
  const rows: CsvValue[][] = v.families.flatMap((f) =>
    f.measures.map((m) => [
      v.date, f.family, m.key, m.label, csvNumber(m.value), m.numerator, m.denominator, csvNumber(m.weekAgo), m.rag, f.reported, f.expected,
      String(m.likeForLike), csvNumber(m.comparedValue), m.comparedUnits,
    ]),
  );
  const c = v.completeness;
  for (const [key, label, n] of [
    ['returns-received', 'Returns received', c.received],
    ['returns-on-time', 'Returns on time', c.onTime],
    ['returns-late', 'Returns late', c.late],
    ['returns-missing', 'Returns missing', c.missing],
    ['returns-not-in-yet', 'Returns not in yet (before the deadline)', c.notInYet],
  ] as const)
    rows.push([v.date, 'all', key, label, n, n, c.expected, null, 'none', c.received, c.expected, null, null, null]);
  return toCsv(
    ['date', 'family', 'measure', 'label', 'value', 'numerator', 'denominator', 'weekAgo', 'rag', 'reported', 'expected', 'likeForLike', 'comparedValue', 'comparedUnits'],
    rows,
  );
}

export function heatmapCsv(v: HeatmapView): string {
  const rowHead = new Map(v.rowHeads.map((h) => [h.id, h]));
  const columnHead = new Map(v.columnHeads.map((h) => [h.id, h]));
  return toCsv(
    ['date', 'measure', 'row', 'rowLabel', 'rowGroup', 'column', 'columnLabel', 'value', 'numerator', 'denominator', 'rag', 'reported', 'expected'],
    v.cells.map((c) => [
      v.date,
      v.measure,
      c.row,
      rowHead.get(c.row)?.label,
      rowHead.get(c.row)?.group,
      c.column,
      columnHead.get(c.column)?.label,
      csvNumber(c.value),
      c.numerator,
      c.denominator,
      c.rag,
      c.reported,
      c.expected,
    ]),
  );
}

export function trendsCsv(v: TrendsView): string {
  return toCsv(
    ['measure', 'series', 'label', 'date', 'value', 'numerator', 'denominator', 'mean', 'lower', 'upper', 'special', 'reason', 'reported', 'expected', 'complete'],
    v.series.flatMap((s) =>
      s.points.map((p) => {
        // The limits of the stretch the point is in: they step where the process shifted.
        const seg = s.segments.find((g) => g.from <= p.date && p.date <= g.to) ?? s;
        return [
        v.measure,
        s.key,
        s.label,
        p.date,
        csvNumber(p.value),
        p.numerator,
        p.denominator,
        csvNumber(seg.mean),
        csvNumber(seg.lower),
        csvNumber(seg.upper),
        p.special,
        p.reason,
        p.reported,
        p.expected,
        String(p.complete),
        ];
      }),
    ),
  );
}

const DISCHARGE_FIELDS = [
  'patientsNoCriteriaToReside',
  'awaitingPathway1',
  'awaitingPathway2',
  'awaitingPathway3',
  'homecareHoursDelivered',
  'homecareHoursUnmet',
  'peopleAwaitingCareStart',
  'careWorkerVacancyRate',
  'careWorkerAbsenceRate',
  'careHomeBedsVacant',
  'careHomeBedsClosedStaffing',
] as const satisfies readonly (keyof DischargeRow)[];
const SERVICES = ['hospital', 'homecare', 'careHome'] as const;

export function dischargeCsv(v: DischargeView): string {
  return toCsv(
    ['date', 'localityId', 'locality', ...DISCHARGE_FIELDS, ...SERVICES.flatMap((s) => [`${s}Reported`, `${s}Expected`])],
    [...v.rows, v.total].map((r) => [
      v.date,
      r.localityId,
      r.locality,
      ...DISCHARGE_FIELDS.map((f) => csvNumber(isDischargeCount(f) ? dischargeCount(r, f) : r[f])),
      ...SERVICES.flatMap((s) => [r.reported[s], r.expected[s]]),
    ]),
  );
}

export function completenessCsv(v: CompletenessView): string {
  return toCsv(
    ['date', 'providerId', 'name', 'localityId', 'locality', 'sector', 'status', 'submittedAt', 'lastReturnDate', 'deadline'],
    v.units.map((u) => [v.date, u.providerId, u.name, u.localityId, u.locality, u.sector, u.status, u.submittedAt, u.lastReturnDate, v.deadline]),
  );
}

/** One row per return and staff group, so a spreadsheet can re-total any cell. */
export function dayReturnsCsv(v: DayReturnsView): string {
  return toCsv(
    [
      'date', 'providerId', 'name', 'localityId', 'locality', 'sector', 'version', 'firstSubmittedAt', 'submittedAt', 'submittedBy',
      'staffGroup', 'establishmentWte', 'inPostWte', 'vacancyWte', 'absentWte', 'plannedHours', 'permanentHours', 'bankHours', 'agencyHours',
      'pressure', 'warnings',
    ],
    v.returns.flatMap((r) =>
      r.staffing.map((l) => [
        v.date, r.providerId, r.name, r.localityId, r.locality, r.sector, r.version, r.firstSubmittedAt, r.submittedAt, r.submittedBy,
        l.staffGroup, l.establishmentWte, l.inPostWte, l.vacancyWte, l.absentWte, l.plannedHours,
        l.filledHours.permanent, l.filledHours.bank, l.filledHours.agency,
        r.pressure.level, r.warnings.map((w) => `${w.path}: ${w.message}`).join('; '),
      ]),
    ),
  );
}
