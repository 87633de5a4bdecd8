import { DeleteCommand, GetCommand, paginateScan, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SumsRepo } from './aggregates';
import { writeItems } from './bulk-load';
import { SCHEMA_VERSION, currentItem } from './items';
import { keys } from './keys';
import { mapLimit, type Item } from './query';
import type { ReturnRecord } from './types';

/** Date x locality groups migrated at once. */
const GROUPS_IN_FLIGHT = 4;

export interface MigrationOutcome {
  /** Date x locality groups whose sums were rebuilt. */
  days: number;
  /** Current items given their `unitDay`, and schema-1 aggregates removed. */
  items: number;
}

/**
 * Brings a table written by schema 1 (one aggregate per locality and date with every unit
 * inside it; current items without `unitDay`) to schema 2: for every date and locality that
 * has a schema-1 current item or aggregate, its current items are rewritten with their
 * `unitDay`, its sums rebuilt from them, and only then its schema-1 aggregate deleted, so a
 * run cut off anywhere is finished by running it again. Versions, the record, are untouched.
 * Finally the table is marked as schema 2, which is what `schemaVersion` reads.
 *
 * One Scan of the table: a one-off job (`npm run migrate`, or the local start on an old
 * `.data/`), run before the new code takes writes for the old dates.
 */
export function migration(doc: DynamoDBDocumentClient, tableName: string, sums: SumsRepo, currentOf: (date: string, localityId: string) => Promise<ReturnRecord[]>) {
  const schemaVersion = async (): Promise<number> => {
    const out = await doc.send(new GetCommand({ TableName: tableName, Key: keys.schema(), ConsistentRead: true }));
    return (out.Item?.version as number | undefined) ?? 1;
  };
  const markSchema = () => doc.send(new PutCommand({ TableName: tableName, Item: { ...keys.schema(), entity: 'settings', version: SCHEMA_VERSION } }));

  return {
    schemaVersion,
    /** A new, empty table starts at the current schema: nothing to migrate. */
    markSchema,
    async migrate(onProgress?: (done: number, total: number) => void): Promise<MigrationOutcome> {
      const groups = new Map<string, { date: string; localityId: string; legacy: Item[] }>();
      const group = (date: string, localityId: string) => {
        const key = `${date}|${localityId}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { date, localityId, legacy: [] }));
        return g;
      };
      const pages = paginateScan(
        { client: doc },
        {
          TableName: tableName,
          FilterExpression: 'attribute_not_exists(sv) AND (entity = :current OR entity = :aggregate)',
          ProjectionExpression: 'pk, sk, entity, #date, localityId',
          ExpressionAttributeNames: { '#date': 'date' },
          ExpressionAttributeValues: { ':current': 'current', ':aggregate': 'aggregate' },
          ConsistentRead: true,
        },
      );
      for await (const page of pages)
        for (const item of (page.Items ?? []) as Item[]) {
          const g = group(item.date as string, item.localityId as string);
          if (item.entity === 'aggregate') g.legacy.push(item);
        }

      let done = 0;
      let items = 0;
      await mapLimit([...groups.values()], GROUPS_IN_FLIGHT, async ({ date, localityId, legacy }) => {
        const current = await currentOf(date, localityId);
        await writeItems(doc, tableName, current.map(currentItem));
        await sums.rebuild(date, localityId, current);
        for (const item of legacy) await doc.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }));
        items += current.length + legacy.length;
        onProgress?.(++done, groups.size);
      });
      await markSchema();
      return { days: groups.size, items };
    },
  };
}
