import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { ORIGIN_HEADER } from '#handlers/origin-check';
import { bindTable, HouseFunction } from './constructs/house-function';
import { logBucket } from './constructs/log-bucket';
import { SavedLogQueries } from './constructs/log-queries';
import { OperationsAlarms } from './constructs/operations-alarms';
import { OperationsDashboard } from './constructs/operations-dashboard';
import { OriginSecret } from './constructs/origin-secret';
import { SiteContent } from './constructs/site-content';
import { StaffingApi } from './constructs/staffing-api';
import { staffingTable } from './constructs/staffing-table';
import { UserDirectory } from './constructs/user-directory';
import { WebDistribution } from './constructs/web-distribution';
import type { StaffingSettings } from './settings';

const fromRoot = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

export const API_ENTRY = fromRoot('functions/handlers/api.ts');
export const RECONCILE_ENTRY = fromRoot('functions/handlers/reconcile.ts');
export const WEB_DIST = fromRoot('web/dist');

/** A 5xx now and then is a blip (a 503 while DynamoDB recovers); this many in five minutes is trouble. */
const SERVER_ERRORS_IN_5_MINUTES = 3;
/**
 * A few 401s are tabs left open past their session. A county's busiest half hour sends about
 * one request a second, so this many in five minutes means sign-in is failing for many people
 * (a broken key set, a misconfigured client) or someone is trying tokens.
 */
const UNAUTHORIZED_IN_5_MINUTES = 20;

export interface StaffingStackProps extends StackProps {
  settings: StaffingSettings;
}

/**
 * Everything one health-and-care system runs: the table, the API and reconcile functions,
 * the HTTP API, the user directory, the dashboard behind CloudFront, and the alarms.
 * Environment-agnostic, so `cdk synth` needs no AWS account and no lookups.
 */
export class StaffingStack extends Stack {
  constructor(scope: Construct, id: string, props: StaffingStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const logRetention = settings.logRetentionDays;

    const table = staffingTable(this, 'Table', { deletionProtection: settings.deletionProtection });

    const apiFunction = new HouseFunction(this, 'ApiFunction', {
      entry: API_ENTRY,
      description: 'staffing dashboard HTTP API',
      logRetention,
      memorySize: 1024,
      // API Gateway gives up at 30 s; the store's bounded retries finish well inside this.
      timeout: Duration.seconds(20),
    });
    bindTable(apiFunction, table);

    const reconcileFunction = new HouseFunction(this, 'ReconcileFunction', {
      entry: RECONCILE_ENTRY,
      description: 'staffing dashboard reconcile job',
      logRetention,
      memorySize: 1024,
      timeout: Duration.minutes(5),
    });
    bindTable(reconcileFunction, table, { readsWrites: true });
    const reconcileEvery = Duration.minutes(settings.reconcileEveryMinutes);
    new Rule(this, 'ReconcileSchedule', {
      description: 'Finish any return write that was cut off before its views were updated',
      schedule: Schedule.rate(reconcileEvery),
      targets: [new LambdaFunction(reconcileFunction, { retryAttempts: 2, maxEventAge: reconcileEvery })],
    });

    // Unique across accounts by default: a fixed prefix is almost certainly taken in the region.
    const authDomainPrefix = settings.authDomainPrefix ?? `staffing-${this.account}`;
    // The hosted sign-in origins are known from the prefix alone, so the dashboard's CSP can
    // name them before the user pool exists (the pool's client in turn names the dashboard).
    const signInDomain = `https://${authDomainPrefix}.auth.${this.region}.amazoncognito.com`;
    const issuerOrigin = `https://cognito-idp.${this.region}.${this.urlSuffix}`;

    const logs = logBucket(this, 'AccessLogs', logRetention);
    const originSecret = new OriginSecret(this, 'OriginSecret', { generation: settings.originSecretGeneration });
    const api = new StaffingApi(this, 'Api', { rateLimit: settings.apiRateLimit, burstLimit: settings.apiBurstLimit, logRetention });
    const web = new WebDistribution(this, 'Web', {
      apiOriginDomain: api.originDomain,
      apiOriginHeaders: { [ORIGIN_HEADER]: originSecret.value },
      connectOrigins: [issuerOrigin, signInDomain],
      logs,
      domainName: settings.domainName,
      certificateArn: settings.certificateArn,
      webAclArn: settings.webAclArn,
      geoAllowList: settings.geoAllowList,
    });
    const users = new UserDirectory(this, 'Users', {
      domainPrefix: authDomainPrefix,
      dashboardUrl: web.url,
      deletionProtection: settings.deletionProtection,
      threatProtection: settings.threatProtection,
      email: settings.email,
    });
    apiFunction.addEnvironment('USER_POOL_ID', users.userPool.userPoolId);
    apiFunction.addEnvironment('USER_POOL_CLIENT_IDS', users.clients.map((c) => c.userPoolClientId).join(','));
    apiFunction.addEnvironment('ORIGIN_SECRET', originSecret.value);
    // The function starts requiring a new origin secret only once CloudFront has finished sending it.
    apiFunction.node.addDependency(web.distribution);
    users.grantUserAdministration(apiFunction);
    api.routeTo({ handler: apiFunction, userPool: users.userPool, clients: users.clients });

    new SiteContent(this, 'Site', {
      bucket: web.bucket,
      distribution: web.distribution,
      webDist: WEB_DIST,
      logRetention,
      config: {
        auth: 'cognito',
        authority: users.authority,
        clientId: users.client.userPoolClientId,
        redirectUri: web.url,
        domain: users.domain.baseUrl(),
        logoutUri: web.url,
        scope: 'openid email',
      },
    });

    const alarms = new OperationsAlarms(this, 'Alarms', { email: settings.alarmEmail });
    alarms.add({ id: 'ApiErrors', description: 'The API function crashed or timed out (see the Errors saved query).', metric: apiFunction.metricErrors(), threshold: 1 });
    alarms.add({ id: 'ApiThrottles', description: 'The API function was throttled: requests are being refused (Lambda concurrency quota).', metric: apiFunction.metricThrottles(), threshold: 1 });
    alarms.add({
      id: 'ApiServerErrors',
      description: `The API answered 5xx ${SERVER_ERRORS_IN_5_MINUTES} or more times in 5 minutes (503: DynamoDB unavailable after retries; 500: a bug, see the Errors saved query).`,
      metric: api.serverErrors,
      threshold: SERVER_ERRORS_IN_5_MINUTES,
    });
    alarms.add({
      id: 'ApiUnauthorizedBurst',
      description: `The API refused ${UNAUTHORIZED_IN_5_MINUTES} or more tokens (401) in 5 minutes: sign-in may be failing for many users, or someone is trying tokens.`,
      metric: api.unauthorized,
      threshold: UNAUTHORIZED_IN_5_MINUTES,
    });
    alarms.add({ id: 'ReconcileErrors', description: 'The reconcile job failed: views may lag their returns until it succeeds.', metric: reconcileFunction.metricErrors(), threshold: 1 });
    alarms.add({
      id: 'ReconcileNotRunning',
      description: `The reconcile job has not run for ${2 * settings.reconcileEveryMinutes} minutes: check the ReconcileSchedule rule is enabled. (Right after the first deploy this fires once and clears on the first run.)`,
      metric: reconcileFunction.metricInvocations(),
      comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
      threshold: 1,
      period: reconcileEvery,
      periods: 2,
      // No run means no data point at all: silence is the trouble here.
      missingData: TreatMissingData.BREACHING,
    });
    alarms.add({
      id: 'TableThrottles',
      description: 'DynamoDB throttled the table: on demand this means traffic more than doubled its previous peak, or one key is hot. Saves retry, then answer 503.',
      metric: new MathExpression({
        expression: 'reads + writes',
        usingMetrics: { reads: table.metric('ReadThrottleEvents', { statistic: 'Sum' }), writes: table.metric('WriteThrottleEvents', { statistic: 'Sum' }) },
        label: 'throttle events',
      }),
      threshold: 1,
    });

    const operations = new OperationsDashboard(this, 'Operations', {
      stage: api.stage,
      serverErrors: api.serverErrors,
      unauthorized: api.unauthorized,
      apiFunction,
      reconcileFunction,
      table,
      alarms: alarms.alarms,
    });
    new SavedLogQueries(this, 'Queries', {
      functions: [apiFunction.logGroup, reconcileFunction.logGroup],
      apiFunction: [apiFunction.logGroup],
      apiAccess: [api.accessLogs],
    });

    new CfnOutput(this, 'DashboardUrl', { value: web.url, description: 'Open this to use the dashboard' });
    new CfnOutput(this, 'UserPoolId', { value: users.userPool.userPoolId, description: 'The user directory: people, and the groups admin, leader and provider' });
    new CfnOutput(this, 'UserPoolClientId', { value: users.client.userPoolClientId, description: "The dashboard's sign-in client" });
    new CfnOutput(this, 'ScriptsClientId', { value: users.scriptsClient.userPoolClientId, description: 'Sign in from a terminal to script the API (README, "Calling the API from a script")' });
    new CfnOutput(this, 'SignInDomain', { value: users.domain.baseUrl() });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn, description: 'Subscribe the on-call team here' });
    new CfnOutput(this, 'OperationsDashboardUrl', {
      value: `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards/dashboard/${operations.dashboard.dashboardName}`,
      description: 'Alarms, traffic, latency, the table and the reconcile job on one page',
    });
  }
}
