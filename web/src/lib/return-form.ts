import {
  CAPACITY_FIELDS_BY_SECTOR,
  CAPACITY_QUESTIONS,
  returnBodySchema,
  returnErrors,
  returnWarnings,
  STAFF_GROUP_LABELS,
  type Capacity,
  type Issue,
  type Provider,
  type ReturnBody,
  type ReturnVersion,
  type StaffGroup,
} from '#domain';

/**
 * The daily return form's logic, apart from the page so it can be unit-tested: what the
 * person typed (always text, so nothing they type is lost or reformatted under them), the
 * return built from it, and its errors and warnings from the same schemas and rules the API
 * applies (functions/domain), never written again here.
 */

export const STAFFING_FIELDS = ['establishmentWte', 'inPostWte', 'vacancyWte', 'absentWte', 'plannedHours', 'filledHours.permanent', 'filledHours.bank', 'filledHours.agency'] as const;
export type StaffingField = (typeof STAFFING_FIELDS)[number];

export const STAFFING_QUESTIONS: Record<StaffingField, { label: string; unit: string; hint: string }> = {
  establishmentWte: { label: 'Establishment', unit: 'WTE', hint: 'Funded posts, in whole-time equivalents (WTE).' },
  inPostWte: { label: 'In post', unit: 'WTE', hint: 'Staff on contract now, permanent and fixed-term.' },
  vacancyWte: { label: 'Vacancies', unit: 'WTE', hint: 'Posts you are actively recruiting to; leave out bank and agency cover.' },
  absentWte: { label: 'Absent today', unit: 'WTE', hint: 'Off sick or away unplanned today.' },
  plannedHours: { label: 'Hours needed today', unit: 'hours', hint: 'What the roster needs across the whole day.' },
  'filledHours.permanent': { label: 'Filled by your own staff', unit: 'hours', hint: 'Hours covered by permanent staff.' },
  'filledHours.bank': { label: 'Filled by bank staff', unit: 'hours', hint: 'Hours covered by your bank.' },
  'filledHours.agency': { label: 'Filled by agency staff', unit: 'hours', hint: 'Hours covered by agency workers.' },
};

export interface FormValues {
  /** Per staff group the unit reports, each field as typed. */
  staffing: Record<string, Record<StaffingField, string>>;
  capacity: Partial<Record<keyof Capacity, string>>;
  level: string;
  note: string;
}

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

/** The form for a unit, filled from a return (the last one, or the one being amended), or empty. */
export function formFrom(provider: Provider, ret: ReturnBody | null): FormValues {
  const staffing: FormValues['staffing'] = {};
  for (const group of provider.staffGroups) {
    const line = ret?.staffing.find((l) => l.staffGroup === group);
    staffing[group] = {
      establishmentWte: text(line?.establishmentWte),
      inPostWte: text(line?.inPostWte),
      vacancyWte: text(line?.vacancyWte),
      absentWte: text(line?.absentWte),
      plannedHours: text(line?.plannedHours),
      'filledHours.permanent': text(line?.filledHours.permanent),
      'filledHours.bank': text(line?.filledHours.bank),
      'filledHours.agency': text(line?.filledHours.agency),
    };
  }
  const capacity: FormValues['capacity'] = {};
  for (const field of CAPACITY_FIELDS_BY_SECTOR[provider.sector]) capacity[field] = text(ret?.capacity[field]);
  return { staffing, capacity, level: ret ? String(ret.pressure.level) : '', note: ret?.pressure.note ?? '' };
}

const THOUSANDS = /^\d{1,3}(,\d{3})+(\.\d+)?$/;

/** A typed number, or why it is not one, in words a person can act on. */
export function numberOf(typed: string): { value: number } | { problem: string } | null {
  const t = typed.trim().replace(/\s+/g, '');
  if (t === '') return null;
  if (THOUSANDS.test(t)) return { value: Number(t.replace(/,/g, '')) };
  if (t.includes(',')) return { problem: 'use a full stop for a decimal point, like 10.5' };
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(t)) return { problem: 'must be a number, like 12 or 12.5' };
  return { value: Number(t) };
}

export interface Checked {
  /** The return to send, when no error blocks it. */
  body: ReturnBody | null;
  errors: Issue[];
  warnings: Issue[];
}

/**
 * Build the return from what was typed and check it as the API will: typing problems first
 * (a blank or a word where a number goes), then the zod schema, then the rules that need the
 * unit and the date; warnings against the unit's own last 28 days.
 */
export function check(
  values: FormValues,
  ctx: { provider: Provider; date: string; today: string; history: Pick<ReturnVersion, 'date' | 'staffing'>[] },
): Checked {
  const errors: Issue[] = [];
  const num = (path: string, typed: string | undefined, required: boolean): number | undefined => {
    const n = numberOf(typed ?? '');
    if (n === null) {
      if (required) errors.push({ path, message: 'enter a number (0 if none)' });
      return undefined;
    }
    if ('problem' in n) {
      errors.push({ path, message: n.problem });
      return undefined;
    }
    return n.value;
  };
  const staffing = ctx.provider.staffGroups.map((group, i) => {
    const v = values.staffing[group];
    const at = (f: StaffingField) => num(`staffing.${i}.${f}`, v?.[f], true);
    return {
      staffGroup: group,
      establishmentWte: at('establishmentWte'),
      inPostWte: at('inPostWte'),
      vacancyWte: at('vacancyWte'),
      absentWte: at('absentWte'),
      plannedHours: at('plannedHours'),
      filledHours: { permanent: at('filledHours.permanent'), bank: at('filledHours.bank'), agency: at('filledHours.agency') },
    };
  });
  const capacity: Record<string, number | undefined> = {};
  for (const field of CAPACITY_FIELDS_BY_SECTOR[ctx.provider.sector]) {
    const n = num(`capacity.${field}`, values.capacity[field], false);
    if (n !== undefined) capacity[field] = n;
  }
  const level = values.level === '' ? undefined : Number(values.level);
  if (level === undefined) errors.push({ path: 'pressure.level', message: 'choose the pressure level today' });
  const note = values.note.trim() === '' ? undefined : values.note;
  const candidate = { staffing, capacity, pressure: { level, ...(note === undefined ? {} : { note }) } };

  const parsed = returnBodySchema.safeParse(candidate);
  if (!parsed.success) {
    const typed = new Set(errors.map((e) => e.path));
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      if (!typed.has(path) && ![...typed].some((t) => t.startsWith(`${path}.`))) errors.push({ path, message: issue.message });
    }
  }
  if (errors.length > 0 || !parsed.success) return { body: null, errors: unique(errors), warnings: [] };
  const body = parsed.data;
  const ruled = returnErrors(body, ctx.provider, ctx.date, ctx.today);
  if (ruled.length > 0) return { body: null, errors: ruled, warnings: [] };
  return { body, errors: [], warnings: returnWarnings(body, ctx.history) };
}

const unique = (issues: Issue[]) => issues.filter((e, i) => issues.findIndex((o) => o.path === e.path) === i);

/** The element id of a field, from its path in the return (`staffing.0.filledHours.bank`). */
export const fieldId = (path: string) => `f-${path.replace(/\./g, '-')}`;

/** A path as the person reads it: "Registered nurses: filled by bank staff (hours)". */
export function fieldLabel(path: string, provider: Provider): string {
  const [first, second, ...rest] = path.split('.');
  if (first === 'staffing') {
    const group = STAFF_GROUP_LABELS[provider.staffGroups[Number(second)] as StaffGroup] ?? `Staff group ${Number(second) + 1}`;
    const field = rest.join('.');
    const q = STAFFING_QUESTIONS[field as StaffingField];
    if (q) return `${group}: ${q.label.toLowerCase()} (${q.unit})`;
    if (field === 'filledHours') return `${group}: hours filled`;
    return group;
  }
  if (first === 'capacity') {
    const q = CAPACITY_QUESTIONS[second as keyof Capacity];
    return q ? q.label : second;
  }
  if (path === 'pressure.level') return 'Pressure level';
  if (path === 'pressure.note') return 'Note';
  if (path === 'date') return 'Date';
  return path;
}

/** Where an error from anywhere (the form or a problem+json answer) is shown: the field, or its nearest field. */
export function targetOf(path: string): string {
  if (/^staffing\.\d+\.filledHours$/.test(path)) return fieldId(`${path}.permanent`);
  if (/^staffing\.\d+\.staffGroup$/.test(path)) return fieldId(path.replace('staffGroup', 'establishmentWte'));
  if (path === 'pressure.level') return 'f-pressure-level-1';
  if (path === 'date') return 'f-date';
  return fieldId(path);
}
