import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, paginateQuery, QueryCommand, type QueryCommandInput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mapLimit } from '#domain/concurrency';
import { StoreUnavailableError } from './types';

export type Item = Record<string, unknown>;

/** Every page of a strongly consistent Query (of an index, eventually consistent: DynamoDB offers nothing else there). */
export async function queryAll(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of paginateQuery({ client: doc }, { ...input, ConsistentRead: input.IndexName === undefined })) items.push(...((page.Items ?? []) as Item[]));
  return items;
}

/** Every item of one partition whose sort key is in [low, high]: one strongly consistent Query, every page. */
export const queryRange = (doc: DynamoDBDocumentClient, tableName: string, pk: string, low: string, high: string): Promise<Item[]> =>
  queryAll(doc, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
    ExpressionAttributeValues: { ':pk': pk, ':low': low, ':high': high },
  });

/** The first item of a strongly consistent Query (with its order and Limit 1), or null. */
export async function queryFirst(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item | null> {
  const page = await doc.send(new QueryCommand({ ...input, ConsistentRead: true, Limit: 1 }));
  return (page.Items?.[0] as Item | undefined) ?? null;
}

/** Rounds of sending again what DynamoDB left unprocessed (throttling) before giving up. */
const MAX_UNPROCESSED_ROUNDS = 8;

/**
 * A batch request sent until DynamoDB has processed all of it: `send` answers what it left
 * unprocessed, which is sent again after a jittered backoff, up to MAX_UNPROCESSED_ROUNDS rounds.
 */
export async function untilProcessed<T>(requests: readonly T[], send: (pending: readonly T[]) => Promise<readonly T[]>): Promise<void> {
  let pending = requests;
  for (let round = 0; round < MAX_UNPROCESSED_ROUNDS && pending.length > 0; round++) {
    if (round > 0) await sleep(Math.min(2_000, 50 * 2 ** round) * (0.5 + Math.random() / 2));
    pending = await send(pending);
  }
  if (pending.length > 0) throw new StoreUnavailableError(new Error(`${pending.length} requests stayed unprocessed after ${MAX_UNPROCESSED_ROUNDS} rounds`));
}

/** BatchGetItem's limit of keys a request. */
const GET_BATCH = 100;
const GET_BATCHES_IN_FLIGHT = 8;

/**
 * The items of many keys, strongly consistent, by BatchGetItem (100 keys a request), in no
 * particular order; a key with no item is left out. `projection` names the attributes wanted.
 */
export async function getAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly { pk: string; sk: string }[],
  /** Attribute names to read (none a reserved word). */
  projection?: string,
): Promise<Item[]> {
  const batches: { pk: string; sk: string }[][] = [];
  for (let i = 0; i < keys.length; i += GET_BATCH) batches.push(keys.slice(i, i + GET_BATCH));
  const pages = await mapLimit(batches, GET_BATCHES_IN_FLIGHT, async (batch) => {
    const items: Item[] = [];
    await untilProcessed<Record<string, unknown>>(batch, async (pending) => {
      const out = await doc.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: [...pending], ConsistentRead: true, ...(projection ? { ProjectionExpression: projection } : {}) } },
        }),
      );
      items.push(...((out.Responses?.[tableName] ?? []) as Item[]));
      return out.UnprocessedKeys?.[tableName]?.Keys ?? [];
    });
    return items;
  });
  return pages.flat();
}

export { mapLimit };
