import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { aggregateRecomputer } from './aggregates';
import { auditRepo } from './audit-repo';
import { loadReturns } from './bulk-load';
import { guarded } from './errors';
import { peopleRepo } from './people-repo';
import { registerRepo } from './register-repo';
import { returnsRepo } from './returns-repo';
import type { Store } from './types';
import { writePath, type WritePathOptions } from './write-path';

export interface DynamoStoreOptions extends WritePathOptions {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

/** The one Store adapter: DynamoDB, one table (functions/store/table.ts, keys in keys.ts). */
export function createDynamoStore({ doc, tableName, ...opts }: DynamoStoreOptions): Store {
  const reads = returnsRepo(doc, tableName);
  const recomputeAggregate = aggregateRecomputer(doc, tableName, reads.currentItems);
  const register = registerRepo(doc, tableName);
  const store: Store = {
    ...register,
    ...peopleRepo(doc, tableName, register),
    ...auditRepo(doc, tableName),
    ...reads.repo,
    ...writePath(doc, tableName, reads, recomputeAggregate, opts),
    loadReturns: (records, onProgress) => loadReturns(doc, tableName, recomputeAggregate, records, onProgress),
  };
  return guarded(store);
}
