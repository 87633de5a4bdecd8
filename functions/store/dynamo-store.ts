import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { figuresOf } from '#domain';
import { sumsRepo } from './aggregates';
import type { DayCacheOptions } from './day-cache';
import { auditRepo } from './audit-repo';
import { returnOf } from './items';
import { migration } from './migrate';
import { peersRepo } from './peers-repo';
import { rollupsRepo } from './rollups';
import { mapLimit } from './query';
import { keys } from './keys';
import { loadReturns } from './bulk-load';
import { guarded } from './errors';
import { peopleRepo } from './people-repo';
import { registerRepo } from './register-repo';
import { DAYS_IN_FLIGHT, returnsRepo } from './returns-repo';
import type { Store } from './types';
import { writePath, type WritePathOptions } from './write-path';

export interface DynamoStoreOptions extends WritePathOptions, DayCacheOptions {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

/** The one Store adapter: DynamoDB, one table (functions/store/table.ts, keys in keys.ts). */
export function createDynamoStore({ doc, tableName, openDayCacheMs, ...opts }: DynamoStoreOptions): Store {
  const reads = returnsRepo(doc, tableName, { openDayCacheMs });
  const { auditedPut, ...audit } = auditRepo(doc, tableName);
  const register = registerRepo(doc, tableName, auditedPut);
  const versionFigures = async (providerId: string, date: string, version: number) => {
    const out = await doc.send(new GetCommand({ TableName: tableName, Key: keys.version(providerId, date, version), ConsistentRead: true }));
    return out.Item ? figuresOf(returnOf(out.Item)) : null;
  };
  const sums = sumsRepo(doc, tableName, versionFigures, { openDayCacheMs });
  const rollups = rollupsRepo(doc, tableName, sums);
  const store: Store = {
    systemDays: rollups.systemDays,
    rollUp: rollups.rollUp,
    localityTotals: rollups.localityTotals,
    systemTotals: rollups.systemTotals,
    ...register,
    ...peopleRepo(doc, tableName, register, auditedPut),
    ...audit,
    ...reads.repo,
    ...peersRepo(doc, tableName, reads.repo.unitDays),
    countedOn: sums.countedOn,
    aggregates: async (dates, localityId, age) => (await mapLimit(dates, DAYS_IN_FLIGHT, (d) => sums.ofDay(d, localityId, age))).flat(),
    ...writePath(doc, tableName, reads, sums, opts),
    ...(({ schemaVersion, migrate }) => ({ schemaVersion, migrate }))(migration(doc, tableName, sums, reads.repo.currentForDay)),
    loadReturns: (records, onProgress, resum) => loadReturns(doc, tableName, sums, reads.repo.currentForDay, register.placementOf, records, onProgress, resum),
  };
  return guarded(store);
}
