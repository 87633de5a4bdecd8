import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#store/client';
import type { TestDb } from '../support/dynalite';

/**
 * Every item in the test table, read straight from dynalite with a Scan and sorted: what a
 * refused request must leave exactly as it was. Independent of the store's own reads, so a
 * stray write under a key the store never reads would still show.
 */
export async function tableContents(db: Pick<TestDb, 'endpoint' | 'tableName'>): Promise<string> {
  const doc = createDocumentClient({ endpoint: db.endpoint, region: 'local' });
  try {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new ScanCommand({ TableName: db.tableName, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items
      .map((item) => JSON.stringify(sortedDeep(item)))
      .sort()
      .join('\n');
  } finally {
    doc.destroy();
  }
}

const sortedDeep = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sortedDeep)
    : v instanceof Set
      ? [...v].sort()
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedDeep((v as Record<string, unknown>)[k])]))
        : v;

/** A stack trace or an internal error name in an answer's text. */
export const LEAKS = /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|ValidationException|ConditionalCheckFailed|TypeError|SyntaxError: Unexpected/;
