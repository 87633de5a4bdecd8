import type { AuditEntry } from '#domain/audit';
import type { LocalityDay, LocalityTotals, Locality, Measure, Person, Provider, ReturnVersion, Sector, Thresholds, UnitDay } from '#domain';
import type { Distribution } from '#domain/views/comparison';
import type { ComparedUnit, CountedUnit } from '#domain/views/like-for-like';
import type { SectorOrFamily } from '#domain/views/scope';

/**
 * Where a unit's return of a date is summed: its locality and sector that day, and the part of
 * their sums (functions/store/sums-parts.ts; absent for part 0). Every version of a date keeps
 * the first version's place, so an amendment replaces what was counted instead of adding to
 * another place's sums.
 */
export interface Placement {
  localityId: string;
  sector: Sector;
  sumsPart?: number;
}

/** A return as kept in the per-day current view: denormalised with where the unit sits. */
export interface ReturnRecord extends ReturnVersion, Placement {}

export type SaveOutcome =
  | { saved: true; ret: ReturnVersion }
  /** Someone else wrote this version number first: nothing of ours was written. */
  | { saved: false; current: ReturnVersion };

/**
 * Everything the API needs from storage. One DynamoDB adapter implements it
 * (functions/store/dynamo-store.ts); the API never imports @aws-sdk.
 * Every method throws StoreUnavailableError when DynamoDB stays unreachable after retries.
 */
export interface Store {
  /** Cheap read proving the table is reachable. */
  ping(): Promise<void>;

  listLocalities(): Promise<Locality[]>;
  /**
   * The puts an admin makes take their audit entry: the change and its entry are both made or
   * neither shows (see audit-repo). A change of the same record by someone else in the same
   * moment throws ConcurrentChangeError and writes nothing.
   */
  putLocality(locality: Locality, audit?: AuditEntry): Promise<void>;
  listProviders(): Promise<Provider[]>;
  getProvider(providerId: string): Promise<Provider | null>;
  putProvider(provider: Provider, audit?: AuditEntry): Promise<void>;
  /** Many units at once (a register load), for units nobody else is changing at the moment. */
  putProviders(providers: readonly Provider[]): Promise<void>;
  /** Many units changed by an admin at once (a register import), each with its own audit entry as putProvider; the register's stamp raised once, after them all. */
  putProvidersAudited(changes: readonly { provider: Provider; audit: AuditEntry }[]): Promise<void>;

  /** The units a user belongs to, kept server-side and managed by admins. */
  unitsOf(subject: string): Promise<string[]>;
  setUnitsOf(subject: string, providerIds: string[]): Promise<void>;

  /** One Query of the user's partition at sign-in: their profile (null when not in the directory) and units. */
  identityOf(subject: string): Promise<{ person: Person | null; providerIds: string[] }>;
  getPerson(subject: string): Promise<Person | null>;
  /** `email` as emailSchema leaves it (trimmed, lower case). */
  personByEmail(email: string): Promise<Person | null>;
  /**
   * Create or update a person: profile, units (memberships) and directory entry. An e-mail
   * address held by someone else is refused and nothing is written.
   */
  putPerson(person: Person, audit?: AuditEntry): Promise<{ saved: true } | { saved: false; emailTakenBy: string }>;
  /** Everyone in the directory, by name. */
  listPeople(): Promise<Person[]>;
  /**
   * At most `limit` people by e-mail address, after the address given: one Query, whatever
   * the size of the directory. `next` is the last address when more follow.
   */
  peoplePage(after: string | undefined, limit: number): Promise<{ people: Person[]; next: string | null }>;

  /** Newest version of a unit's return for a date (strongly consistent), or null. */
  currentReturn(providerId: string, date: string): Promise<ReturnVersion | null>;
  /**
   * What a submission reads, in one Query: the newest version of `date` (strongly consistent),
   * and the newest version of each date in [from, date), oldest date first.
   */
  currentWithHistory(
    providerId: string,
    from: string,
    date: string,
  ): Promise<{ current: ReturnVersion | null; placement: Placement | null; history: ReturnVersion[] }>;
  /** Every version, oldest first. */
  versions(providerId: string, date: string): Promise<ReturnVersion[]>;
  /** The newest version for each date in [from, to], oldest date first. */
  returnsInRange(providerId: string, from: string, to: string): Promise<ReturnVersion[]>;
  /** The unit's most recent return strictly before `date`, or null. */
  latestReturnBefore(providerId: string, date: string): Promise<ReturnVersion | null>;

  /**
   * The write path: an immutable version (attribute_not_exists), then the per-day current
   * view (version only grows), then the unit's difference added to its date x locality x
   * sector sums under a guard naming only that unit. A lost response retried by the SDK is
   * recognised as our own write.
   */
  saveVersion(ret: ReturnVersion, where: Placement, auditRef?: string): Promise<SaveOutcome>;
  /** Where a unit's first return of a date is summed: its place in the register now. */
  placementOf(provider: Pick<Provider, 'providerId' | 'localityId' | 'sector'>): Promise<Placement>;
  /** Finish steps 2-3 for the newest version of one unit and date (idempotent). */
  repair(providerId: string, date: string): Promise<void>;
  /** Finish every write that was cut off half way. Run on a schedule; never on a request path. */
  reconcile(): Promise<{ repaired: number }>;

  /** Current returns of one service date, optionally of one locality (one Query each). */
  currentForDay(date: string, localityId?: string): Promise<ReturnRecord[]>;
  /** The sums of the given dates, of every locality or one (one Query per date). Nothing per unit. */
  aggregates(dates: readonly string[], localityId?: string, age?: ReadAge): Promise<LocalityDay[]>;
  /**
   * The whole system's sums of each date (one LocalityDay a date, localityId '*'): from the
   * date's rollup while it is current, else summed live. Nothing per locality or unit.
   */
  systemDays(dates: readonly string[], age?: ReadAge): Promise<LocalityDay[]>;
  /**
   * The whole system's totals over each sector filter asked for, on each date where a unit
   * reported: from the dates' totals rollup while current (one item of about 400 bytes a date),
   * else summed live. For trends by family.
   */
  systemTotals(dates: readonly string[], filters: readonly SectorOrFamily[], age?: ReadAge): Promise<Map<SectorOrFamily, LocalityTotals[]>>;
  /**
   * Each locality's totals over the sectors of `sector` (all when omitted) on each date, of
   * every locality or one, only where a unit reported: from the dates' locality rollups while
   * current (one small item a date), else summed live. For views by locality over many days.
   */
  localityTotals(dates: readonly string[], sector?: SectorOrFamily, localityId?: string, age?: ReadAge): Promise<LocalityTotals[]>;
  /** Build the rollups of the dates given that are missing or stale; off the request path. */
  rollUp(dates: readonly string[]): Promise<number>;
  /**
   * The whole system's sums of a date and the units they count (by sector and the version
   * counted), from one read: an open date's may be this process's short-kept one.
   */
  countedOn(date: string, age?: ReadAge): Promise<{ days: readonly LocalityDay[]; counted: readonly CountedUnit[] }>;
  /** The staffing totals of the versions given of a date (BatchGetItem, 100 a request), each with the sector given. */
  countedTotals(date: string, units: readonly CountedUnit[]): Promise<ComparedUnit[]>;
  /** Each reporting unit's day for the given dates, of every locality or one (one Query per date). */
  unitDays(dates: readonly string[], localityId?: string, age?: ReadAge): Promise<UnitDay[]>;
  /**
   * Off the request path: for the dates whose figures changed since last gathered (newest
   * first, at most `limit`), each sector's spread of every compared measure across the whole
   * system, from every unit's day of the date. Answers how many of them any unit reported on.
   */
  gatherPeers(dates: readonly string[], limit?: number): Promise<number>;
  /**
   * One sector's whole-system spread for each closed date where it is current (gathered under
   * the date's change count): two Queries.
   */
  peerDistributions(sector: Sector, dates: readonly string[]): Promise<Map<string, Partial<Record<Measure, Distribution>>>>;

  /**
   * Add entries that only report changes already made and recorded by their own entries (a
   * register import's summary). Every change itself is recorded with it: the `audit` argument
   * of the puts above, or beginAudit/endAudit around a return's write.
   */
  appendAudit(entries: AuditEntry[]): Promise<void>;
  /**
   * Before writing returns as an admin change: the entry, pending, naming the versions that
   * will show the change was made, each saved with the ticket's id. It shows in the trail once
   * any of them is in the table with that id.
   */
  beginAudit(entry: AuditEntry, versions: VersionEvidence[]): Promise<AuditTicket>;
  /** After the writes: the entry as made, or null when nothing was written (the entry goes). */
  endAudit(ticket: AuditTicket, made: AuditEntry | null): Promise<void>;
  /**
   * Audit entries made between two ISO instants (inclusive), oldest first: every change made,
   * and no entry of a change that was not (a pending entry shows once its change is found).
   */
  listAudit(from: string, to: string): Promise<AuditEntry[]>;
  /** The layout the table is in: 1 until `migrate` has run (a new table is marked by its first migrate, which finds nothing). */
  schemaVersion(): Promise<number>;
  /** Bring a schema-1 table to the current layout; safe to run again after a cut-off. */
  migrate(onProgress?: (done: number, total: number) => void): Promise<{ days: number; items: number }>;

  getThresholds(): Promise<Thresholds | null>;
  putThresholds(thresholds: Thresholds, audit?: AuditEntry): Promise<void>;

  /**
   * Bulk load for demo data into an empty range: batch writes, then the touched sums rebuilt,
   * and those of `resum` too (a load stopped and begun again: its returns may all be there).
   */
  loadReturns(
    records: ReturnRecord[],
    onProgress?: (done: number, total: number) => void,
    resum?: readonly { date: string; localityId: string }[],
  ): Promise<void>;
}

/** A version of a unit's return that an admin change may write, saved with the entry's ticket id (saveVersion's auditRef). */
export interface VersionEvidence {
  providerId: string;
  date: string;
  version: number;
}

/** Where a pending audit entry is. */
export interface AuditTicket {
  at: string;
  id: string;
}

/**
 * Handed to a view's reads: they note how old the oldest figures they answered are (only an
 * open date's sums kept briefly in memory are older than the request), so the answer's asAt
 * can say so.
 */
export class ReadAge {
  oldestMs = 0;
  /** `start`: when the request began, by the API's clock. */
  constructor(private readonly start: Date) {}
  saw(ms: number): void {
    this.oldestMs = Math.max(this.oldestMs, ms);
  }
  /** The instant the figures are as at. */
  asAt(): string {
    return new Date(this.start.getTime() - Math.round(this.oldestMs)).toISOString();
  }
}

/** Someone else changed the same record between our read and our write: nothing of ours was written. */
export class ConcurrentChangeError extends Error {
  constructor() {
    super('Someone else changed this a moment ago');
    this.name = 'ConcurrentChangeError';
  }
}

/** DynamoDB stayed unavailable after the SDK's retries: the API answers 503 with Retry-After. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The database is not available at the moment', { cause });
    this.name = 'StoreUnavailableError';
  }
}
