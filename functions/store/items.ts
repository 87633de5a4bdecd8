import type { LocalityDay, ReturnVersion } from '#domain';
import { keys, type Entity, type Key } from './keys';
import type { Item } from './query';
import type { ReturnRecord } from './types';

/** Attributes only the table needs; never part of a domain object. */
const KEY_ATTRIBUTES = ['pk', 'sk', 'entity'] as const;

const without = (item: Item, names: readonly string[]): Item =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !names.includes(k)));

export const itemOf = <T extends object>(key: Key, entity: Entity, value: T): Item & Key => ({ ...key, entity, ...value });

/** Strip the table's attributes from an item. */
export const valueOf = <T>(item: Item): T => without(item, KEY_ATTRIBUTES) as T;

export const versionItem = (rec: ReturnRecord, writeId: string) =>
  itemOf(keys.version(rec.providerId, rec.date, rec.version), 'return', { ...rec, writeId });

export const currentItem = (rec: ReturnRecord) =>
  itemOf(keys.current(rec.date, rec.localityId, rec.providerId), 'current', rec);

export const aggregateItem = (agg: LocalityDay) => itemOf(keys.aggregate(agg.localityId, agg.date), 'aggregate', agg);

/** A version or current item as the domain's ReturnVersion. */
export const returnOf = (item: Item): ReturnVersion => without(item, [...KEY_ATTRIBUTES, 'writeId', 'localityId', 'sector']) as unknown as ReturnVersion;

/** A version or current item as a ReturnRecord (where the unit sat that day). */
export const recordOf = (item: Item): ReturnRecord => without(item, [...KEY_ATTRIBUTES, 'writeId']) as unknown as ReturnRecord;
