import { join, resolve } from 'node:path';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { createDocumentClient } = await import('#store/client');
const { createDynamoStore } = await import('#store/dynamo-store');
const { DEFAULT_TABLE_NAME } = await import('#store/table');
const { startEmbeddedDynamo } = await import('./dynalite');
const { exitIfInUse } = await import('./in-use');
const { progressFor } = await import('./progress');
const { ensureLocalTable } = await import('./table');
const { argsOrUsage } = await import('./args');

/**
 * `npm run migrate`: bring a table to the current storage layout (functions/store/migrate.ts).
 * - `npm run migrate -- --table <name>`: a deployed table, with the AWS credentials and region
 *   of your terminal (run it straight after deploying the new version; it is safe to run again).
 * - `npm run migrate`: the laptop's `.data/` (`--data-dir` for another); `npm start` also does
 *   this by itself. Stop `npm start` first: dynalite's files are one process's at a time.
 */
const USAGE = `Usage:
  npm run migrate [-- --data-dir .data]   the laptop's local database (stop npm start first)
  npm run migrate -- --table <name>       a deployed table, with your AWS credentials and region`;
const { values } = argsOrUsage({ options: { table: { type: 'string' }, 'data-dir': { type: 'string' } } }, USAGE);
const local = values.table === undefined;
const dynamo = local ? await startEmbeddedDynamo(join(resolve(values['data-dir'] ?? '.data'), 'dynalite')).catch(exitIfInUse) : null;
const doc = createDocumentClient({ endpoint: dynamo?.endpoint, region: process.env.AWS_REGION });
const tableName = values.table ?? DEFAULT_TABLE_NAME;
try {
  if (dynamo) await ensureLocalTable(dynamo.endpoint, tableName);
  const store = createDynamoStore({ doc, tableName });
  const before = await store.schemaVersion();
  // The items' layout (`sv`); the `writes` index of layout 3 is the table's own (above on a laptop, cdk deploy in AWS).
  if (before >= 2) console.log(`${tableName} is in the current storage layout: nothing more to do.${dynamo ? '' : ' (Its writes index comes with cdk deploy.)'}`);
  else {
    const bar = progressFor(`Migrating ${tableName}`);
    const out = await store.migrate((done, total) => bar.update(done, total));
    bar.stop();
    console.log(`${tableName}: ${out.days} days x localities rebuilt, ${out.items} items rewritten or removed; now in the current storage layout.`);
  }
} finally {
  doc.destroy();
  await dynamo?.stop();
}
