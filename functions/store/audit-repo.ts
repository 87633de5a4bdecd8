import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '#domain/audit';
import { isConditionFailed } from './errors';
import { itemOf, valueOf } from './items';
import { keys, type Key } from './keys';
import { mapLimit, queryAll, type Item } from './query';
import { ConcurrentChangeError, type AuditTicket, type Store, type VersionEvidence } from './types';

type AuditRepo = Pick<Store, 'appendAudit' | 'listAudit' | 'beginAudit' | 'endAudit'>;

/** Entries written at once: a register import of a county writes a few hundred. */
const WRITES_IN_FLIGHT = 8;

/** Months (YYYY-MM) from the month of `from` to the month of `to`, both ISO instants. */
function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.slice(0, 7).split('-').map(Number);
  const last = to.slice(0, 7);
  for (;;) {
    const m = `${year}-${String(month).padStart(2, '0')}`;
    if (m > last) return months;
    months.push(m);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);
/** The same change by the same admin (a retry) gets the same id; entries are keyed by instant and id. */
const idOf = (entry: AuditEntry) => hash([entry.actor, entry.kind, entry.target, entry.before, entry.after]);
const keyOf = (ref: AuditTicket) => keys.audit(ref.at, ref.id);

/**
 * What shows that the change of a pending entry was made: the item the change wrote carries
 * the entry's ref (`auditRef`), or, for returns, a version named exists carrying the entry's id
 * (each version is written once, so it was this write that made it).
 */
type Evidence = { item: Key } | { versions: VersionEvidence[] };

/**
 * The audit trail: one item per admin change, partitioned by month of the change (admins
 * change little: a county's month is a few thousand entries), sorted by instant within it.
 *
 * An entry and its change are two items, and there are no transactions, so the entry is
 * written first, `pending`, naming its evidence; then the change, carrying the evidence; then
 * the entry is settled (`pending` removed). A reader shows a pending entry only when its
 * evidence is in the table (and settles it then), so a change cut off after its entry never
 * shows, and a change made but cut off before its entry was settled still does. A later
 * change of the same item settles the entry the item carries before writing its own, under a
 * condition that the item still carries it, so evidence is never overwritten unsettled.
 */
export function auditRepo(doc: DynamoDBDocumentClient, tableName: string): AuditRepo & { auditedPut: AuditedPut } {
  const get = async (key: Key, projection?: string): Promise<Item | null> =>
    ((
      await doc.send(
        new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true, ...(projection ? { ProjectionExpression: projection } : {}) }),
      )
    ).Item as Item | undefined) ?? null;
  const ignoringCondition = (p: Promise<unknown>) =>
    p.then(
      () => true,
      (error) => {
        if (isConditionFailed(error)) return false;
        throw error;
      },
    );

  /** Written once: a retry of the same change at the same instant finds its own entry there. */
  const putPending = (entry: AuditEntry, ref: AuditTicket, evidence: Evidence) =>
    ignoringCondition(
      doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...itemOf(keyOf(ref), 'audit', entry), pending: true, evidence },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  /** The change is known made: the entry shows from now on. */
  const settle = (ref: AuditTicket) =>
    ignoringCondition(
      doc.send(new UpdateCommand({ TableName: tableName, Key: keyOf(ref), UpdateExpression: 'REMOVE pending, evidence', ConditionExpression: 'attribute_exists(pending)' })),
    );
  /** The change is known not made: its entry goes (only while still pending). */
  const drop = (ref: AuditTicket) =>
    ignoringCondition(doc.send(new DeleteCommand({ TableName: tableName, Key: keyOf(ref), ConditionExpression: 'attribute_exists(pending)' })));

  /** The versions named that were saved by the entry's own write (they carry its id). */
  const versionsShown = async (ref: AuditTicket, versions: VersionEvidence[]) => {
    const found = await mapLimit(versions, WRITES_IN_FLIGHT, async (v) => (await get(keys.version(v.providerId, v.date, v.version), 'auditRef'))?.auditRef === ref.id);
    return versions.filter((_, i) => found[i]);
  };

  /** A pending entry as the reader should show it: null while its change is not (or not yet) in the table. */
  const resolve = async (item: Item): Promise<AuditEntry | null> => {
    const { pending: _pending, evidence, ...rest } = item;
    const entry = valueOf<AuditEntry>(rest);
    const ref = { at: entry.at, id: String(item.sk).slice(entry.at.length + 1) };
    const ev = evidence as Evidence;
    if ('item' in ev) {
      const target = await get(ev.item, 'auditRef');
      if ((target?.auditRef as AuditTicket | undefined)?.id !== ref.id) return null;
      await settle(ref);
      return entry;
    }
    const made = await versionsShown(ref, ev.versions);
    if (made.length === 0) return null;
    // Cut off part way (an import): the entry lists only the returns that were written.
    const after = entry.after as { written?: { providerId: string; date: string; version: number }[] } | null;
    if (!Array.isArray(after?.written)) return entry;
    const wrote = new Set(made.map((v) => `${v.providerId}/${v.date}/${v.version}`));
    return { ...entry, after: { ...after, written: after.written.filter((w) => wrote.has(`${w.providerId}/${w.date}/${w.version}`)) } };
  };

  /**
   * One item written as an admin change with its entry (see above). `condition` is the
   * caller's own (an e-mail address still free); when it fails, nothing is written and the
   * error is passed on. Without an entry (demo data, set-up) the item is simply put.
   */
  const auditedPut: AuditedPut = async (item, entry, condition) => {
    const key = { pk: item.pk, sk: item.sk };
    const plain = { ConditionExpression: condition?.expression, ExpressionAttributeNames: condition?.names, ExpressionAttributeValues: condition?.values };
    const prev = (await get(key, 'auditRef'))?.auditRef as AuditTicket | undefined;
    if (!entry) {
      // Not an admin change (set-up, or a rewrite that changes nothing): the evidence it replaces is settled first.
      if (prev) await settle(prev);
      return void (await doc.send(new PutCommand({ TableName: tableName, Item: item, ...plain })));
    }
    const ref = { at: entry.at, id: idOf(entry) };
    // The item already carries this very change (a retry after a cut-off): keep its entry.
    const mine = prev?.id === ref.id ? prev : ref;
    if (prev && mine !== prev) await settle(prev);
    if (mine === ref) await putPending(entry, ref, { item: key });
    const carried = prev ? '#auditRef.id = :prevId' : 'attribute_not_exists(#auditRef)';
    try {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...item, auditRef: mine },
          ConditionExpression: condition ? `(${condition.expression}) AND ${carried}` : carried,
          ExpressionAttributeNames: { ...condition?.names, '#auditRef': 'auditRef' },
          ExpressionAttributeValues: prev || condition?.values ? { ...condition?.values, ...(prev ? { ':prevId': prev.id } : {}) } : undefined,
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error; // not known either way: the entry stays pending, and the reader looks at the item
      // Our own write, its answer lost and the SDK's retry refused?
      const now = ((await get(key, 'auditRef'))?.auditRef as AuditTicket | undefined)?.id;
      if (now !== mine.id) {
        if (mine === ref) await drop(ref);
        // Someone else's change came in between our read and our write; else the caller's own condition refused it.
        throw now !== prev?.id ? new ConcurrentChangeError() : error;
      }
    }
    await settle(mine);
  };

  return {
    auditedPut,
    async appendAudit(entries) {
      // Entries of one change share its instant: their place in the batch keeps them in the order made.
      const batch = crypto.randomUUID();
      await mapLimit(entries.map((entry, i) => ({ entry, i })), WRITES_IN_FLIGHT, ({ entry, i }) =>
        doc.send(new PutCommand({ TableName: tableName, Item: itemOf(keys.audit(entry.at, `${String(i).padStart(6, '0')}-${batch}`), 'audit', entry) })),
      );
    },
    async beginAudit(entry, versions) {
      // A new id each time: a retry's entry must never take the place of the entry of a write that was made.
      const ref = { at: entry.at, id: crypto.randomUUID() };
      await putPending(entry, ref, { versions });
      return ref;
    },
    async endAudit(ref, final) {
      if (!final) return void (await drop(ref));
      // The entry as made (what was written, in full), in place of the plan.
      await doc.send(new PutCommand({ TableName: tableName, Item: itemOf(keyOf(ref), 'audit', { ...final, at: ref.at }) }));
    },
    async listAudit(from, to) {
      const months = monthsBetween(from, to);
      const pages = await mapLimit(months, WRITES_IN_FLIGHT, (month) =>
        queryAll(doc, {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
          ExpressionAttributeValues: { ':pk': keys.auditMonth(month), ':low': from, ':high': `${to}~` },
        }),
      );
      const shown = await mapLimit(pages.flat(), WRITES_IN_FLIGHT, (i) => (i.pending ? resolve(i) : Promise.resolve(valueOf<AuditEntry>(i))));
      return shown.filter((e): e is AuditEntry => e !== null);
    },
  };
}

/** Put one item as an admin change recorded by `entry` (see auditRepo). */
export type AuditedPut = (
  item: Item & Key,
  entry: AuditEntry | undefined,
  condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> },
) => Promise<void>;
