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
  private readonly froms: string[] = [];
  private readonly tos: string[] = [];
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
    return atOrBefore(this.froms, date) - before(this.tos, date);
  }
}
/** How many of a sorted list are <= x, and < x. */
const atOrBefore = (sorted: readonly string[], x: string) => bound(sorted, (v) => v <= x);
const before = (sorted: readonly string[], x: string) => bound(sorted, (v) => v < x);
function bound(sorted: readonly string[], below: (v: string) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (below(sorted[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A register's units counted by locality ('' for all), sector and staff group ('' for any),
 * each as every-day and weekday-only reporters: made once per register array. Views ask how
 * many units owe a return for every cell and trend point, and scanning 30,000 units each time
 * took seconds at national scale.
 */
const expectedIndexes = new WeakMap<readonly Provider[], Map<string, { everyDay: ActiveCount; weekdays: ActiveCount }>>();
const bucketKey = (localityId: string, sector: Sector, staffGroup: string) => `${localityId}|${sector}|${staffGroup}`;
function expectedIndexOf(providers: readonly Provider[]) {
  let index = expectedIndexes.get(providers);
  if (!index) {
    index = new Map();
    for (const p of providers) {
      // A unit whose last day comes before its first is never expected.
      if (p.activeTo !== null && p.activeTo < p.activeFrom) continue;
      for (const loc of ['', p.localityId])
        for (const group of ['', ...p.staffGroups]) {
          const key = bucketKey(loc, p.sector, group);
          const bucket = index.get(key) ?? index.set(key, { everyDay: new ActiveCount(), weekdays: new ActiveCount() }).get(key)!;
          (p.reportingDays === 'weekdays' ? bucket.weekdays : bucket.everyDay).add(p);
        }
    }
    for (const bucket of index.values()) {
      bucket.everyDay.sort();
      bucket.weekdays.sort();
    }
    expectedIndexes.set(providers, index);
  }
  return index;
}

/** How many units owe a return on a date (those isExpectedOn answers true for, counted without visiting each), in some sectors, optionally of one locality and with a line for one staff group. */
export function expectedCount(providers: readonly Provider[], date: string, sectors: readonly Sector[], localityId?: string, staffGroup?: StaffGroup): number {
  const index = expectedIndexOf(providers);
  const weekday = isWeekday(date);
  let n = 0;
  for (const sector of sectors) {
    const bucket = index.get(bucketKey(localityId ?? '', sector, staffGroup ?? ''));
    if (bucket) n += bucket.everyDay.on(date) + (weekday ? bucket.weekdays.on(date) : 0);
  }
  return n;
}

export const localityName = (localities: readonly Locality[], localityId: string) =>
  localities.find((l) => l.localityId === localityId)?.name ?? localityId;

/** Localities in display order (by name), so every view lists them alike. */
export const byName = <T extends { name: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));

/** Units grouped by locality (by name), then sector (in register order), then by name: every unit list reads alike. */
export const unitOrder = (a: { locality: string; sector: Sector; name: string }, b: { locality: string; sector: Sector; name: string }) =>
  a.locality.localeCompare(b.locality, 'en-GB') || SECTORS.indexOf(a.sector) - SECTORS.indexOf(b.sector) || a.name.localeCompare(b.name, 'en-GB');
