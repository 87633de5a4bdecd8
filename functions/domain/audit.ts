import { z } from 'zod';
import { localTimeOf } from './dates';
import { toCsv } from './views/csv';

/**
 * The audit trail: every change an admin makes, who made it, when, and the record before and
 * after. Returns keep their own history (every version, with who submitted it); the trail
 * adds the admin's amendment of a unit they do not belong to, so one list answers
 * "who changed what" for everything an admin can touch.
 */
export const AUDIT_KINDS = ['locality', 'unit', 'register-import', 'user', 'thresholds', 'return-amendment', 'returns-import'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  locality: 'Locality',
  unit: 'Unit',
  'register-import': 'Register import',
  user: 'User',
  thresholds: 'Thresholds',
  'return-amendment': 'Return amended',
  'returns-import': 'Returns imported',
};

export const auditKindSchema = z.enum(AUDIT_KINDS);

export const auditEntrySchema = z.object({
  /** ISO 8601 instant. */
  at: z.string(),
  /** The token subject of whoever made the change. */
  actor: z.string(),
  /** Their name when they have a profile (the name at the time of the change). */
  actorName: z.string().nullable(),
  kind: auditKindSchema,
  /** What was changed: a locality, unit or user id, `thresholds`, `<unit>/<date>` for a return, `returns` for an import of them. */
  target: z.string(),
  /** One line in plain words: "Created unit Banbury Homecare". */
  summary: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** Who changed something, as the audit trail records them. */
export interface Actor {
  subject: string;
  name: string | null;
}

/** An entry for a change from `before` to `after` (null: did not exist / was removed). */
export const auditEntry = (actor: Actor, at: Date, change: Pick<AuditEntry, 'kind' | 'target' | 'summary' | 'before' | 'after'>): AuditEntry => ({
  at: at.toISOString(),
  actor: actor.subject,
  actorName: actor.name,
  ...change,
});

/** The fields whose value differs between two records: what an amendment changed, in a line. */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  if (!before || !after) return [];
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => JSON.stringify(before[n]) !== JSON.stringify(after[n])).sort();
}

/** Does an entry pass the audit page's filters? `kind` and `actor` are exact; `text` searches the summary and target. */
export function auditMatches(entry: AuditEntry, filter: { actor?: string; kind?: AuditKind; text?: string }): boolean {
  if (filter.kind !== undefined && entry.kind !== filter.kind) return false;
  if (filter.actor !== undefined && entry.actor !== filter.actor) return false;
  if (filter.text) {
    const needle = filter.text.toLowerCase();
    const hay = `${entry.summary} ${entry.target} ${entry.actorName ?? ''}`.toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}

/** "2026-06-15 11:00": when a change was made, as the clock on a UK wall read it. */
function ukTimeOf(at: string): string {
  const { date, minutes } = localTimeOf(new Date(at));
  return `${date} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The trail as CSV, one row per entry in the order given, with before and after in full as
 * JSON text. Text a spreadsheet would run as a formula is escaped as in every other export.
 */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  return toCsv(
    ['at', 'ukTime', 'actor', 'actorName', 'kind', 'what', 'target', 'summary', 'before', 'after'],
    entries.map((e) => [e.at, ukTimeOf(e.at), e.actor, e.actorName, e.kind, AUDIT_KIND_LABELS[e.kind], e.target, e.summary, json(e.before), json(e.after)]),
  );
}
