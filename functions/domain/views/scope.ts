import type { LocalityDay } from '../aggregate';
import {
  SECTORS,
  SECTOR_FAMILIES,
  isExpectedOn,
  sectorsIn,
  type Locality,
  type Provider,
  type Sector,
  type SectorFamily,
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


/**
 * A register's units by locality ('' for all) and sector, made once per register array: views
 * ask for the units expected of a locality and date for every cell, and scanning 30,000 units
 * each time took seconds at national scale.
 */
const unitIndexes = new WeakMap<readonly Provider[], Map<string, Map<Sector, Provider[]>>>();
function unitIndexOf(providers: readonly Provider[]): Map<string, Map<Sector, Provider[]>> {
  let index = unitIndexes.get(providers);
  if (!index) {
    index = new Map();
    for (const p of providers)
      for (const key of ['', p.localityId]) {
        const bySector = index.get(key) ?? index.set(key, new Map()).get(key)!;
        const units = bySector.get(p.sector) ?? bySector.set(p.sector, []).get(p.sector)!;
        units.push(p);
      }
    unitIndexes.set(providers, index);
  }
  return index;
}

/** Units that owe a return on a date, in some sectors and optionally one locality (by sector, then register order). */
export function expectedUnits(providers: readonly Provider[], date: string, sectors: readonly Sector[], localityId?: string): Provider[] {
  const bySector = unitIndexOf(providers).get(localityId ?? '');
  return bySector ? sectors.flatMap((s) => (bySector.get(s) ?? []).filter((p) => isExpectedOn(p, date))) : [];
}

export const localityName = (localities: readonly Locality[], localityId: string) =>
  localities.find((l) => l.localityId === localityId)?.name ?? localityId;

/** Localities in display order (by name), so every view lists them alike. */
export const byName = <T extends { name: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));

/** Units grouped by locality (by name), then sector (in register order), then by name: every unit list reads alike. */
export const unitOrder = (a: { locality: string; sector: Sector; name: string }, b: { locality: string; sector: Sector; name: string }) =>
  a.locality.localeCompare(b.locality, 'en-GB') || SECTORS.indexOf(a.sector) - SECTORS.indexOf(b.sector) || a.name.localeCompare(b.name, 'en-GB');
