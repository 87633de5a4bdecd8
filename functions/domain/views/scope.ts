import type { LocalityDay } from '../aggregate';
import {
  SECTORS,
  SECTOR_FAMILIES,
  isWeekday,
  sectorsIn,
  type Locality,
  type Provider,
  type Sector,
  type SectorFamily,
  type StaffGroup,
} from '../register';

/** A `sector=` filter names one sector or a whole family; either way it becomes a set of sectors. */
export type SectorOrFamily = Sector | SectorFamily;
export const SECTOR_OR_FAMILY = [...new Set<SectorOrFamily>([...SECTORS, ...SECTOR_FAMILIES])];

export function sectorsOf(filter?: SectorOrFamily): Sector[] {
  if (filter === undefined) return [...SECTORS];
  return (SECTOR_FAMILIES as readonly string[]).includes(filter) && !(SECTORS as readonly string[]).includes(filter)
    ? sectorsIn(filter as SectorFamily)
    : [filter as Sector];
}

/** Aggregates looked up by date and locality. */
export class AggregateIndex {
  private readonly byKey = new Map<string, LocalityDay>();
  constructor(days: readonly LocalityDay[]) {
    for (const d of days) this.byKey.set(`${d.date}|${d.localityId}`, d);
  }
  get(date: string, localityId: string): LocalityDay | undefined {
    return this.byKey.get(`${date}|${localityId}`);
  }
  onDate(date: string): LocalityDay[] {
    return [...this.byKey.values()].filter((d) => d.date === date);
  }
}


/** How many units of a group are active on a date, from their sorted first and last days: two binary searches. */
class ActiveCount {
  constructor(
    private readonly froms: string[] = [],
    private readonly tos: string[] = [],
  ) {}
  /** The units of several counts together (each already sorted or not: the result is sorted). */
  static merged(counts: readonly ActiveCount[]): ActiveCount {
    const merged = new ActiveCount(
      counts.flatMap((c) => c.froms),
      counts.flatMap((c) => c.tos),
    );
    merged.sort();
    return merged;
  }
  add(p: Provider): void {
    this.froms.push(p.activeFrom);
    if (p.activeTo !== null) this.tos.push(p.activeTo);
  }
  sort(): void {
    this.froms.sort();
    this.tos.sort();
  }
  /** Active: started on or before `date`, and not ended before it (a unit that ended had started, so it is among the started). */
  on(date: string): number {
    return countUpTo(this.froms, date, true) - countUpTo(this.tos, date, false);
  }
}
/** How many of a sorted list are below x (or equal to it, with `inclusive`): a binary search. */
function countUpTo(sorted: readonly string[], x: string, inclusive: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x || (inclusive && sorted[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Reporters {
  everyDay: ActiveCount;
  weekdays: ActiveCount;
}
interface ExpectedIndex {
  /** By locality ('' for all), ONE sector and staff group ('' for any). */
  bySector: Map<string, Reporters>;
  /** The same over a set of sectors, merged when first asked for (null: no unit). */
  bySectors: Map<string, Reporters | null>;
}

/**
 * A register's units counted by locality ('' for all), sector and staff group ('' for any),
 * each as every-day and weekday-only reporters: made once per register array. Views ask how
 * many units owe a return for every cell and trend point, and scanning 30,000 units each time
 * took seconds at national scale. A set of sectors (a family, or all of them) is merged once
 * and then answered with one lookup: looking up each sector per cell took a third of the
 * national locality x day heatmap's time.
 */
const expectedIndexes = new WeakMap<readonly Provider[], ExpectedIndex>();
const bucketKey = (localityId: string, sector: Sector, staffGroup: string) => `${localityId}|${sector}|${staffGroup}`;
function expectedIndexOf(providers: readonly Provider[]): ExpectedIndex {
  let index = expectedIndexes.get(providers);
  if (!index) {
    const bySector = new Map<string, Reporters>();
    for (const p of providers) {
      // A unit whose last day comes before its first is never expected.
      if (p.activeTo !== null && p.activeTo < p.activeFrom) continue;
      for (const loc of ['', p.localityId])
        for (const group of ['', ...p.staffGroups]) {
          const key = bucketKey(loc, p.sector, group);
          const bucket = bySector.get(key) ?? bySector.set(key, { everyDay: new ActiveCount(), weekdays: new ActiveCount() }).get(key)!;
          (p.reportingDays === 'weekdays' ? bucket.weekdays : bucket.everyDay).add(p);
        }
    }
    for (const bucket of bySector.values()) {
      bucket.everyDay.sort();
      bucket.weekdays.sort();
    }
    index = { bySector, bySectors: new Map() };
    expectedIndexes.set(providers, index);
  }
  return index;
}

function reportersOf(index: ExpectedIndex, localityId: string, sectors: readonly Sector[], staffGroup: string): Reporters | null {
  if (sectors.length === 1) return index.bySector.get(bucketKey(localityId, sectors[0], staffGroup)) ?? null;
  const key = `${localityId}|${sectors.join(',')}|${staffGroup}`;
  let reporters = index.bySectors.get(key);
  if (reporters === undefined) {
    const parts = sectors.flatMap((s) => index.bySector.get(bucketKey(localityId, s, staffGroup)) ?? []);
    reporters =
      parts.length === 0
        ? null
        : { everyDay: ActiveCount.merged(parts.map((r) => r.everyDay)), weekdays: ActiveCount.merged(parts.map((r) => r.weekdays)) };
    index.bySectors.set(key, reporters);
  }
  return reporters;
}

/** How many units owe a return on a date (those isExpectedOn answers true for, counted without visiting each), in some sectors, optionally of one locality and with a line for one staff group. */
export function expectedCount(providers: readonly Provider[], date: string, sectors: readonly Sector[], localityId?: string, staffGroup?: StaffGroup): number {
  const reporters = reportersOf(expectedIndexOf(providers), localityId ?? '', sectors, staffGroup ?? '');
  if (!reporters) return 0;
  return reporters.everyDay.on(date) + (isWeekday(date) ? reporters.weekdays.on(date) : 0);
}

export const localityName = (localities: readonly Locality[], localityId: string) =>
  localities.find((l) => l.localityId === localityId)?.name ?? localityId;

/** Localities in display order (by name), so every view lists them alike. */
export const byName = <T extends { name: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));

/** Units grouped by locality (by name), then sector (in register order), then by name: every unit list reads alike. */
export const unitOrder = (a: { locality: string; sector: Sector; name: string }, b: { locality: string; sector: Sector; name: string }) =>
  a.locality.localeCompare(b.locality, 'en-GB') || SECTORS.indexOf(a.sector) - SECTORS.indexOf(b.sector) || a.name.localeCompare(b.name, 'en-GB');
