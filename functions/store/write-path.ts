import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { figuresOf, type ReturnVersion } from '#domain';
import type { Counted, SumsRepo } from './aggregates';
import { isConditionFailed } from './errors';
import { currentItem, recordOf, versionItem } from './items';
import { keys } from './keys';
import { isClosed } from './rollups';
import { mapLimit, queryAll, type Item } from './query';
import type { ReturnsReads } from './returns-repo';
import type { ReturnRecord, SaveOutcome, Store } from './types';

type WritePath = Pick<Store, 'saveVersion' | 'repair' | 'reconcile'>;

/** Repairs the reconcile job runs at once; each is a handful of small requests. */
const RECONCILE_CONCURRENCY = 4;

export interface WritePathOptions {
  /**
   * Reconcile leaves markers younger than this alone: their writer may still be running, and
   * repairing under it could clear its marker before its version lands. The scheduled job
   * passes more than a request's lifetime; tests and the laptop use 0.
   */
  pendingGraceMs?: number;
}

/**
 * The write path of architecture.md "Storage": single-item conditional writes only, each
 * step safe to repeat, with a pending marker so a write cut off half way is finished later.
 */
export function writePath(
  doc: DynamoDBDocumentClient,
  tableName: string,
  reads: ReturnsReads,
  sums: SumsRepo,
  opts: WritePathOptions = {},
): WritePath {
  const pendingGraceMs = opts.pendingGraceMs ?? 0;

  const putMarker = (rec: ReturnRecord, writeId: string) =>
    doc.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.pending(rec.providerId, rec.date),
          entity: 'pending',
          providerId: rec.providerId,
          date: rec.date,
          localityId: rec.localityId,
          sector: rec.sector,
          writeId,
          startedAt: new Date().toISOString(),
        },
      }),
    );

  /** Only the writer whose marker is stored clears it; a later writer's marker stays for its own finish. */
  const clearMarker = async (providerId: string, date: string, writeId: string) => {
    try {
      await doc.send(
        new DeleteCommand({
          TableName: tableName,
          Key: keys.pending(providerId, date),
          ConditionExpression: 'writeId = :writeId',
          ExpressionAttributeValues: { ':writeId': writeId },
        }),
      );
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
  };

  /** Step 2. False when another writer holds this version number. */
  const putVersion = async (rec: ReturnRecord, writeId: string): Promise<boolean> => {
    const item = versionItem(rec, writeId);
    try {
      await doc.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
    // The SDK retries a request whose response was lost; if the first attempt had landed, the
    // retry finds our own item. Same writeId: it is ours, and saved.
    const stored = await doc.send(
      new GetCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }),
    );
    return stored.Item?.writeId === writeId;
  };

  /**
   * Step 3: the current view's version only grows. Answers what it replaced (the version most
   * likely counted in the sums, a guess step 4 checks), `null` for nothing, or 'unknown' when an
   * equal or newer version is there (a repair, a retry, or a slower writer).
   */
  const putCurrent = async (rec: ReturnRecord): Promise<Counted | null | 'unknown'> => {
    try {
      const out = await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: currentItem(rec),
          ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
          ExpressionAttributeValues: { ':version': rec.version },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const old = out.Attributes ? recordOf(out.Attributes as Item) : null;
      return old ? { version: old.version, figures: figuresOf(old) } : null;
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
      return 'unknown';
    }
  };

  /** Steps 3 and 4 for one record; a closed date's rollup learns it is stale (rollups.ts, isClosed). */
  const finish = async (rec: ReturnRecord) => {
    const counted = await putCurrent(rec);
    reads.forget(rec.date);
    await sums.apply(rec, counted);
    if (isClosed(rec.date)) await sums.touch(rec.date);
  };

  const repairWith = async (providerId: string, date: string, markerWriteId: string | undefined) => {
    const newest = await reads.newestVersionItem(providerId, date);
    if (newest) await finish(recordOf(newest));
    if (markerWriteId !== undefined) await clearMarker(providerId, date, markerWriteId);
  };

  const marker = async (providerId: string, date: string) =>
    ((
      await doc.send(new GetCommand({ TableName: tableName, Key: keys.pending(providerId, date), ConsistentRead: true }))
    ).Item as Item | undefined) ?? null;

  return {
    async saveVersion(ret: ReturnVersion, where, auditRef): Promise<SaveOutcome> {
      // An admin's write carries its audit entry's id on the immutable version: the entry's evidence (audit-repo).
      const rec: ReturnRecord = {
        ...ret,
        localityId: where.localityId,
        sector: where.sector,
        ...(where.sumsPart ? { sumsPart: where.sumsPart } : {}),
        ...(auditRef ? { auditRef } : {}),
      };
      const writeId = randomUUID();
      await putMarker(rec, writeId);
      if (!(await putVersion(rec, writeId))) {
        // Nothing of ours was written but the marker. It is left for reconcile, which finds
        // nothing to do: deleting it here could remove the winning writer's marker.
        const current = await reads.repo.currentReturn(ret.providerId, ret.date);
        if (!current) throw new Error(`version ${ret.version} of ${ret.providerId} ${ret.date} vanished`);
        return { saved: false, current };
      }
      await finish(rec);
      await clearMarker(ret.providerId, ret.date, writeId);
      return { saved: true, ret };
    },

    async repair(providerId, date) {
      const pending = await marker(providerId, date);
      await repairWith(providerId, date, pending?.writeId as string | undefined);
    },

    async reconcile() {
      const markers = await queryAll(doc, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.pendingPartition },
      });
      const settled = new Date(Date.now() - pendingGraceMs).toISOString();
      const due = markers.filter((m) => (m.startedAt as string) <= settled);
      await mapLimit(due, RECONCILE_CONCURRENCY, (m) =>
        repairWith(m.providerId as string, m.date as string, m.writeId as string),
      );
      return { repaired: due.length };
    },
  };
}
