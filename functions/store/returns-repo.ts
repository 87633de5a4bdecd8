import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sumLines, type ReturnVersion, type StaffingLine, type StaffingTotals, type UnitDay } from '#domain';
import { LRUCache } from 'lru-cache';
import { dayCache, type DayCacheOptions } from './day-cache';
import { placementOf, recordOf, returnOf } from './items';
import { keys } from './keys';
import { getAll, mapLimit, queryAll, queryFirst, queryRange, type Item } from './query';
import { changeCounts, isClosed } from './rollups';
import { unitRollups } from './unit-rollups';

/** Queries of one date each run this many at a time: enough to overlap, few enough not to queue sockets. */
export const DAYS_IN_FLIGHT = 8;
/** Versions whose totals a process keeps: a day's units not in common nationally are a few thousand, at about 200 bytes each. */
const VERSION_TOTALS_KEPT = 50_000;
import type { Store } from './types';

type ReturnsRepo = Pick<
  Store,
  'currentReturn' | 'currentWithHistory' | 'versions' | 'returnsInRange' | 'latestReturnBefore' | 'currentForDay' | 'unitDays' | 'countedTotals'
>;

/** Reads of versions, the per-day current view and aggregates: every one a strongly consistent Query. */
export function returnsRepo(doc: DynamoDBDocumentClient, tableName: string, opts: DayCacheOptions = {}) {
  /** Every unit's day of a whole date, kept by this process (day-cache.ts): the week-ago date a summary compares like for like. */
  const wholeDays = dayCache<UnitDay[]>(opts.openDayCacheMs ?? 0);
  const kept = unitRollups(doc, tableName);
  /** Staffing totals of versions read by countedTotals, by unit, date and version (a few MB at most: see there). */
  const versionTotals = new LRUCache<string, StaffingTotals>({ max: VERSION_TOTALS_KEPT });

  /** The newest version item of a unit and date, with the table's attributes. */
  const newestVersionItem = (providerId: string, date: string): Promise<Item | null> =>
    queryFirst(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.unitReturns(providerId), ':prefix': keys.versionsOfDay(date) },
      ScanIndexForward: false,
    });

  /** The newest version item of each date in [from, to] of one unit, in date order: one Query. */
  const newestItems = async (providerId: string, from: string, to: string): Promise<Map<string, Item>> => {
    const { low, high } = keys.returnsBetween(from, to);
    const items = await queryRange(doc, tableName, keys.unitReturns(providerId), low, high);
    // Ascending by date then version: the last item seen for a date is its newest version.
    const newest = new Map<string, Item>();
    for (const item of items) newest.set(item.date as string, item);
    return newest;
  };
  const newestByDate = async (providerId: string, from: string, to: string): Promise<Map<string, ReturnVersion>> =>
    new Map([...(await newestItems(providerId, from, to))].map(([date, item]) => [date, returnOf(item)]));

  /** The current items of a day, or of one locality that day; `projection` names the attributes wanted. */
  const currentItems = (date: string, localityId?: string, projection?: string): Promise<Item[]> => {
    const { pk, skPrefix } = keys.currentOfDay(date, localityId);
    return queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ...(projection ? { ProjectionExpression: projection } : {}),
    });
  };
  /** Every unit's day of a date, or of one locality: only the unit's day, not its lines, note or warnings' text. */
  const readUnitDays = async (date: string, localityId?: string): Promise<UnitDay[]> =>
    (await currentItems(date, localityId, 'unitDay')).map((i) => i.unitDay as UnitDay);

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
      return [...(await newestByDate(providerId, from, to)).values()];
    },
    async currentWithHistory(providerId, from, date) {
      const newest = await newestItems(providerId, from, date);
      const current = newest.get(date);
      newest.delete(date);
      return {
        current: current ? returnOf(current) : null,
        placement: current ? placementOf(current) : null,
        history: [...newest.values()].map(returnOf),
      };
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
    async countedTotals(date, units) {
      // The very versions the sums count, not the current ones: a unit that saved since the sums
      // were read must be taken out as it was counted. Versions never change, so what this
      // process has read of them is exact for ever: a summary read again reads none of them again.
      const keyOf = (u: { providerId: string; version: number }) => `${u.providerId}|${date}|${u.version}`;
      const missing = units.filter((u) => !versionTotals.has(keyOf(u)));
      const items = await getAll(doc, tableName, missing.map((u) => keys.version(u.providerId, date, u.version)), 'providerId, version, staffing');
      if (items.length !== missing.length) throw new Error(`${missing.length - items.length} of the versions counted on ${date} are not stored`);
      for (const i of items) versionTotals.set(keyOf(i as { providerId: string; version: number }), sumLines(i.staffing as StaffingLine[]));
      return units.map((u) => ({ providerId: u.providerId, sector: u.sector, totals: versionTotals.get(keyOf(u))! }));
    },
    async currentForDay(date, localityId) {
      return (await currentItems(date, localityId)).map(recordOf);
    },
    async unitDays(dates, localityId, age) {
      if (localityId !== undefined) {
        // A locality's closed dates from its kept unit days where current; the rest (today) live.
        const closed = dates.filter((d) => isClosed(d)).sort();
        const rolled = closed.length > 0 ? await kept.read(localityId, closed[0], closed.at(-1)!) : new Map<string, UnitDay[]>();
        return (await mapLimit(dates, DAYS_IN_FLIGHT, async (d) => rolled.get(d) ?? readUnitDays(d, localityId))).flat();
      }
      // Where a copy may be kept in memory, the closed dates' change counts it is checked against, read once (and handed on).
      const closed = [...dates].filter((d) => isClosed(d)).sort();
      const changes = wholeDays.keeps && closed.length > 0 ? await changeCounts(doc, tableName, closed[0], closed.at(-1)!) : undefined;
      const perDay = await mapLimit(dates, DAYS_IN_FLIGHT, (date) => {
        const count = isClosed(date) && changes ? (changes.get(date) ?? 0) : null;
        // A closed date from each locality's kept unit days where its gathering is current; else, and today, live.
        const read = async () => (isClosed(date) ? await kept.readWhole(date, count ?? undefined) : null) ?? readUnitDays(date);
        // Frozen: one date's kept list is handed out as it is, so a caller may keep what it made from it (the summary does).
        return wholeDays.through(date, count, age, () => read().then((days) => Object.freeze(days) as UnitDay[]));
      });
      return perDay.length === 1 ? perDay[0] : perDay.flat();
    },
  };
  return { repo, newestVersionItem, currentItems, forget: wholeDays.forget };
}

export type ReturnsReads = ReturnType<typeof returnsRepo>;
