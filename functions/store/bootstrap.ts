import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  waitUntilTableExists,
  waitUntilTableNotExists,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { paginateScan, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeItems } from './bulk-load';
import { createDocumentClient } from './client';
import type { Item } from './query';
import { WRITES_INDEX, createTableInput } from './table';

/** Longest wait for a new table to become ACTIVE (dynalite: at once; AWS on-demand: seconds). */
const ACTIVE_WAIT_SECONDS = 60;

export interface EnsureTableOptions {
  endpoint: string;
  tableName: string;
  region?: string;
  /** Items copied so far, of about `total`, while a table from before the `writes` index is rebuilt. */
  onCopy?: (copied: number, total: number) => void;
}

/**
 * Create the table if it is missing and wait until it is ACTIVE. Idempotent: an existing
 * table, or one created concurrently by another process, is fine. A table made before storage
 * layout 3 is given the `writes` index. Local use only; in AWS the CDK stack owns the table.
 */
export async function ensureTable(opts: EnsureTableOptions): Promise<void> {
  const doc = createDocumentClient({ endpoint: opts.endpoint, region: opts.region });
  try {
    const table = await describe(doc, opts.tableName);
    const ready = table !== null && hasWritesIndex(table) && (await describe(doc, spareOf(opts.tableName))) === null;
    if (ready && table.TableStatus === 'ACTIVE') return;
    if (!ready) await createOrCarryOver(doc, opts);
    await waitUntilActive(doc, opts.tableName);
  } finally {
    doc.destroy();
  }
}

/** Where a table's items wait while it is made again with the index. */
const spareOf = (tableName: string) => `${tableName}-layout3`;

const hasWritesIndex = (table: TableDescription) => (table.GlobalSecondaryIndexes ?? []).some((i) => i.IndexName === WRITES_INDEX.name);

/**
 * dynalite cannot add an index to a table (UpdateTable checks the request and does nothing), so
 * a table from before the `writes` index is copied to a spare table made with it, made again
 * under its own name, and copied back. Which tables exist says how far a run got, so a run cut
 * off anywhere carries on: copies overwrite, and the table is removed only once the spare holds
 * everything. Versions written before the index are not in it, and need not be: the layout
 * before had its own markers, which reconcile still finishes (write-path.ts).
 */
async function createOrCarryOver(doc: DynamoDBDocumentClient, opts: EnsureTableOptions): Promise<void> {
  const { tableName } = opts;
  const spare = spareOf(tableName);
  let copied = 0;
  const copy = async (from: string, to: string, total: number) => {
    for await (const page of paginateScan({ client: doc }, { TableName: from, ConsistentRead: true })) {
      await writeItems(doc, to, (page.Items ?? []) as Item[]);
      copied += page.Items?.length ?? 0;
      opts.onCopy?.(copied, Math.max(total, copied));
    }
    await drop(doc, from);
  };

  const table = await describe(doc, tableName);
  if (table && !hasWritesIndex(table)) {
    const items = await countItems(doc, tableName);
    await create(doc, spare);
    await copy(tableName, spare, 2 * items);
    await create(doc, tableName);
    await copy(spare, tableName, 2 * items);
    return;
  }
  await create(doc, tableName);
  // Cut off after the spare was filled: it still holds everything.
  const left = await describe(doc, spare);
  if (left) await copy(spare, tableName, await countItems(doc, spare));
}

/** For the progress only; DescribeTable's ItemCount is DynamoDB's estimate of hours ago, and always 0 in dynalite. */
async function countItems(doc: DynamoDBDocumentClient, tableName: string): Promise<number> {
  let count = 0;
  for await (const page of paginateScan({ client: doc }, { TableName: tableName, Select: 'COUNT' })) count += page.Count ?? 0;
  return count;
}

async function create(doc: DynamoDBDocumentClient, tableName: string): Promise<void> {
  try {
    await doc.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  await waitUntilActive(doc, tableName);
}

async function drop(doc: DynamoDBDocumentClient, tableName: string): Promise<void> {
  try {
    await doc.send(new DeleteTableCommand({ TableName: tableName }));
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
  }
  await waitUntilTableNotExists({ client: doc, maxWaitTime: ACTIVE_WAIT_SECONDS, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
}

const waitUntilActive = (doc: DynamoDBDocumentClient, tableName: string) =>
  waitUntilTableExists({ client: doc, maxWaitTime: ACTIVE_WAIT_SECONDS, minDelay: 1, maxDelay: 2 }, { TableName: tableName });

async function describe(doc: DynamoDBDocumentClient, tableName: string): Promise<TableDescription | null> {
  try {
    return (await doc.send(new DescribeTableCommand({ TableName: tableName }))).Table ?? null;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return null;
    throw err;
  }
}
