import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { aggregateOf, type LocalityDay, type Sector } from '#domain';
import { isConditionFailed } from './errors';
import { aggregateItem, returnOf, valueOf } from './items';
import { keys } from './keys';
import type { Item } from './query';
import { StoreUnavailableError } from './types';

/** Recomputes racing on one aggregate settle within a few rounds; beyond this something is wrong. */
const MAX_ROUNDS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** JSON with sorted keys: DynamoDB maps come back in any order. */
function canonical(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Item)[k])]),
          )
        : v;
  return JSON.stringify(sorted(value));
}

/** Aggregate content without its seq, for comparing two aggregates. */
export const contentOf = ({ seq: _seq, ...content }: LocalityDay): Omit<LocalityDay, 'seq'> => content;

export const sameContent = (a: Omit<LocalityDay, 'seq'>, b: Omit<LocalityDay, 'seq'>) => canonical(a) === canonical(b);

/**
 * Recompute the aggregate of one date and locality from the day's current view and store it
 * under a growing seq: the write succeeds only if the seq read is still the stored one, so a
 * slower recompute never overwrites a newer one; if it lost, read and recompute again. When
 * the stored aggregate already says what we computed there is nothing to write, which also
 * makes a retried request cost no write.
 */
export function aggregateRecomputer(
  doc: DynamoDBDocumentClient,
  tableName: string,
  currentItems: (date: string, localityId: string) => Promise<Item[]>,
) {
  return async function recomputeAggregate(date: string, localityId: string): Promise<void> {
    const key = keys.aggregate(localityId, date);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (round > 0) await sleep(Math.random() * 10 * round);
      const read = await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
      const stored = read.Item ? valueOf<LocalityDay>(read.Item as Item) : null;
      const readSeq = stored?.seq ?? 0;
      const current = await currentItems(date, localityId);
      const content = aggregateOf(
        date,
        localityId,
        current.map((item) => ({ ret: returnOf(item), sector: item.sector as Sector })),
      );
      if (stored && sameContent(contentOf(stored), content)) return;
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: aggregateItem({ ...content, seq: readSeq + 1 }),
            ConditionExpression: 'attribute_not_exists(pk) OR seq = :readSeq',
            ExpressionAttributeValues: { ':readSeq': readSeq },
          }),
        );
        return;
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
      }
    }
    throw new StoreUnavailableError(new Error(`aggregate ${localityId} ${date} kept changing under recompute`));
  };
}

export type RecomputeAggregate = ReturnType<typeof aggregateRecomputer>;
