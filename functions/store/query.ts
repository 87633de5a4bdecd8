import { paginateQuery, QueryCommand, type QueryCommandInput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type Item = Record<string, unknown>;

/** Every page of a strongly consistent Query. */
export async function queryAll(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of paginateQuery({ client: doc }, { ...input, ConsistentRead: true })) items.push(...((page.Items ?? []) as Item[]));
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

export { mapLimit } from '#domain/concurrency';
