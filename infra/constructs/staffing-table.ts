import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { TABLE } from '#store/table';
import { KEEP } from './keep';

/**
 * The one table, keyed as functions/store/table.ts says (the local bootstrap reads the same
 * definition). It holds every return ever submitted, so it outlives the stack: retained on
 * delete, protected from deletion (once the first deploy has succeeded), restorable to any
 * second of the last 35 days.
 */
export function staffingTable(scope: Construct, id: string, props: { deletionProtection: boolean }): Table {
  return new Table(scope, id, {
    partitionKey: { name: TABLE.partitionKey.name, type: AttributeType.STRING },
    sortKey: { name: TABLE.sortKey.name, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: props.deletionProtection,
    encryption: TableEncryption.AWS_MANAGED,
    removalPolicy: KEEP,
  });
}
