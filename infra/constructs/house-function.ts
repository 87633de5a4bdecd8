import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { WRITES_INDEX } from '#store/table';
import { KEEP } from './keep';

/** The newest Node.js runtime aws-cdk-lib offers; the tests hold it to that. */
export const HOUSE_RUNTIME = Runtime.NODEJS_24_X;

export interface HouseFunctionProps {
  /** The TypeScript entry point, bundled by the local esbuild. */
  entry: string;
  description: string;
  logRetention: RetentionDays;
  memorySize?: number;
  timeout?: Duration;
  environment?: Record<string, string>;
}

/**
 * Every function's house defaults in one place: arm64 on the newest Node.js, an ESM bundle
 * built by the local esbuild (never Docker) with the AWS SDK inside it, so what runs is
 * exactly what the tests ran; source maps; JSON logs into its own log group with a
 * retention; X-Ray tracing; and its own role with no managed policies.
 */
export class HouseFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: KEEP,
    });
    // AWSLambdaBasicExecutionRole would allow writing to every log group in the account.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.description}`,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: HOUSE_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      // INFO keeps Lambda's per-invocation report (duration, init time on a cold start), which the latency query reads.
      systemLogLevelV2: SystemLogLevel.INFO,
      tracing: Tracing.ACTIVE,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'staffing',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        // CommonJS packages bundled into ESM still call require() for Node built-ins.
        banner: "import { createRequire as __houseCreateRequire } from 'node:module'; const require = __houseCreateRequire(import.meta.url);",
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        bundleAwsSDK: true,
        externalModules: [],
      },
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.',
    });
  }
}

/**
 * The DynamoDB actions the store uses, and no more: every read is a GetItem or a Query by
 * design (no Scan, no Streams), every write a single-item conditional write or a batch.
 */
export const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

/**
 * Tells a function which table to use and grants exactly the store's actions on it, together.
 * Only the reconcile job reads the `writes` index (`readsWrites`), and only that index: the
 * table's own grant would give every index (`index/*`).
 */
export function bindTable(fn: NodejsFunction, table: ITable, opts: { readsWrites?: boolean } = {}): void {
  fn.addEnvironment('TABLE_NAME', table.tableName);
  Grant.addToPrincipal({ grantee: fn, actions: TABLE_ACTIONS, resourceArns: [table.tableArn] });
  if (opts.readsWrites) Grant.addToPrincipal({ grantee: fn, actions: ['dynamodb:Query'], resourceArns: [`${table.tableArn}/index/${WRITES_INDEX.name}`] });
}
