import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { STAFF_GROUPS, TOTAL_FIELDS, emptyTotals, type Sector, type StaffGroup, type UnitDay } from '#domain';
import { writeItems } from './bulk-load';
import { itemOf } from './items';
import { keys, type Key } from './keys';
import { mapLimit, queryRange, type Item } from './query';
import { currentKept } from './rollups';

/**
 * What a gathering writes (peers-repo.ts). 2: each locality's unit days beside the peers; 3: and
 * its mark lists the localities kept, so the whole system's day can be read from them. A date
 * gathered under an older layout is gathered again, which is how an existing table gains them.
 */
export const GATHERED_LAYOUT = 3;

/** Localities' kept unit days read at once for the whole system's day. */
const LOCALITIES_IN_FLIGHT = 8;

/**
 * Units per item: at about 150 bytes a unit, 1,000 keep an item near 150 KB, well inside
 * DynamoDB's 400 KB, however large a locality grows.
 */
const UNITS_PER_PART = 1_000;

/** A unit's day as a row of values (no keys, no date or locality: the item has them), about 150 bytes in JSON. */
type Row = [string, Sector, number, string, number, number, number, ...number[]];

const groupBits = (groups: readonly StaffGroup[]) => groups.reduce((bits, g) => bits | (1 << STAFF_GROUPS.indexOf(g)), 0);
const groupsOf = (bits: number) => STAFF_GROUPS.filter((_, i) => bits & (1 << i));

const rowOf = (u: UnitDay): Row => [u.providerId, u.sector, u.version, u.firstSubmittedAt, u.pressure, u.warnings, groupBits(u.staffGroups), ...TOTAL_FIELDS.map((f) => u.totals[f])];

function unitDayOf(date: string, localityId: string, row: Row): UnitDay {
  const [providerId, sector, version, firstSubmittedAt, pressure, warnings, bits, ...values] = row;
  const totals = emptyTotals();
  TOTAL_FIELDS.forEach((f, i) => (totals[f] = values[i]));
  return {
    providerId,
    date,
    localityId,
    sector,
    version,
    firstSubmittedAt,
    totals,
    pressure,
    warnings,
    staffGroups: groupsOf(bits),
  };
}

/** The unit days of each date whose every part is among `items` (all of one locality). */
function complete(localityId: string, items: readonly Item[]): Map<string, UnitDay[]> {
  const byDate = new Map<string, { parts: number; seen: number; units: UnitDay[] }>();
  for (const item of items) {
    const date = item.date as string;
    const entry = byDate.get(date) ?? { parts: item.parts as number, seen: 0, units: [] };
    entry.seen++;
    for (const row of JSON.parse(item.units as string) as Row[]) entry.units.push(unitDayOf(date, localityId, row));
    byDate.set(date, entry);
  }
  return new Map([...byDate].filter(([, e]) => e.seen === e.parts).map(([date, e]) => [date, e.units]));
}

/**
 * Each locality's unit days of a closed date, kept in a few items (README, "What the views
 * read"): the views that list a locality's units over many days (the unit x day heatmap, a
 * unit's comparison with its peers) then read one Query of small items instead of every
 * unit's current item of every date. Written by the peers' gathering, which reads every
 * unit's day of the date anyway, under the date's change count; used only while that count
 * has not moved, so never wrong, only sometimes not there yet (then the date is read live).
 */
export function unitRollups(doc: DynamoDBDocumentClient, tableName: string) {
  const get = async (key: Key): Promise<Item | null> =>
    ((await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item as Item | undefined) ?? null;
  return {
    /** Write every locality's unit days of `date`, read under change count `changes`; answers the localities written. */
    async write(date: string, changes: number, days: readonly UnitDay[]): Promise<string[]> {
      const byLocality = new Map<string, UnitDay[]>();
      for (const u of days) byLocality.set(u.localityId, [...(byLocality.get(u.localityId) ?? []), u]);
      const items = [...byLocality].flatMap(([localityId, units]) => {
        const parts = Math.ceil(units.length / UNITS_PER_PART);
        return Array.from({ length: parts }, (_, part) =>
          itemOf(keys.localityUnits(localityId, date, part), 'locality-units', {
            date,
            localityId,
            part,
            parts,
            changes,
            // One string, not a list of maps: a reader unmarshals one attribute, not about 25 per unit.
            units: JSON.stringify(units.slice(part * UNITS_PER_PART, (part + 1) * UNITS_PER_PART).map(rowOf)),
          }),
        );
      });
      await writeItems(doc, tableName, items);
      return [...byLocality.keys()];
    },

    /**
     * One locality's unit days of the dates in [from, to] that are kept and current (every part
     * there, built under the date's change count now): two Queries. Dates absent are to be read live.
     */
    async read(localityId: string, from: string, to: string): Promise<Map<string, UnitDay[]>> {
      const { pk, low, high } = keys.localityUnitsBetween(localityId, from, to);
      return complete(localityId, await currentKept(doc, tableName, pk, low, to, high));
    },

    /**
     * The whole system's unit days of a closed date from every locality's kept items, when the
     * date's gathering is current (its mark, under the date's change count now, lists the
     * localities kept; one with no item had no units that day): a Query per locality of a few
     * small items, where the date's current items are about 1 KB a unit. Null: read it live.
     * `known`: the change count, when the caller has already read it.
     */
    async readWhole(date: string, known?: number): Promise<UnitDay[] | null> {
      const [mark, changes] = await Promise.all([get(keys.peersGathered(date)), known ?? get(keys.changes(date)).then((c) => (c?.changes as number | undefined) ?? 0)]);
      if (mark?.layout !== GATHERED_LAYOUT || mark.changes !== changes || !Array.isArray(mark.localities)) return null;
      const perLocality = await mapLimit(mark.localities as string[], LOCALITIES_IN_FLIGHT, async (localityId) => {
        const { pk, low, high } = keys.localityUnitsBetween(localityId, date, date);
        const items = (await queryRange(doc, tableName, pk, low, high)).filter((i) => i.changes === changes);
        return complete(localityId, items).get(date) ?? null;
      });
      // A save and a new gathering since the mark was read: the date is read live instead.
      return perLocality.every((u) => u !== null) ? perLocality.flat() : null;
    },
  };
}
