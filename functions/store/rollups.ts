import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localityDayOf, serviceDateOf, sumFigures, type Figures, type LocalityDay, type Sector } from '#domain';
import type { SumsRepo } from './aggregates';
import { itemOf } from './items';
import { keys } from './keys';
import { mapLimit, queryAll, type Item } from './query';

/** Dates whose rollup is missing or stale are summed live this many at a time. */
const DAYS_IN_FLIGHT = 8;

/** The whole system's figures of one date, as one LocalityDay of this id. */
export const ALL_LOCALITIES = '*';

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
  const items = await queryAll(doc, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': keys.changesPartition, ':from': from, ':to': to },
  });
  return new Map(items.map((i) => [i.sk as string, i.changes as number]));
}

/**
 * System-wide rollups per date (architecture.md "closed days rolled up"): the sums of every
 * locality added up by sector, one small item a date, so a 90-day trend reads 90 items
 * however many units and localities there are. Built off the request path (reconcile, the
 * bench loader), for closed dates only. Each save for a closed date, after its delta, raises
 * the date's change count; a rollup keeps the count it was built under, and a reader uses it
 * only while the count is unchanged, summing that date live otherwise. So a rollup is never
 * wrong, only sometimes unused. The count is raised after the delta (and again by a repair),
 * so a rollup built between the two is seen as stale.
 */
export function rollupsRepo(doc: DynamoDBDocumentClient, tableName: string, sums: SumsRepo) {
  const changesIn = (from: string, to: string) => changeCounts(doc, tableName, from, to);

  return {

    /** (Re)build the rollups of the closed `dates` that are missing or stale. Answers how many of those had figures. */
    async rollUp(dates: readonly string[]): Promise<number> {
      const sorted = dates.filter((d) => isClosed(d)).sort();
      if (sorted.length === 0) return 0;
      const [changes, rollups] = await Promise.all([changesIn(sorted[0], sorted.at(-1)!), rollupsIn(sorted[0], sorted.at(-1)!)]);
      let written = 0;
      await mapLimit(sorted, DAYS_IN_FLIGHT, async (date) => {
        const count = changes.get(date) ?? 0;
        // A rollup that saw every change since the date closed is done.
        if (rollups.get(date)?.changes === count) return;
        const bySector = new Map<Sector, Figures[]>();
        for (const s of await sums.figuresOfDay(date)) bySector.set(s.sector, [...(bySector.get(s.sector) ?? []), s.figures]);
        // A date nobody reported on is kept too (no sectors), so it is not read again each run (as peers are).
        const sectors = Object.fromEntries([...bySector].map(([s, f]) => [s, sumFigures(f)]));
        await doc.send(new PutCommand({ TableName: tableName, Item: itemOf(keys.rollup(date), 'rollup', { date, changes: count, sectors }) }));
        if (bySector.size > 0) written++;
      });
      return written;
    },

    /**
     * The whole system's figures of each date, one LocalityDay (localityId ALL_LOCALITIES) a
     * date that has any: from its rollup when that is current, else summed live from the sums.
     */
    async systemDays(dates: readonly string[]): Promise<LocalityDay[]> {
      if (dates.length === 0) return [];
      const sorted = [...dates].sort();
      const [changes, rollups] = await Promise.all([changesIn(sorted[0], sorted.at(-1)!), rollupsIn(sorted[0], sorted.at(-1)!)]);
      const out = await mapLimit(sorted, DAYS_IN_FLIGHT, async (date) => {
        const rollup = rollups.get(date);
        const count = changes.get(date) ?? 0;
        if (rollup && rollup.changes === count)
          return localityDayOf(date, ALL_LOCALITIES, Object.entries(rollup.sectors).map(([sector, figures]) => ({ sector: sector as Sector, figures })));
        return localityDayOf(date, ALL_LOCALITIES, await sums.figuresOfDay(date));
      });
      return out.filter((d) => Object.keys(d.reported).length > 0);
    },
  };

  async function rollupsIn(from: string, to: string) {
    const items = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.rollupPartition, ':from': from, ':to': to },
    });
    return new Map(items.map((i: Item) => [i.date as string, { changes: i.changes as number, sectors: i.sectors as Record<string, Figures> }]));
  }
}

export type RollupsRepo = ReturnType<typeof rollupsRepo>;
