/**
 * The one table definition, used by the CDK stack and by the local bootstrap alike.
 * Generic key names; every key carries an entity prefix (see keys.ts). Every request-path
 * read is a GetItem or a Query on pk. The one index, `writes`, is read only by the reconcile
 * job: it lists the versions saved since its last run (write-path.ts), so a save needs no
 * marker of its own. It is sparse: only versions written by a save carry its keys.
 */
export const TABLE = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
} as const;

export const WRITES_INDEX = {
  name: 'writes',
  partitionKey: { name: 'wb', type: 'S' },
  sortKey: { name: 'wt', type: 'S' },
  /** What reconcile needs to check a version was finished: who, which date, which version, where it is summed. */
  include: ['providerId', 'date', 'version', 'localityId', 'sector', 'sumsPart'],
} as const;

export const DEFAULT_TABLE_NAME = 'staffing';

/** The CreateTable input for the local bootstrap (on-demand, as in AWS). */
export const createTableInput = (tableName: string) => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST' as const,
  AttributeDefinitions: [TABLE.partitionKey, TABLE.sortKey, WRITES_INDEX.partitionKey, WRITES_INDEX.sortKey].map((k) => ({
    AttributeName: k.name,
    AttributeType: k.type,
  })),
  KeySchema: [
    { AttributeName: TABLE.partitionKey.name, KeyType: 'HASH' as const },
    { AttributeName: TABLE.sortKey.name, KeyType: 'RANGE' as const },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: WRITES_INDEX.name,
      KeySchema: [
        { AttributeName: WRITES_INDEX.partitionKey.name, KeyType: 'HASH' as const },
        { AttributeName: WRITES_INDEX.sortKey.name, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...WRITES_INDEX.include] },
    },
  ],
});
