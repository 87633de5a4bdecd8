import { STAFF_GROUP_LABELS, type ReturnBody, type StaffGroup } from '#domain';

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

/** Plain names of a return's fields, for the return itself and its amendments. */
export const FIELD_LABELS: Record<string, string> = {
  establishmentWte: 'establishment (WTE)',
  inPostWte: 'in post (WTE)',
  vacancyWte: 'vacancies (WTE)',
  absentWte: 'absent (WTE)',
  plannedHours: 'planned hours',
  'filledHours.permanent': 'hours filled by permanent staff',
  'filledHours.bank': 'hours filled by bank staff',
  'filledHours.agency': 'hours filled by agency staff',
  bedsOpen: 'beds open',
  bedsClosedStaffing: 'beds closed for staffing',
  bedsVacant: 'beds vacant',
  homecareHoursDelivered: 'homecare hours delivered',
  homecareHoursUnmet: 'homecare hours unmet',
  peopleAwaitingCareStart: 'people awaiting care start',
  patientsNoCriteriaToReside: 'patients with no criteria to reside',
  awaitingPathway1: 'awaiting pathway 1',
  awaitingPathway2: 'awaiting pathway 2',
  awaitingPathway3: 'awaiting pathway 3',
  level: 'pressure level',
  note: 'note',
};

/** A return body as `label → value`, staffing lines keyed by staff group so reordering is not a change. */
function flatten(body: ReturnBody): Map<string, string> {
  const out = new Map<string, string>();
  const put = (prefix: string, obj: object, labelPrefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      if (v === undefined) continue;
      const key = prefix ? `${prefix}.${k}` : k;
      if (v && typeof v === 'object') put(key, v, labelPrefix);
      else out.set(`${labelPrefix}${FIELD_LABELS[key] ?? key}`, String(v));
    }
  };
  for (const line of body.staffing) {
    const { staffGroup, ...rest } = line;
    put('', rest, `${STAFF_GROUP_LABELS[staffGroup as StaffGroup] ?? staffGroup}: `);
  }
  put('', body.capacity ?? {}, 'Capacity: ');
  put('', body.pressure ?? {}, 'Pressure: ');
  return out;
}

/** What changed between two versions of a return, field by field ("—" where a field was absent). */
export function changesBetween(before: ReturnBody, after: ReturnBody): FieldChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const fields = [...new Set([...b.keys(), ...a.keys()])];
  return fields
    .filter((f) => a.get(f) !== b.get(f))
    .map((field) => ({ field, before: a.get(field) ?? '—', after: b.get(field) ?? '—' }));
}
