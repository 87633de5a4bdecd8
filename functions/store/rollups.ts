import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  localityDayOf,
  localityTotalsFromParts,
  localityTotalsOf,
  localityTotalsParts,
  serviceDateOf,
  sumFigures,
  type Figures,
  type LocalityDay,
  type LocalityTotals,
  type Sector,
} from '#domain';
import { SECTOR_OR_FAMILY, sectorsOf, type SectorOrFamily } from '#domain/views/scope';
import type { SumsRepo } from './aggregates';
import { writeItems } from './bulk-load';
import { itemOf } from './items';
import { keys } from './keys';
import { mapLimit, queryRange, type Item } from './query';
import type { ReadAge } from './types';

/** Dates whose rollup is missing or stale are summed live this many at a time. */
const DAYS_IN_FLIGHT = 8;

/** The whole system's figures of one date, as one LocalityDay of this id. */
export const ALL_LOCALITIES = '*';

/**
 * The layout of a date's rollups. 2: with each locality's totals per sector filter beside the
 * system's sums; a rollup of an older layout is built again by the next rollUp.
 */
const ROLLUP_LAYOUT = 2;

/** Every `sector=` a view can be asked for, and no filter ('all'): one locality rollup each. */
const FILTERS: readonly (SectorOrFamily | undefined)[] = [undefined, ...SECTOR_OR_FAMILY];
const filterKey = (filter: SectorOrFamily | undefined) => filter ?? 'all';

/** A day's totals over each filter, as parts by filter key (filters nobody reported in are left out). */
function partsByFilter(day: LocalityDay, filters: readonly (SectorOrFamily | undefined)[]): Record<string, number[]> {
  const parts: Record<string, number[]> = {};
  for (const filter of filters) {
    const t = localityTotalsOf(day, sectorsOf(filter));
    if (t.reported > 0) parts[filterKey(filter)] = localityTotalsParts(t);
  }
  return parts;
}

/** Clocks of two machines may disagree by this much; a date closes this long after its end. */
const CLOCK_SKEW_MS = 60_000;

/**
 * A date is closed once it has ended in UK time (plus the skew). Only closed dates are rolled
 * up, so only a save for a closed date (an amendment of an earlier day) raises the date's
 * change count: today's saves, most saves, write one item fewer and never meet on the one
 * count item of the day. Safe because a save asks after its delta has landed: one that found
 * its date open landed its delta before the date closed, so before any rollup of it was read.
 */
export const isClosed = (date: string, now: Date = new Date()): boolean => date < serviceDateOf(new Date(now.getTime() - CLOCK_SKEW_MS));

/** How often the sums of each date in [from, to] changed after it closed (dates with none are absent): one Query. */
export async function changeCounts(doc: DynamoDBDocumentClient, tableName: string, from: string, to: string): Promise<Map<string, number>> {
  const items = await queryRange(doc, tableName, keys.changesPartition, from, to);
  return new Map(items.map((i) => [i.sk as string, i.changes as number]));
}

/**
 * The items of one partition of things kept per closed date (rollups, peers, unit days) for
 * the dates in [from, to] (sort keys up to `high`) that were built under their date's change
 * count as it is now: the only ones a reader may use. Two Queries.
 */
export async function currentKept(doc: DynamoDBDocumentClient, tableName: string, pk: string, from: string, to: string, high = to): Promise<Item[]> {
  const [changes, items] = await Promise.all([changeCounts(doc, tableName, from, to), queryRange(doc, tableName, pk, from, high)]);
  return items.filter((i) => i.changes === (changes.get(i.date as string) ?? 0));
}

const byDate = (items: readonly Item[]) => new Map(items.map((i) => [i.date as string, i]));

/**
 * Rollups per closed date (architecture.md "closed days rolled up"), so views over many days
 * read a few small items a date however many units there are:
 * - the whole system's sums by sector (one item a date), for the summary;
 * - the whole system's totals over each sector filter (one item of about 400 bytes a date),
 *   for trends by family;
 * - each locality's totals over each sector filter (one item a date and filter, about 10 KB at
 *   150 localities instead of the date's 2.2 MB of sums), for the locality x day heatmap and
 *   trends by locality.
 *
 * Built off the request path (the schedule, the bench loader), for closed dates only. Each
 * save for a closed date, after its delta, raises the date's change count; a rollup keeps the
 * count it was built under, and a reader uses it only while the count is unchanged, summing
 * that date live otherwise. So a rollup is never wrong, only sometimes unused. The count is
 * raised after the delta (and again by a repair), so a rollup built between the two is seen as
 * stale.
 */
export function rollupsRepo(doc: DynamoDBDocumentClient, tableName: string, sums: SumsRepo) {
  const changesIn = (from: string, to: string) => changeCounts(doc, tableName, from, to);
  const current = (pk: string, dates: readonly string[]) => currentKept(doc, tableName, pk, dates[0], dates.at(-1)!).then(byDate);

  /** The locality rollups of one date, one per filter; localities nobody in the filter reported on are left out. */
  function localityRollupItems(date: string, changes: number, days: readonly LocalityDay[]): Item[] {
    const byLocality = days.map((day) => [day.localityId, partsByFilter(day, FILTERS)] as const);
    return FILTERS.map((filter) => {
      const localities = Object.fromEntries(byLocality.flatMap(([loc, parts]) => (parts[filterKey(filter)] ? [[loc, parts[filterKey(filter)]]] : [])));
      // One string, not a map of lists: a reader unmarshals one attribute instead of about 1,500 numbers a date.
      return itemOf(keys.localityRollup(filterKey(filter), date), 'locality-rollup', { date, changes, filter: filterKey(filter), localities: JSON.stringify(localities) });
    });
  }

  return {
    /** (Re)build the rollups of the closed `dates` that are missing, stale or of an older layout. Answers how many of those had figures. */
    async rollUp(dates: readonly string[]): Promise<number> {
      const sorted = dates.filter((d) => isClosed(d)).sort();
      if (sorted.length === 0) return 0;
      const [changes, rollups] = await Promise.all([changesIn(sorted[0], sorted.at(-1)!), queryRange(doc, tableName, keys.rollupPartition, sorted[0], sorted.at(-1)!).then(byDate)]);
      let written = 0;
      await mapLimit(sorted, DAYS_IN_FLIGHT, async (date) => {
        const count = changes.get(date) ?? 0;
        const kept = rollups.get(date);
        // A rollup that saw every change since the date closed is done.
        if (kept?.changes === count && kept.layout === ROLLUP_LAYOUT) return;
        const shards = await sums.figuresOfDay(date);
        const bySector = new Map<Sector, Figures[]>();
        const byLocality = new Map<string, { sector: Sector; figures: Figures }[]>();
        for (const s of shards) {
          bySector.set(s.sector, [...(bySector.get(s.sector) ?? []), s.figures]);
          byLocality.set(s.localityId, [...(byLocality.get(s.localityId) ?? []), s]);
        }
        // The locality rollups and the system's totals first: the system rollup, written last, says the date is done.
        const totals = itemOf(keys.systemTotals(date), 'system-totals', { date, changes: count, filters: JSON.stringify(partsByFilter(localityDayOf(date, ALL_LOCALITIES, shards), FILTERS)) });
        await writeItems(doc, tableName, [totals, ...localityRollupItems(date, count, [...byLocality].map(([loc, s]) => localityDayOf(date, loc, s)))]);
        // A date nobody reported on is kept too (no sectors), so it is not read again each run (as peers are).
        const sectors = Object.fromEntries([...bySector].map(([s, f]) => [s, sumFigures(f)]));
        await doc.send(new PutCommand({ TableName: tableName, Item: itemOf(keys.rollup(date), 'rollup', { date, changes: count, layout: ROLLUP_LAYOUT, sectors }) }));
        if (bySector.size > 0) written++;
      });
      return written;
    },

    /**
     * The whole system's figures of each date, one LocalityDay (localityId ALL_LOCALITIES) a
     * date that has any: from its rollup when that is current, else summed live from the sums.
     */
    async systemDays(dates: readonly string[], age?: ReadAge): Promise<LocalityDay[]> {
      if (dates.length === 0) return [];
      const sorted = [...dates].sort();
      const rollups = await current(keys.rollupPartition, sorted);
      const out = await mapLimit(sorted, DAYS_IN_FLIGHT, async (date) => {
        const rollup = rollups.get(date);
        if (rollup)
          return localityDayOf(date, ALL_LOCALITIES, Object.entries(rollup.sectors as Record<string, Figures>).map(([sector, figures]) => ({ sector: sector as Sector, figures })));
        return sums.systemDay(date, age);
      });
      return out.filter((d) => Object.keys(d.reported).length > 0);
    },

    /**
     * The whole system's totals over each of `filters` on each date, where a unit reported:
     * from the dates' small totals item while current, else summed live (today always).
     */
    async systemTotals(dates: readonly string[], filters: readonly SectorOrFamily[], age?: ReadAge): Promise<Map<SectorOrFamily, LocalityTotals[]>> {
      const out = new Map(filters.map((f) => [f, [] as LocalityTotals[]]));
      if (dates.length === 0) return out;
      const sorted = [...dates].sort();
      const kept = await current(keys.systemTotalsPartition, sorted);
      const perDate = await mapLimit(sorted, DAYS_IN_FLIGHT, async (date) => {
        const rollup = kept.get(date);
        if (rollup) return { date, parts: JSON.parse(rollup.filters as string) as Record<string, number[]> };
        return { date, parts: partsByFilter(await sums.systemDay(date, age), filters) };
      });
      for (const { date, parts } of perDate)
        for (const f of filters) if (parts[filterKey(f)]) out.get(f)!.push(localityTotalsFromParts(date, ALL_LOCALITIES, parts[filterKey(f)]));
      return out;
    },

    /**
     * Each locality's totals over the sectors of `sector` (all when omitted) on each date, of
     * every locality or one; only localities with a unit reported. From the dates' locality
     * rollups while current, else summed live from the sums (today always).
     */
    async localityTotals(dates: readonly string[], sector?: SectorOrFamily, localityId?: string, age?: ReadAge): Promise<LocalityTotals[]> {
      if (dates.length === 0) return [];
      const sorted = [...dates].sort();
      const sectors = sectorsOf(sector);
      const kept = await current(keys.localityRollupPartition(filterKey(sector)), sorted);
      const out = await mapLimit(sorted, DAYS_IN_FLIGHT, async (date) => {
        const rollup = kept.get(date);
        if (rollup)
          return Object.entries(JSON.parse(rollup.localities as string) as Record<string, number[]>)
            .filter(([loc]) => localityId === undefined || loc === localityId)
            .map(([loc, parts]) => localityTotalsFromParts(date, loc, parts));
        return (await sums.ofDay(date, localityId, age)).map((d) => localityTotalsOf(d, sectors)).filter((t) => t.reported > 0);
      });
      return out.flat();
    },
  };
}
