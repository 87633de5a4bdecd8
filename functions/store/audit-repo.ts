import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '#domain/audit';
import { itemOf, valueOf } from './items';
import { keys } from './keys';
import { mapLimit, queryAll } from './query';
import type { Store } from './types';

type AuditRepo = Pick<Store, 'appendAudit' | 'listAudit'>;

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

/**
 * The audit trail: one item per admin change, partitioned by month of the change (admins
 * change little: a county's month is a few thousand entries), sorted by instant within it.
 * Entries are only ever added.
 */
export function auditRepo(doc: DynamoDBDocumentClient, tableName: string): AuditRepo {
  return {
    async appendAudit(entries) {
      // Entries of one change share its instant: their place in the batch keeps them in the order made.
      const batch = crypto.randomUUID();
      await mapLimit(entries.map((entry, i) => ({ entry, i })), WRITES_IN_FLIGHT, ({ entry, i }) =>
        doc.send(new PutCommand({ TableName: tableName, Item: itemOf(keys.audit(entry.at, `${String(i).padStart(6, '0')}-${batch}`), 'audit', entry) })),
      );
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
      return pages.flat().map((i) => valueOf<AuditEntry>(i));
    },
  };
}
