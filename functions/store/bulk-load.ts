import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SumsRepo } from './aggregates';
import { currentItem, versionItem } from './items';
import { mapLimit, untilProcessed, type Item } from './query';
import type { Placement, ReturnRecord } from './types';

/** BatchWriteItem's limit. */
const BATCH_SIZE = 25;
/** Batches in flight: enough to keep dynalite (one process) busy without queueing sockets. */
const BATCHES_IN_FLIGHT = 8;
const AGGREGATES_IN_FLIGHT = 8;
/** Units whose register part is read at once (most are known to the process already). */
const PLACEMENTS_IN_FLIGHT = 8;


/** Records may carry a writeId (an import that keeps one); otherwise each version gets a new one. */
type LoadRecord = ReturnRecord & { writeId?: string };

/** Where the register sums a unit's returns in a locality and sector (Store.placementOf). */
type PlacementOf = (unit: Pick<ReturnRecord, 'providerId' | 'localityId' | 'sector'>) => Promise<Placement>;

/**
 * Each record without a part gets the one a save through the API would give its unit's first
 * version (the register's part, sums-parts.ts), so loaded and saved returns are summed alike.
 */
async function placed(records: readonly LoadRecord[], placementOf: PlacementOf): Promise<LoadRecord[]> {
  const placeOf = (r: LoadRecord) => `${r.providerId}|${r.localityId}|${r.sector}`;
  const unplaced = new Map(records.filter((r) => r.sumsPart === undefined).map((r) => [placeOf(r), r]));
  const parts = new Map(await mapLimit([...unplaced], PLACEMENTS_IN_FLIGHT, async ([place, r]) => [place, (await placementOf(r)).sumsPart] as const));
  return records.map((r) => {
    const part = r.sumsPart === undefined ? parts.get(placeOf(r)) : undefined;
    return part ? { ...r, sumsPart: part } : r;
  });
}

/**
 * Bulk load into an empty range: version and current items by BatchWriteItem (no conditions,
 * so only for data nobody else is writing), then the sums of every touched date and locality
 * rebuilt from its current items, which also counts any current items already there; and of
 * the dates and localities in `resum`, whose returns an earlier load, stopped before its sums,
 * may have written already.
 */
export async function loadReturns(
  doc: DynamoDBDocumentClient,
  tableName: string,
  sums: SumsRepo,
  currentOf: (date: string, localityId: string) => Promise<ReturnRecord[]>,
  placementOf: PlacementOf,
  records: readonly LoadRecord[],
  onProgress?: (done: number, total: number) => void,
  resum: readonly { date: string; localityId: string }[] = [],
): Promise<void> {
  const items = new Map<string, Item>();
  const newest = new Map<string, ReturnRecord>();
  for (const { writeId, ...rec } of await placed(records, placementOf)) {
    const v = versionItem(rec, writeId ?? randomUUID());
    items.set(`${v.pk}|${v.sk}`, v);
    const unitDay = `${rec.providerId}|${rec.date}`;
    const seen = newest.get(unitDay);
    if (!seen || seen.version < rec.version) newest.set(unitDay, rec);
  }
  for (const rec of newest.values()) {
    const c = currentItem(rec);
    items.set(`${c.pk}|${c.sk}`, c);
  }
  const touched = new Map<string, { date: string; localityId: string }>();
  for (const rec of newest.values()) touched.set(`${rec.date}|${rec.localityId}`, { date: rec.date, localityId: rec.localityId });
  for (const { date, localityId } of resum) touched.set(`${date}|${localityId}`, { date, localityId });

  const all = [...items.values()];
  const total = all.length + touched.size;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    onProgress?.(done, total);
  };

  await writeItems(doc, tableName, all, progress);
  await mapLimit([...touched.values()], AGGREGATES_IN_FLIGHT, async ({ date, localityId }) => {
    await sums.rebuild(date, localityId, await currentOf(date, localityId));
    progress(1);
  });
}

/** Unconditional puts by BatchWriteItem, a few batches at a time: only for items nobody else is writing. */
export async function writeItems(doc: DynamoDBDocumentClient, tableName: string, items: readonly Item[], progress?: (n: number) => void) {
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) batches.push(items.slice(i, i + BATCH_SIZE));
  await mapLimit(batches, BATCHES_IN_FLIGHT, async (batch) => {
    await writeBatch(doc, tableName, batch);
    progress?.(batch.length);
  });
}

async function writeBatch(doc: DynamoDBDocumentClient, tableName: string, batch: Item[]): Promise<void> {
  await untilProcessed(
    batch.map((Item) => ({ PutRequest: { Item } })),
    async (pending) => {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: [...pending] } }));
      return (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    },
  );
}
