import { Logger } from '@aws-lambda-powertools/logger';
import { runSchedule } from '#api/schedule';
import { createDocumentClient } from '#store/client';
import { createDynamoStore } from '#store/dynamo-store';

/**
 * Scheduled (EventBridge) entry: finishes every save that was cut off between writing its
 * version and updating the views, then keeps the closed days' rollups current. Environment:
 * TABLE_NAME; DYNAMODB_ENDPOINT only in tests (dynalite), unset in AWS. The client is built once, at module scope.
 */
const tableName = process.env.TABLE_NAME;
if (!tableName) throw new Error('TABLE_NAME is not set');

const logger = new Logger({ serviceName: 'staffing-reconcile' });
const doc = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT || undefined, region: process.env.AWS_REGION });
// Reconcile leaves versions of the last SETTLE_MS (write-path.ts) to the next run: their saves may still be running.
const store = createDynamoStore({ doc, tableName });

export async function handler(): Promise<{ repaired: number; rolledUp: number; peersGathered: number }> {
  const outcome = await runSchedule(store, new Date());
  // Anything repaired means a save was cut off: worth a look if it keeps happening.
  if (outcome.repaired > 0) logger.warn('repaired cut-off saves', { repaired: outcome.repaired });
  else logger.info('nothing to repair');
  return outcome;
}
