import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SECTORS, type Sector } from '#domain';
import { systemDistributionsOf, type Distribution } from '#domain/views/comparison';
import type { Measure } from '#domain';
import { itemOf } from './items';
import { keys } from './keys';
import { mapLimit, queryRange } from './query';
import { changeCounts, currentKept, isClosed } from './rollups';
import type { Store } from './types';
import { GATHERED_LAYOUT, unitRollups } from './unit-rollups';

/** Dates gathered at once: each reads every unit's day of its date, and writes them again by locality. */
const DAYS_IN_FLIGHT = 2;

type PeersRepo = Pick<Store, 'gatherPeers' | 'peerDistributions'>;

/**
 * The whole system's spread of each measure, per sector and date (README, "Peers across the
 * whole system"): the peers of a unit whose locality has fewer than 5 of its kind. Quartiles
 * cannot be made from sums, and reading every unit of a sector per request would read the
 * whole system, so they are gathered off the request path (the reconcile schedule) into one
 * small item per sector and date, stamped with the date's change count. A reader uses one
 * only while that count has not moved: never wrong, only sometimes not there yet.
 */
export function peersRepo(doc: DynamoDBDocumentClient, tableName: string, unitDays: Store['unitDays']): PeersRepo {
  const units = unitRollups(doc, tableName);
  const gatheredIn = async (from: string, to: string) => {
    const items = await queryRange(doc, tableName, keys.peersGatheredPartition, from, to);
    return new Map(items.map((i) => [i.sk as string, { changes: i.changes as number, layout: i.layout as number | undefined }]));
  };

  return {
    async gatherPeers(dates, limit = Number.POSITIVE_INFINITY) {
      // Closed dates only (as rollups): a save for one raises its change count, one for today does not.
      const sorted = dates.filter((d) => isClosed(d)).sort();
      if (sorted.length === 0) return 0;
      // Counts read before the units: a save after this raises its count, so what is gathered is seen as stale.
      const [changes, gathered] = await Promise.all([changeCounts(doc, tableName, sorted[0], sorted.at(-1)!), gatheredIn(sorted[0], sorted.at(-1)!)]);
      const due = sorted
        .filter((d) => gathered.get(d)?.changes !== (changes.get(d) ?? 0) || gathered.get(d)?.layout !== GATHERED_LAYOUT)
        .reverse()
        .slice(0, limit);
      let withUnits = 0;
      await mapLimit(due, DAYS_IN_FLIGHT, async (date) => {
        const days = await unitDays([date]);
        // A date nobody reported on is kept too (its groups empty), so it is not read again each run.
        if (days.length > 0) withUnits++;
        const bySector = systemDistributionsOf(days);
        const count = changes.get(date) ?? 0;
        // Every locality's unit days too, read here anyway: the views listing a locality's units over days read them.
        const localities = await units.write(date, count, days);
        for (const sector of SECTORS)
          await doc.send(
            new PutCommand({ TableName: tableName, Item: itemOf(keys.peers(sector, date), 'peers', { date, sector, changes: count, measures: bySector[sector] }) }),
          );
        // Last: a gathering cut off before this is done again by the next run.
        await doc.send(new PutCommand({ TableName: tableName, Item: itemOf(keys.peersGathered(date), 'peers', { changes: count, layout: GATHERED_LAYOUT, localities }) }));
      });
      return withUnits;
    },

    async peerDistributions(sector: Sector, dates) {
      const out = new Map<string, Partial<Record<Measure, Distribution>>>();
      if (dates.length === 0) return out;
      const sorted = [...dates].sort();
      // A date amended since it was gathered is left out until gathered again.
      for (const item of await currentKept(doc, tableName, keys.peersPartition(sector), sorted[0], sorted.at(-1)!))
        if (isClosed(item.date as string)) out.set(item.date as string, item.measures as Partial<Record<Measure, Distribution>>);
      return out;
    },
  };
}
