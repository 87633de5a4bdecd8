/**
 * Every key of the table is built here and nowhere else (ElectroDB's discipline): an entity
 * prefix in every key, composite keys joined from ordered parts. `#` never occurs in ids
 * (they are slugs) or ISO dates, so parts cannot run into each other.
 */

export type Entity =
  | 'locality'
  | 'provider'
  | 'membership'
  | 'person'
  | 'directory'
  | 'return'
  | 'current'
  | 'aggregate'
  | 'shard'
  | 'rollup'
  | 'locality-rollup'
  | 'system-totals'
  | 'locality-units'
  | 'peers'
  | 'settings'
  | 'audit';

export interface Key {
  pk: string;
  sk: string;
}

const join = (...parts: (string | number)[]) => parts.join('#');

/** Version numbers sort as text in a sort key, so they are zero-padded. */
const VERSION_WIDTH = 6;
const padVersion = (version: number) => String(version).padStart(VERSION_WIDTH, '0');

/** Sorts after every version suffix of a date: the upper bound of a range over dates. */
const AFTER_ALL = '~';

const REGISTER = 'REGISTER';

/** An ISO instant cut to its day (UTC): `2026-12-04`. */
export const DAY_WIDTH = 10;
/** Partitions of the `writes` index per day: 4 x 1,000 writes a second before DynamoDB throttles one. */
const WRITE_SHARDS = 4;
const shardOf = (providerId: string) => {
  let h = 0;
  for (const c of providerId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % WRITE_SHARDS;
};
const writeBucket = (day: string, shard: number) => join('WRITES', day, shard);

export const keys = {
  locality: (localityId: string): Key => ({ pk: REGISTER, sk: join('LOCALITY', localityId) }),
  localityPrefix: join('LOCALITY', ''),
  provider: (providerId: string): Key => ({ pk: REGISTER, sk: join('PROVIDER', providerId) }),
  providerPrefix: join('PROVIDER', ''),
  register: REGISTER,
  /** Raised by every change of a unit, so readers know when the units they keep are stale. */
  registerStamp: (): Key => ({ pk: 'SETTINGS', sk: 'REGISTER-STAMP' }),

  membership: (subject: string, providerId: string): Key => ({ pk: join('USER', subject), sk: join('UNIT', providerId) }),
  memberships: (subject: string) => ({ pk: join('USER', subject), skPrefix: join('UNIT', '') }),
  /** A person's profile sits beside their memberships: one Query of the user's partition reads both. */
  person: (subject: string): Key => ({ pk: join('USER', subject), sk: 'PROFILE' }),
  userPartition: (subject: string) => join('USER', subject),
  /** The directory: one entry per e-mail address, listed by one Query. */
  directoryEntry: (email: string): Key => ({ pk: 'PEOPLE', sk: join('EMAIL', email) }),
  directory: { pk: 'PEOPLE', skPrefix: join('EMAIL', '') },

  version: (providerId: string, date: string, version: number): Key => ({
    pk: join('UNIT', providerId),
    sk: join('RETURN', date, 'V', padVersion(version)),
  }),
  unitReturns: (providerId: string) => join('UNIT', providerId),
  /** All versions of one date: begins_with this. */
  versionsOfDay: (date: string) => join('RETURN', date, 'V', ''),
  /** The sort-key range covering every version of every date in [from, to]. */
  returnsBetween: (from: string, to: string) => ({ low: join('RETURN', from), high: join('RETURN', to, AFTER_ALL) }),
  returnsPrefix: join('RETURN', ''),
  /** Sort keys strictly below this belong to dates before `date`. */
  returnsBefore: (date: string) => join('RETURN', date),

  current: (date: string, localityId: string, providerId: string): Key => ({
    pk: join('DAY', date),
    sk: join('CURRENT', localityId, providerId),
  }),
  currentOfDay: (date: string, localityId?: string) => ({
    pk: join('DAY', date),
    skPrefix: localityId === undefined ? join('CURRENT', '') : join('CURRENT', localityId, ''),
  }),

  /**
   * One part of the sums of a date x locality x sector (schema 2): one partition per date, read
   * by one Query. Part 0 has the key the sums had before they were split (functions/store/sums-parts.ts).
   */
  shard: (date: string, localityId: string, sector: string, part = 0): Key => ({
    pk: join('SUMS', date),
    sk: part === 0 ? join('SHARD', localityId, sector) : join('SHARD', localityId, sector, part),
  }),
  shardsOfDay: (date: string, localityId?: string) => ({
    pk: join('SUMS', date),
    skPrefix: localityId === undefined ? join('SHARD', '') : join('SHARD', localityId, ''),
  }),

  /** How often the sums of a date changed: rollups built under an older count are not used. */
  changes: (date: string): Key => ({ pk: 'CHANGES', sk: date }),
  changesPartition: 'CHANGES',
  /** The whole system's sums of a date, by sector (functions/store/rollups.ts). */
  rollup: (date: string): Key => ({ pk: 'ROLLUP', sk: date }),
  rollupPartition: 'ROLLUP',
  /** The whole system's totals of a date over every sector filter: one small item a date. */
  systemTotals: (date: string): Key => ({ pk: 'TOTALS', sk: date }),
  systemTotalsPartition: 'TOTALS',
  /** Each locality's totals of a date over one sector filter (a sector, a family or 'all'): one partition per filter, read by date range. */
  localityRollup: (filter: string, date: string): Key => ({ pk: join('LOCALITIES', filter), sk: date }),
  localityRollupPartition: (filter: string) => join('LOCALITIES', filter),
  /** Part `part` of one locality's unit days of a closed date (functions/store/unit-rollups.ts): one partition per locality, read by date range. */
  localityUnits: (localityId: string, date: string, part: number): Key => ({ pk: join('UNITS', localityId), sk: join(date, part) }),
  localityUnitsBetween: (localityId: string, from: string, to: string) => ({ pk: join('UNITS', localityId), low: from, high: join(to, AFTER_ALL) }),
  /** The whole system's spread of each measure for one sector and date (functions/store/peers-repo.ts): one partition per sector. */
  peers: (sector: string, date: string): Key => ({ pk: join('PEERS', sector), sk: date }),
  peersPartition: (sector: string) => join('PEERS', sector),
  /** The change count a date's peer figures were gathered under, written after them. */
  peersGathered: (date: string): Key => ({ pk: 'PEERS-GATHERED', sk: date }),
  peersGatheredPartition: 'PEERS-GATHERED',

  /** Schema 1 (before issue 7): one item per locality and date with every unit inside. Read only by the migration. */
  legacyAggregate: (localityId: string, date: string): Key => ({ pk: join('AGG', localityId), sk: join('DAY', date) }),

  /**
   * Where a saved version is listed in the `writes` index (table.ts): by the day (UTC) it was
   * written, in one of WRITE_SHARDS partitions by unit, so a national morning's saves do not
   * all land on one partition of the index. `wt` is the instant, then the unit and date, so
   * reconcile reads a span of time with one Query per day and shard.
   */
  written: (providerId: string, date: string, at: string) => ({
    wb: writeBucket(at.slice(0, DAY_WIDTH), shardOf(providerId)),
    wt: join(at, providerId, date),
  }),
  /** Every `wb` of the day `day` (an ISO instant cut to the day). */
  writeBucketsOf: (day: string) => Array.from({ length: WRITE_SHARDS }, (_, shard) => writeBucket(day, shard)),
  /** The `wt` bounds of the instants in (from, to]: a run that stopped at `from` read it. */
  writtenBetween: (from: string, to: string) => ({ low: join(from, AFTER_ALL), high: join(to, AFTER_ALL) }),
  /** How far the reconcile job has checked the `writes` index. */
  reconciled: (): Key => ({ pk: 'SETTINGS', sk: 'RECONCILED' }),

  /** Markers of saves in flight, written before storage layout 3 (write-path.ts). Only reconcile reads them, to finish any left. */
  legacyPending: (providerId: string, date: string): Key => ({ pk: 'PENDING', sk: join(providerId, date) }),
  legacyPendingPartition: 'PENDING',

  thresholds: (): Key => ({ pk: 'SETTINGS', sk: 'THRESHOLDS' }),

  /** Audit entries by month of the change, sorted by instant (an id keeps two in one millisecond apart). */
  audit: (at: string, id: string): Key => ({ pk: join('AUDIT', at.slice(0, 7)), sk: join(at, id) }),
  auditMonth: (month: string) => join('AUDIT', month),
  /** The layout the table has been brought to (functions/store/migrate.ts). */
  schema: (): Key => ({ pk: 'SETTINGS', sk: 'SCHEMA' }),
} as const;

