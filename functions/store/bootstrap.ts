import { CreateTableCommand, DescribeTableCommand, ResourceInUseException, ResourceNotFoundException, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from './client';
import { createTableInput } from './table';

/** Longest wait for a new table to become ACTIVE (dynalite: at once; AWS on-demand: seconds). */
const ACTIVE_WAIT_SECONDS = 60;

/**
 * Create the table if it is missing and wait until it is ACTIVE. Idempotent: an existing
 * table, or one created concurrently by another process, is fine. Local use only; in AWS
 * the CDK stack owns the table.
 */
export async function ensureTable(opts: { endpoint: string; tableName: string; region?: string }): Promise<void> {
  const doc = createDocumentClient({ endpoint: opts.endpoint, region: opts.region });
  try {
    const exists = await tableExists(doc, opts.tableName);
    if (!exists) {
      try {
        await doc.send(new CreateTableCommand(createTableInput(opts.tableName)));
      } catch (err) {
        if (!(err instanceof ResourceInUseException)) throw err;
      }
    }
    await waitUntilTableExists(
      { client: doc, maxWaitTime: ACTIVE_WAIT_SECONDS, minDelay: 1, maxDelay: 2 },
      { TableName: opts.tableName },
    );
  } finally {
    doc.destroy();
  }
}

async function tableExists(doc: ReturnType<typeof createDocumentClient>, tableName: string): Promise<boolean> {
  try {
    const out = await doc.send(new DescribeTableCommand({ TableName: tableName }));
    return out.Table !== undefined;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return false;
    throw err;
  }
}
