import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { TABLE, WRITES_INDEX } from '#store/table';
import { KEEP } from './keep';

/**
 * The one table, keyed as functions/store/table.ts says (the local bootstrap reads the same
 * definition). It holds every return ever submitted, so it outlives the stack: retained on
 * delete, protected from deletion (once the first deploy has succeeded), restorable to any
 * second of the last 35 days.
 */
export function staffingTable(scope: Construct, id: string, props: { deletionProtection: boolean }): Table {
  const table = new Table(scope, id, {
    partitionKey: { name: TABLE.partitionKey.name, type: AttributeType.STRING },
    sortKey: { name: TABLE.sortKey.name, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: props.deletionProtection,
    encryption: TableEncryption.AWS_MANAGED,
    removalPolicy: KEEP,
  });
  // Added to a deployed table in place (CloudFormation creates it before the new code runs); sparse, so it starts empty.
  table.addGlobalSecondaryIndex({
    indexName: WRITES_INDEX.name,
    partitionKey: { name: WRITES_INDEX.partitionKey.name, type: AttributeType.STRING },
    sortKey: { name: WRITES_INDEX.sortKey.name, type: AttributeType.STRING },
    projectionType: ProjectionType.INCLUDE,
    nonKeyAttributes: [...WRITES_INDEX.include],
  });
  return table;
}
