import { unitDayOf, type Provider, type ReturnVersion, type Sector } from '#domain';
import { keys, type Entity, type Key } from './keys';
import type { Item } from './query';
import type { PlacedUnit } from './sums-parts';
import type { Placement, ReturnRecord } from './types';

/**
 * Attributes only the table needs; never part of a domain object. `auditRef`: the audit entry of
 * the admin change that wrote the item; `wb`, `wt`: a saved version's keys in the `writes` index.
 */
const KEY_ATTRIBUTES = ['pk', 'sk', 'entity', 'sv', 'auditRef', 'wb', 'wt'] as const;

/**
 * The layout an item was written in. 2: per-unit deltas into date x locality x sector sums
 * (issue 7); items without `sv` are schema 1 and are brought forward by `npm run migrate`.
 */
export const SCHEMA_VERSION = 2;

const without = (item: Item, names: readonly string[]): Item =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !names.includes(k)));

export const itemOf = <T extends object>(key: Key, entity: Entity, value: T): Item & Key => ({ ...key, entity, sv: SCHEMA_VERSION, ...value });

/** Strip the table's attributes from an item. */
export const valueOf = <T>(item: Item): T => without(item, KEY_ATTRIBUTES) as T;

export const versionItem = (rec: ReturnRecord, writeId: string) =>
  itemOf(keys.version(rec.providerId, rec.date, rec.version), 'return', { ...rec, writeId });

/** The per-day current item: the whole return for drill-down, and its `unitDay` for the views that list units. */
export const currentItem = (rec: ReturnRecord) =>
  itemOf(keys.current(rec.date, rec.localityId, rec.providerId), 'current', { ...rec, unitDay: unitDayOf(rec, rec) });

/** A version or current item as the domain's ReturnVersion. */
export const returnOf = (item: Item): ReturnVersion =>
  without(item, [...KEY_ATTRIBUTES, 'writeId', 'localityId', 'sector', 'sumsPart', 'unitDay']) as unknown as ReturnVersion;

/** Where a version or current item is summed. */
export const placementOf = (item: Item): Placement => ({
  localityId: item.localityId as string,
  sector: item.sector as Sector,
  ...(typeof item.sumsPart === 'number' && item.sumsPart > 0 ? { sumsPart: item.sumsPart } : {}),
});

/** A unit's register item: the unit, and apart from it the part of the sums its new dates go to (sums-parts.ts). */
export const providerItem = (provider: Provider, sumsPart: number) =>
  itemOf(keys.provider(provider.providerId), 'provider', { ...provider, ...(sumsPart > 0 ? { sumsPart } : {}) });
export const providerOf = (item: Item): Provider => without(item, [...KEY_ATTRIBUTES, 'sumsPart']) as unknown as Provider;
export const placedUnitOf = (item: Item): PlacedUnit & { sumsPart: number } => ({
  providerId: item.providerId as string,
  localityId: item.localityId as string,
  sector: item.sector as Sector,
  sumsPart: (item.sumsPart as number | undefined) ?? 0,
});

/** A version or current item as a ReturnRecord (where the unit sat that day). */
export const recordOf = (item: Item): ReturnRecord => without(item, [...KEY_ATTRIBUTES, 'writeId', 'unitDay']) as unknown as ReturnRecord;
