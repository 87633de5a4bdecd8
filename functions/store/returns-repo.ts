import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReturnVersion, UnitDay } from '#domain';
import { recordOf, returnOf } from './items';
import { keys } from './keys';
import { mapLimit, queryAll, queryFirst, type Item } from './query';

/** Queries of one date each run this many at a time: enough to overlap, few enough not to queue sockets. */
export const DAYS_IN_FLIGHT = 8;
import type { Store } from './types';

type ReturnsRepo = Pick<
  Store,
  'currentReturn' | 'versions' | 'returnsInRange' | 'latestReturnBefore' | 'currentForDay' | 'unitDays'
>;

/** Reads of versions, the per-day current view and aggregates: every one a strongly consistent Query. */
export function returnsRepo(doc: DynamoDBDocumentClient, tableName: string) {
  /** The newest version item of a unit and date, with the table's attributes. */
  const newestVersionItem = (providerId: string, date: string): Promise<Item | null> =>
    queryFirst(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.unitReturns(providerId), ':prefix': keys.versionsOfDay(date) },
      ScanIndexForward: false,
    });

  /** The current items of a day, or of one locality that day. */
  const currentItems = (date: string, localityId?: string): Promise<Item[]> => {
    const { pk, skPrefix } = keys.currentOfDay(date, localityId);
    return queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    });
  };

  const repo: ReturnsRepo = {
    async currentReturn(providerId, date) {
      const item = await newestVersionItem(providerId, date);
      return item ? returnOf(item) : null;
    },
    async versions(providerId, date) {
      const items = await queryAll(doc, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.unitReturns(providerId), ':prefix': keys.versionsOfDay(date) },
      });
      return items.map(returnOf);
    },
    async returnsInRange(providerId, from, to) {
      const { low, high } = keys.returnsBetween(from, to);
      const items = await queryAll(doc, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
        ExpressionAttributeValues: { ':pk': keys.unitReturns(providerId), ':low': low, ':high': high },
      });
      // Ascending by date then version: the last item seen for a date is its newest version.
      const newest = new Map<string, ReturnVersion>();
      for (const item of items) newest.set(item.date as string, returnOf(item));
      return [...newest.values()];
    },
    async latestReturnBefore(providerId, date) {
      const item = await queryFirst(doc, {
        TableName: tableName,
        // No item's sort key equals the upper bound exactly, so BETWEEN is "strictly before".
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
        ExpressionAttributeValues: { ':pk': keys.unitReturns(providerId), ':low': keys.returnsPrefix, ':high': keys.returnsBefore(date) },
        ScanIndexForward: false,
      });
      return item ? returnOf(item) : null;
    },
    async currentForDay(date, localityId) {
      return (await currentItems(date, localityId)).map(recordOf);
    },
    async unitDays(dates, localityId) {
      const perDay = await mapLimit(dates, DAYS_IN_FLIGHT, async (date) => {
        const { pk, skPrefix } = keys.currentOfDay(date, localityId);
        const items = await queryAll(doc, {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          // Only the unit's day: not its lines, note or warnings' text.
          ProjectionExpression: 'unitDay',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        });
        return items.map((i) => i.unitDay as UnitDay);
      });
      return perDay.flat();
    },
  };
  return { repo, newestVersionItem, currentItems };
}

export type ReturnsReads = ReturnType<typeof returnsRepo>;
