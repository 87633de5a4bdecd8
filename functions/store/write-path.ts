import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { figuresOf, type ReturnVersion } from '#domain';
import type { Counted, SumsRepo } from './aggregates';
import { isConditionFailed } from './errors';
import { currentItem, placementOf, recordOf, versionItem } from './items';
import { DAY_WIDTH, keys } from './keys';
import { isClosed } from './rollups';
import { mapLimit, queryAll, type Item } from './query';
import type { ReturnsReads } from './returns-repo';
import { WRITES_INDEX } from './table';
import type { ReturnRecord, SaveOutcome, Store } from './types';

type WritePath = Pick<Store, 'saveVersion' | 'repair' | 'reconcile'>;

/** Reads of the `writes` index, and checks of one version each (one small GetItem, and the repair of the few it finds unfinished), at once. */
const CHECK_CONCURRENCY = 16;
/** Closed dates' change counts, and markers of the layout before, finished at once; each is a handful of small requests. */
const RECONCILE_CONCURRENCY = 4;
/**
 * How long reconcile leaves a new version alone. A save stamps its version's time before the
 * version lands and finishes it in well under this (the API Lambda's timeout is 20 s), so a
 * version this old is finished unless its save was cut off; and the index, which DynamoDB
 * fills a moment after the table (usually well under a second), has it by then. Each version
 * is read by one run only. Tests pass 0.
 */
export const SETTLE_MS = 5 * 60_000;
/** A table never reconciled (new, or just brought to storage layout 3): how far back the first run reads. */
const FIRST_RUN_LOOKBACK_MS = 24 * 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export interface WritePathOptions {
  /** SETTLE_MS unless set. */
  settleMs?: number;
}

/** Every day (UTC, as `wb` has it) from `from`'s to `to`'s. */
const daysBetween = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (let t = Date.parse(`${from.slice(0, DAY_WIDTH)}T00:00:00Z`); t <= Date.parse(to); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, DAY_WIDTH));
  return days;
};

/**
 * The write path of architecture.md "Storage": single-item conditional writes only, each step
 * safe to repeat. A save writes no marker: its version is listed by the day it was written in
 * the sparse `writes` index, and reconcile reads that index from where it last stopped and
 * finishes any version its sums do not count yet.
 */
export function writePath(
  doc: DynamoDBDocumentClient,
  tableName: string,
  reads: ReturnsReads,
  sums: SumsRepo,
  opts: WritePathOptions = {},
): WritePath {
  const settleMs = opts.settleMs ?? SETTLE_MS;

  /** Step 1. False when another writer holds this version number. */
  const putVersion = async (rec: ReturnRecord, writeId: string): Promise<boolean> => {
    const item = { ...versionItem(rec, writeId), ...keys.written(rec.providerId, rec.date, new Date().toISOString()) };
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
   * Step 2: the current view's version only grows. Answers what it replaced (the version most
   * likely counted in the sums, a guess step 3 checks), `null` for nothing, or 'unknown' when an
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

  /** Steps 2 and 3 for one record, and 4 for a closed date: its rollup learns it is stale (rollups.ts, isClosed). */
  const finish = async (rec: ReturnRecord) => {
    const counted = await putCurrent(rec);
    reads.forget(rec.date);
    await sums.apply(rec, counted);
    if (isClosed(rec.date)) await sums.touch(rec.date);
  };

  const repairWith = async (providerId: string, date: string) => {
    const newest = await reads.newestVersionItem(providerId, date);
    if (newest) await finish(recordOf(newest));
  };

  /** The versions saved at instants in (from, to], as the index has them: who, which date, which version, where summed. */
  const writtenBetween = async (from: string, to: string): Promise<Item[]> => {
    const { low, high } = keys.writtenBetween(from, to);
    const buckets = daysBetween(from, to).flatMap(keys.writeBucketsOf);
    const pages = await mapLimit(buckets, CHECK_CONCURRENCY, (wb) =>
      queryAll(doc, {
        TableName: tableName,
        IndexName: WRITES_INDEX.name,
        KeyConditionExpression: 'wb = :wb AND wt BETWEEN :low AND :high',
        ExpressionAttributeValues: { ':wb': wb, ':low': low, ':high': high },
      }),
    );
    return pages.flat();
  };

  /** Markers of saves in flight under storage layout 2 (before the `writes` index): finished and removed, so none is lost across the upgrade. */
  const finishLegacyMarkers = async (settled: string): Promise<number> => {
    const markers = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.legacyPendingPartition },
    });
    const due = markers.filter((m) => (m.startedAt as string) <= settled);
    await mapLimit(due, RECONCILE_CONCURRENCY, async (m) => {
      await repairWith(m.providerId as string, m.date as string);
      await doc.send(new DeleteCommand({ TableName: tableName, Key: keys.legacyPending(m.providerId as string, m.date as string) }));
    });
    return due.length;
  };

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
      if (!(await putVersion(rec, randomUUID()))) {
        const current = await reads.repo.currentReturn(ret.providerId, ret.date);
        if (!current) throw new Error(`version ${ret.version} of ${ret.providerId} ${ret.date} vanished`);
        return { saved: false, current };
      }
      await finish(rec);
      return { saved: true, ret };
    },

    async repair(providerId, date) {
      await repairWith(providerId, date);
    },

    /**
     * Finish every save cut off half way: read the versions saved since the last run (up to
     * `settleMs` ago) from the `writes` index, keep the newest of each unit and date, and finish
     * those their sums do not count yet. The point reached is stored only after, so a run cut
     * off is done again by the next.
     */
    async reconcile() {
      const settled = new Date(Date.now() - settleMs).toISOString();
      const stored = await doc.send(new GetCommand({ TableName: tableName, Key: keys.reconciled(), ConsistentRead: true }));
      const from = (stored.Item?.through as string | undefined) ?? new Date(Date.parse(settled) - FIRST_RUN_LOOKBACK_MS).toISOString();

      const newest = new Map<string, Item>();
      for (const w of from < settled ? await writtenBetween(from, settled) : []) {
        const key = `${w.providerId as string}|${w.date as string}`;
        if (((newest.get(key)?.version as number | undefined) ?? 0) < (w.version as number)) newest.set(key, w);
      }
      let repaired = 0;
      const closedDates = new Set<string>();
      await mapLimit([...newest.values()], CHECK_CONCURRENCY, async (w) => {
        const providerId = w.providerId as string;
        const date = w.date as string;
        const counted = await sums.countedVersion({ providerId, date, ...placementOf(w) });
        if (counted < (w.version as number)) {
          await repairWith(providerId, date);
          repaired += 1;
        } else if (isClosed(date)) closedDates.add(date);
      });
      // A save of a closed date raises the date's change count after its delta has landed; cut
      // off between the two, its sums count it but its rollup would not know. Once per date.
      await mapLimit([...closedDates], RECONCILE_CONCURRENCY, (date) => sums.touch(date));
      repaired += await finishLegacyMarkers(settled);

      await doc
        .send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.reconciled(), entity: 'settings', through: settled },
            ConditionExpression: 'attribute_not_exists(through) OR through < :through',
            ExpressionAttributeValues: { ':through': settled },
          }),
        )
        .catch((err: unknown) => {
          // A later run got further first: its point stands.
          if (!isConditionFailed(err)) throw err;
        });
      return { repaired };
    },
  };
}
