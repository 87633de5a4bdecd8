/**
 * The one table definition, used by the CDK stack and by the local bootstrap alike.
 * Generic key names; every key carries an entity prefix (see keys.ts). No indexes are
 * needed: every request-path read is a GetItem or a Query on pk.
 */
export const TABLE = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
} as const;

export const DEFAULT_TABLE_NAME = 'staffing';

/** The CreateTable input for the local bootstrap (on-demand, as in AWS). */
export const createTableInput = (tableName: string) => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST' as const,
  AttributeDefinitions: [
    { AttributeName: TABLE.partitionKey.name, AttributeType: TABLE.partitionKey.type },
    { AttributeName: TABLE.sortKey.name, AttributeType: TABLE.sortKey.type },
  ],
  KeySchema: [
    { AttributeName: TABLE.partitionKey.name, KeyType: 'HASH' as const },
    { AttributeName: TABLE.sortKey.name, KeyType: 'RANGE' as const },
  ],
});
