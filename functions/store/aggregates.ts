import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeItems } from './bulk-load';
import { FIGURE_KEYS, deltaOf, figuresOf, localityDayOf, sumFigures, type Figures, type LocalityDay, type Sector } from '#domain';
import type { CountedUnit } from '#domain/views/like-for-like';
import { isConditionFailed } from './errors';
import { SCHEMA_VERSION, itemOf } from './items';
import { keys } from './keys';
import { queryAll, type Item } from './query';
import { dayCache, type DayCacheOptions } from './day-cache';
import { ALL_LOCALITIES, changeCounts, isClosed } from './rollups';
import { StoreUnavailableError, type ReadAge, type ReturnRecord } from './types';

/**
 * Rounds of "the applied version was not the one I thought": each round learns the applied
 * version, so only the same unit's own writers (a retry racing itself) ever cause a second.
 */
const MAX_ROUNDS = 8;

/** The attribute holding the version of a unit counted in a shard: the guard of its deltas. */
const GUARD_PREFIX = 'v.';
const guardOf = (providerId: string) => `${GUARD_PREFIX}${providerId}`;

/** ProjectionExpression of every figure: most reads never need the guards (a fifth of today's whole read's time nationally). */
const FIGURES_PROJECTION = (() => {
  const names: Record<string, string> = { '#date': 'date', '#loc': 'localityId', '#sector': 'sector' };
  FIGURE_KEYS.forEach((k, i) => (names[`#f${i}`] = k));
  return { expression: Object.keys(names).join(', '), names };
})();

const figuresIn = (item: Item): Figures =>
  Object.fromEntries(FIGURE_KEYS.filter((k) => typeof item[k] === 'number').map((k) => [k, item[k] as number]));
/** Each unit a shard counts, by the version counted. */
const countedIn = (item: Item): Record<string, number> =>
  Object.fromEntries(Object.entries(item).filter(([k]) => k.startsWith(GUARD_PREFIX)).map(([k, v]) => [k.slice(GUARD_PREFIX.length), v as number]));

/** What a unit's version contributed, where it was counted. */
export interface Counted {
  version: number;
  figures: Figures;
}

/**
 * The date x locality x sector sums (architecture.md "Storage", issue 7). A unit's return
 * goes in as the difference from what was counted for it before, with ONE UpdateItem whose
 * condition names only that unit's guard (`v.<unit>` = the version counted): units never
 * contend with each other, and the cost does not depend on how many units share the shard.
 * Figures are whole hundredths, so any order of deltas gives the same exact sums.
 */
export function sumsRepo(
  doc: DynamoDBDocumentClient,
  tableName: string,
  versionFigures: (providerId: string, date: string, version: number) => Promise<Figures | null>,
  opts: DayCacheOptions = {},
) {
  const openDays = dayCache<ShardFigures[]>(opts.openDayCacheMs ?? 0);
  /** The same with the guards, kept as long (a closed date: while its change count stands): only a like-for-like summary reads it. */
  const openCounted = dayCache<ShardFigures[]>(opts.openDayCacheMs ?? 0);
  const forget = (date: string) => {
    openDays.forget(date);
    openCounted.forget(date);
  };
  /**
   * What is made from a read of the sums, kept while that read is: today's whole-system read is
   * shared by every view for half a minute (openDayCache), and making its 150 localities' days,
   * or the system's day, again per request took a third of the locality x staff-group heatmap's
   * time at national scale. Frozen, as every request then shares them.
   */
  const madeFrom = <T>(make: (date: string, shards: readonly ShardFigures[]) => T) => {
    const kept = new WeakMap<readonly ShardFigures[], T>();
    return (date: string, shards: readonly ShardFigures[]): T => {
      if (!kept.has(shards)) kept.set(shards, deepFreeze(make(date, shards)));
      return kept.get(shards)!;
    };
  };
  const localityDaysOf = madeFrom((date, shards): readonly LocalityDay[] => {
    const byLocality = new Map<string, { sector: Sector; figures: Figures }[]>();
    for (const s of shards) byLocality.set(s.localityId, [...(byLocality.get(s.localityId) ?? []), s]);
    return [...byLocality].map(([loc, parts]) => localityDayOf(date, loc, parts));
  });
  const systemDayOf = madeFrom((date, shards): LocalityDay => localityDayOf(date, ALL_LOCALITIES, shards));
  const countedUnitsOf = madeFrom((_date, shards): readonly CountedUnit[] =>
    shards.flatMap((s) => Object.entries(s.counted ?? {}).map(([providerId, version]) => ({ providerId, sector: s.sector, version }))),
  );

  /** One guarded delta: false when the unit's counted version was not `from`. */
  const tryApply = async (rec: ReturnRecord, from: Counted | null, figures: Figures): Promise<boolean> => {
    const delta = deltaOf(from?.figures ?? {}, figures);
    const names: Record<string, string> = { '#v': guardOf(rec.providerId), '#date': 'date', '#loc': 'localityId', '#sector': 'sector', '#entity': 'entity', '#sv': 'sv' };
    const values: Record<string, unknown> = {
      ':version': rec.version,
      ':date': rec.date,
      ':loc': rec.localityId,
      ':sector': rec.sector,
      ':entity': 'shard',
      ':sv': SCHEMA_VERSION,
    };
    const adds = Object.entries(delta).map(([key, d], i) => {
      names[`#d${i}`] = key;
      values[`:d${i}`] = d;
      return `#d${i} :d${i}`;
    });
    if (from) values[':from'] = from.version;
    try {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.shard(rec.date, rec.localityId, rec.sector, rec.sumsPart),
          UpdateExpression: `SET #v = :version, #date = :date, #loc = :loc, #sector = :sector, #entity = :entity, #sv = :sv${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
          ConditionExpression: from ? '#v = :from' : 'attribute_not_exists(#v)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  };

  /** The version of a unit counted in its shard, 0 for none (strongly consistent). */
  const countedVersion = async (rec: CountedWhere): Promise<number> => {
    const out = await doc.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.shard(rec.date, rec.localityId, rec.sector, rec.sumsPart),
        ProjectionExpression: '#v',
        ExpressionAttributeNames: { '#v': guardOf(rec.providerId) },
        ConsistentRead: true,
      }),
    );
    return (out.Item?.[guardOf(rec.providerId)] as number | undefined) ?? 0;
  };

  const touch = async (date: string): Promise<void> => {
    await doc.send(
      new UpdateCommand({ TableName: tableName, Key: keys.changes(date), UpdateExpression: 'ADD changes :one', ExpressionAttributeValues: { ':one': 1 } }),
    );
  };

  /**
   * The stored sums of one date, of every locality or one: one Query, figures only; `withGuards`
   * reads the whole items, whose guards say which units the figures count (and which version):
   * a like-for-like comparison needs both from one read.
   */
  async function readDay(date: string, localityId?: string, withGuards = false): Promise<ShardFigures[]> {
    const { pk, skPrefix } = keys.shardsOfDay(date, localityId);
    const items = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ...(withGuards ? {} : { ProjectionExpression: FIGURES_PROJECTION.expression, ExpressionAttributeNames: FIGURES_PROJECTION.names }),
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    });
    return items.map((item) => ({
      localityId: item.localityId as string,
      sector: item.sector as Sector,
      figures: figuresIn(item),
      ...(withGuards ? { counted: countedIn(item) } : {}),
    }));
  }

  /**
   * The sums of one date, of every locality or one. An open date's whole-system read may come
   * from this process's short cache (see openDayCache); `age` then learns how old it is.
   */
  async function figuresOfDay(date: string, localityId?: string, age?: ReadAge): Promise<ShardFigures[]> {
    const cached = openDays.get(date, null, age);
    if (cached) return localityId === undefined ? cached : (await cached).filter((s) => s.localityId === localityId);
    if (localityId !== undefined || isClosed(date)) return readDay(date, localityId);
    return openDays.keep(date, readDay(date));
  }

  return {
    /**
     * Count `rec` in its shard in place of what was counted for its unit. `guess` is what the
     * caller believes is counted (the current item it replaced; 'unknown' reads it first); when wrong, the counted version
     * is read and its figures taken from its immutable version item. A counted version at or
     * past `rec.version` means there is nothing to do: a retry, or a newer version got there first.
     */
    async apply(rec: ReturnRecord, guess: Counted | null | 'unknown'): Promise<void> {
      const figures = figuresOf(rec);
      let from = guess === 'unknown' ? undefined : guess;
      for (let round = 0; round < MAX_ROUNDS; round++) {
        if (from && from.version >= rec.version) return;
        if (from !== undefined && (await tryApply(rec, from, figures))) return forget(rec.date);
        const counted = await countedVersion(rec);
        if (counted >= rec.version) return;
        if (counted === 0) from = null;
        else {
          const f = await versionFigures(rec.providerId, rec.date, counted);
          if (!f) throw new Error(`version ${counted} of ${rec.providerId} ${rec.date} is counted but not stored`);
          from = { version: counted, figures: f };
        }
      }
      throw new StoreUnavailableError(new Error(`sums of ${rec.localityId} ${rec.sector} ${rec.date} kept changing for ${rec.providerId}`));
    },

    /**
     * Write the shards of one date and locality from its current records, overwriting: for bulk
     * loads into a range nobody else is writing, and the migration.
     */
    async rebuild(date: string, localityId: string, records: readonly ReturnRecord[]): Promise<number> {
      const byPart = new Map<string, ReturnRecord[]>();
      for (const r of records) {
        const part = `${r.sector}|${r.sumsPart ?? 0}`;
        byPart.set(part, [...(byPart.get(part) ?? []), r]);
      }
      const items = [...byPart.values()].map((recs) =>
        itemOf(keys.shard(date, localityId, recs[0].sector, recs[0].sumsPart), 'shard', {
          date,
          localityId,
          sector: recs[0].sector,
          ...sumFigures(recs.map(figuresOf)),
          ...Object.fromEntries(recs.map((r) => [guardOf(r.providerId), r.version])),
        }),
      );
      // One BatchWriteItem for the sectors of a locality (unconditional puts, as the rebuild is).
      await writeItems(doc, tableName, items);
      forget(date);
      await touch(date);
      return byPart.size;
    },

    figuresOfDay,

    /** The LocalityDays of one date, of every locality or one: one Query, figures only. */
    async ofDay(date: string, localityId?: string, age?: ReadAge): Promise<readonly LocalityDay[]> {
      return localityDaysOf(date, await figuresOfDay(date, localityId, age));
    },

    /** The whole system's figures of one date summed live from its sums, as one LocalityDay (localityId ALL_LOCALITIES). */
    async systemDay(date: string, age?: ReadAge): Promise<LocalityDay> {
      return systemDayOf(date, await figuresOfDay(date, undefined, age));
    },

    /**
     * The whole system's sums of one date and the units they count, from ONE read (an open
     * date's may be this process's short-kept one): what a like-for-like comparison subtracts from.
     */
    async countedOn(date: string, age?: ReadAge): Promise<{ days: readonly LocalityDay[]; counted: readonly CountedUnit[] }> {
      // A closed date is kept while its change count stands, as its unit days are (exact: every save for it raises the count).
      const count = isClosed(date) && openCounted.keeps ? ((await changeCounts(doc, tableName, date, date)).get(date) ?? 0) : null;
      const shards = await openCounted.through(date, count, age, () => readDay(date, undefined, true));
      return { days: localityDaysOf(date, shards), counted: countedUnitsOf(date, shards) };
    },

    /**
     * After a save's delta (or a rebuild): its date's figures changed. Rollups built under an
     * older count are no longer used (functions/store/rollups.ts).
     */
    touch,
    /** The version of a unit counted for a date, 0 for none: what reconcile checks a saved version against. */
    countedVersion,
  };
}

/** Which unit's guard, in which part of the sums: a version's own placement. */
type CountedWhere = Pick<ReturnRecord, 'providerId' | 'date' | 'localityId' | 'sector' | 'sumsPart'>;

export type SumsRepo = ReturnType<typeof sumsRepo>;

interface ShardFigures {
  localityId: string;
  sector: Sector;
  figures: Figures;
  /** The units counted, by the version counted (the guards): only in a read `withGuards`. */
  counted?: Record<string, number>;
}

/** Freezes an object and everything in it: shared views of the sums must never be changed in place. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
