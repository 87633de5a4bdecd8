import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { bindTable, HouseFunction } from './constructs/house-function';
import { logBucket } from './constructs/log-bucket';
import { OperationsAlarms } from './constructs/operations-alarms';
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

    const table = staffingTable(this, 'Table');

    const apiFunction = new HouseFunction(this, 'ApiFunction', {
      entry: API_ENTRY,
      description: 'staffing dashboard HTTP API',
      logRetention,
      memorySize: 1024,
      // API Gateway gives up at 30 s; the store's bounded retries finish well inside this.
      timeout: Duration.seconds(20),
    });
    bindTable({ fn: apiFunction, table, access: 'readWrite' });

    const reconcileFunction = new HouseFunction(this, 'ReconcileFunction', {
      entry: RECONCILE_ENTRY,
      description: 'staffing dashboard reconcile job',
      logRetention,
      memorySize: 1024,
      timeout: Duration.minutes(5),
    });
    bindTable({ fn: reconcileFunction, table, access: 'readWrite' });
    new Rule(this, 'ReconcileSchedule', {
      description: 'Finish any return write that was cut off before its views were updated',
      schedule: Schedule.rate(Duration.minutes(settings.reconcileEveryMinutes)),
      targets: [new LambdaFunction(reconcileFunction, { retryAttempts: 2, maxEventAge: Duration.minutes(settings.reconcileEveryMinutes) })],
    });

    // The hosted sign-in origins are known from the prefix alone, so the dashboard's CSP can
    // name them before the user pool exists (the pool's client in turn names the dashboard).
    const signInDomain = `https://${settings.authDomainPrefix}.auth.${this.region}.amazoncognito.com`;
    const issuerOrigin = `https://cognito-idp.${this.region}.${this.urlSuffix}`;

    const logs = logBucket(this, 'AccessLogs', logRetention);
    const api = new StaffingApi(this, 'Api', { rateLimit: settings.apiRateLimit, burstLimit: settings.apiBurstLimit, logRetention });
    const web = new WebDistribution(this, 'Web', {
      apiOriginDomain: api.originDomain,
      connectOrigins: [issuerOrigin, signInDomain],
      logs,
      domainName: settings.domainName,
      certificateArn: settings.certificateArn,
      webAclArn: settings.webAclArn,
      geoAllowList: settings.geoAllowList,
    });
    const users = new UserDirectory(this, 'Users', { domainPrefix: settings.authDomainPrefix, dashboardUrl: web.url });
    apiFunction.addEnvironment('USER_POOL_ID', users.userPool.userPoolId);
    apiFunction.addEnvironment('USER_POOL_CLIENT_ID', users.client.userPoolClientId);
    api.routeTo({ handler: apiFunction, userPool: users.userPool, client: users.client });

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
    alarms.add({ id: 'ApiErrors', description: 'The API function failed (an unhandled error or a timeout).', metric: apiFunction.metricErrors(), threshold: 1 });
    alarms.add({ id: 'ApiThrottles', description: 'The API function was throttled: requests are being refused.', metric: apiFunction.metricThrottles(), threshold: 1 });
    alarms.add({
      id: 'Api5xx',
      description: 'The HTTP API answered 5xx repeatedly (503s mean DynamoDB stayed unavailable after retries).',
      metric: api.stage.metricServerError(),
      threshold: 5,
    });
    alarms.add({ id: 'ReconcileErrors', description: 'The reconcile job failed: views may lag their returns until it succeeds.', metric: reconcileFunction.metricErrors(), threshold: 1 });

    new CfnOutput(this, 'DashboardUrl', { value: web.url, description: 'Open this to use the dashboard' });
    new CfnOutput(this, 'UserPoolId', { value: users.userPool.userPoolId, description: 'Create users here and add them to admin, leader or provider' });
    new CfnOutput(this, 'UserPoolClientId', { value: users.client.userPoolClientId });
    new CfnOutput(this, 'SignInDomain', { value: users.domain.baseUrl() });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn, description: 'Subscribe the on-call team here' });
  }
}
