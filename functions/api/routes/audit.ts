import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { addDays, bodyOf, isoDate, serviceDateOf, today, type Provider, type ReturnVersion } from '#domain';
import { auditCsv, auditEntry, auditEntrySchema, auditKindSchema, auditMatches, type Actor, type AuditEntry } from '#domain/audit';
import type { ImportResult } from '#domain/imports';
import type { VersionEvidence } from '#store/types';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { ProblemError } from '../problem';
import { defineRoute } from '../route';
import { anyWhenBlank, problems } from '../schemas';
import { csvDownload, prefersCsv } from '../csv-answer';

/** What the audit page shows when no dates are given. */
const DEFAULT_DAYS = 30;
/** The longest span one request may cover: a year of a county's changes is a few thousand entries. */
const MAX_DAYS = 366;
/**
 * The most an answer may hold: a Lambda can send 6 MB. A national roll-out can pass it in a
 * month (35,000 invitations are about 14 MB of entries), so a span past it asks for a narrower one.
 */
export const MAX_AUDIT_ANSWER_BYTES = 5 * 1024 * 1024;

export const listAudit = defineRoute({
  method: 'get',
  path: '/api/audit',
  operationId: 'listAudit',
  summary: 'Every change made by an admin: who, when, what, before and after (admin)',
  description: `Newest first. \`from\` and \`to\` are UK calendar days (default: the last ${DEFAULT_DAYS} days, at most ${MAX_DAYS}); \`actor\` is a user id, \`kind\` what was changed, \`text\` words in the change, its target or who made it. As CSV (a download, before and after as JSON text) when Accept prefers text/csv.`,
  tags: ['administration'],
  access: { roles: ['admin'] },
  request: {
    query: z.strictObject({
      from: anyWhenBlank(isoDate),
      to: anyWhenBlank(isoDate),
      actor: anyWhenBlank(z.string().max(200)),
      kind: anyWhenBlank(auditKindSchema),
      text: anyWhenBlank(z.string().max(200)),
    }),
  },
  responses: {
    200: {
      description: 'audit entries, newest first',
      content: { 'application/json': { schema: z.array(auditEntrySchema.meta({ id: 'AuditEntry' })) }, 'text/csv': { schema: z.string() } },
    },
    ...problems(400, 401, 403, 503),
  },
});

/** Who is making a change, for the trail: the caller's subject and their name at the time (null for someone not in the directory). */
/** Who is making a change: the signed-in caller, by name when the directory knows them. */
export const actorOf = (c: Context<AppEnv>): Actor => {
  const identity = c.get('identity');
  return { subject: identity.subject, name: identity.person?.name ?? null };
};

/** The audit entry of a change the caller makes now, at the app's clock: given to the store's put, which makes both or neither. */
export const auditOf = (deps: AppDeps, c: Context<AppEnv>, change: Parameters<typeof auditEntry>[2]): AuditEntry => auditEntry(actorOf(c), deps.clock.now(), change);

/** Reports of changes already made and recorded (a register import's summary), by the caller, at the app's clock. */
export async function recordAudit(deps: AppDeps, c: Context<AppEnv>, changes: Parameters<typeof auditEntry>[2][]): Promise<void> {
  if (changes.length === 0) return;
  const at = deps.clock.now();
  await deps.store.appendAudit(changes.map((change) => auditEntry(actorOf(c), at, change)));
}

/**
 * An admin's write of returns with its entry: the entry first (pending, naming the versions
 * that will show the write was made), then the writes, each version saved with the entry's id
 * (`auditRef`), then the entry as made, or gone when nothing was written. Cut off in between,
 * the entry shows exactly when a version it names carries its id. `write` answers the entry as
 * made, or null.
 */
export async function auditedReturns<T>(
  deps: AppDeps,
  planned: AuditEntry,
  versions: VersionEvidence[],
  write: (auditRef: string) => Promise<{ result: T; made: AuditEntry | null }>,
): Promise<T> {
  const ticket = await deps.store.beginAudit(planned, versions);
  const { result, made } = await write(ticket.id);
  await deps.store.endAudit(ticket, made);
  return result;
}

/** An admin's submission or amendment of a unit's return; the return's own history keeps every version too. */
export function returnAudit(provider: Provider, before: ReturnVersion | null, after: ReturnVersion) {
  const what = before ? `Amended the return of ${provider.name} for ${after.date} (version ${before.version} to ${after.version})` : `Submitted the return of ${provider.name} for ${after.date}`;
  return {
    kind: 'return-amendment' as const,
    target: `${provider.providerId}/${after.date}`,
    summary: what,
    before: before ? { version: before.version, ...bodyOf(before) } : null,
    after: { version: after.version, ...bodyOf(after) },
  };
}

type Written = { provider: Provider; date: string; version: number };
const writtenList = (written: Written[]) => written.map((w) => ({ providerId: w.provider.providerId, name: w.provider.name, date: w.date, version: w.version }));

/**
 * An admin's import of returns from a file: what was written (each return's unit, date and
 * the version it became) and the counts, not the file; each return's own versions keep the
 * figures. A file of more than one part's returns has an entry per part.
 */
export function returnsImportAudit(file: { rows: number; summary: ImportResult['summary'] }, written: Written[], part = { part: 1, of: 1 }) {
  const dates = written.map((w) => w.date).sort();
  const units = new Set(written.map((w) => w.provider.providerId)).size;
  const span = dates[0] === dates.at(-1) ? `for ${dates[0]}` : `from ${dates[0]} to ${dates.at(-1)}`;
  const { unchanged, conflicts, invalidRows } = file.summary;
  const of = part.of > 1 ? `, part ${part.part} of ${part.of} of the file` : '';
  return {
    kind: 'returns-import' as const,
    target: 'returns',
    summary: `Imported ${written.length} ${written.length === 1 ? 'return' : 'returns'} of ${units} ${units === 1 ? 'unit' : 'units'} ${span}${of} (${unchanged} unchanged, ${conflicts} not imported for a newer version, ${invalidRows} rows with errors not imported)`,
    before: null,
    after: { rows: file.rows, ...file.summary, written: writtenList(written), ...(part.of > 1 ? part : {}) },
  };
}

/** The entry an admin's import starts with: shown only if it is cut off, then listing just the returns found written. */
export function returnsImportCutOff(rows: number, planned: Written[]) {
  return {
    kind: 'returns-import' as const,
    target: 'returns',
    summary: `Imported returns from a file of ${rows} rows, cut off part way: only the returns listed were written`,
    before: null,
    after: { rows, written: writtenList(planned) },
  };
}

/** The audit trail. */
export function auditRoutes(deps: AppDeps) {
  return new OpenAPIHono<AppEnv>().openapi(listAudit, async (c) => {
    const query = c.req.valid('query');
    const to = query.to ?? today(deps.clock);
    const from = query.from ?? addDays(to, -DEFAULT_DAYS + 1);
    if (from > to) throw new ProblemError(400, 'Invalid dates', '`from` must not be after `to`.', [{ path: 'query.from', message: 'is after to' }]);
    if (addDays(from, MAX_DAYS) <= to)
      throw new ProblemError(400, 'Too long a span', `Ask for at most ${MAX_DAYS} days at a time.`, [{ path: 'query.from', message: `more than ${MAX_DAYS} days before to` }]);
    // UK days start up to an hour before or after UTC midnight: read a day either side, keep the UK days asked for.
    const entries = await deps.store.listAudit(`${addDays(from, -1)}T00:00:00.000Z`, `${addDays(to, 1)}T23:59:59.999Z`);
    const kept = entries.filter((e: AuditEntry) => {
      const day = serviceDateOf(new Date(e.at));
      return day >= from && day <= to && auditMatches(e, query);
    });
    const newestFirst = kept.reverse();
    const csv = prefersCsv(c);
    // Written once, measured, then sent as it is (up to 5 MB: not made twice).
    const body = csv ? auditCsv(newestFirst) : JSON.stringify(newestFirst);
    if (Buffer.byteLength(body) > MAX_AUDIT_ANSWER_BYTES)
      throw new ProblemError(400, 'Too many changes to show at once', 'Choose fewer days, or one kind of change.', [
        { path: 'query.from', message: `${newestFirst.length.toLocaleString('en-GB')} changes from ${from} to ${to} are more than can be shown at once: choose fewer days` },
      ]);
    return csv ? csvDownload(c, body, `audit-${from}-to-${to}`) : c.body(body, 200, { 'Content-Type': 'application/json' });
  });
}
