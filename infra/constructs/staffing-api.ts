import { Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type IFilterPattern, LogGroup, MetricFilter, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { KEEP } from './keep';

/** The routes anyone may call: a load balancer's health probe and the API's own description. */
export const PUBLIC_ROUTES = ['/api/health', '/api/openapi.json'] as const;

export interface StaffingApiProps {
  rateLimit: number;
  burstLimit: number;
  logRetention: RetentionDays;
}

/**
 * The HTTP API in front of the one API Lambda. API Gateway checks the Cognito access token
 * before the Lambda runs (the app verifies it again and decides what the caller may do), so
 * an unauthenticated flood costs no Lambda time. Throttled and access-logged at the stage.
 */
export class StaffingApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** One JSON line per request: the status every caller really got, whoever answered it. */
  readonly accessLogs: LogGroup;
  /** Answers with status 500 or above, the app's own 500s and 503s included (Lambda's Errors counts only crashes). */
  readonly serverErrors: Metric;
  /** Answers with status 401: tokens refused by API Gateway or by the app. */
  readonly unauthorized: Metric;

  constructor(scope: Construct, id: string, props: StaffingApiProps) {
    super(scope, id);
    // Reached only through CloudFront's /api/* behaviour, same origin as the dashboard: no CORS.
    this.api = new HttpApi(this, 'Http', { description: 'Staffing dashboard API', createDefaultStage: false });

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy: KEEP });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: accessLogFormat() },
    });
    this.serverErrors = this.countAnswers('ServerErrors', 'Api5xx', FilterPattern.numberValue('$.status', '>=', 500));
    this.unauthorized = this.countAnswers('Unauthorized', 'Api401', FilterPattern.numberValue('$.status', '=', 401));
  }

  /** A metric counting access-log lines that match; 0 for every batch of lines that do not, so quiet is 0, not missing. */
  private countAnswers(id: string, metricName: string, pattern: IFilterPattern): Metric {
    const filter = new MetricFilter(this, id, {
      logGroup: this.accessLogs,
      metricNamespace: `Staffing/${Stack.of(this).stackName}`,
      metricName,
      filterPattern: pattern,
      metricValue: '1',
      defaultValue: 0,
    });
    return filter.metric({ statistic: 'Sum' });
  }

  /**
   * Sends every /api route to the handler. Separate from construction because the user
   * pool's clients name the dashboard URL, which needs this API as a CloudFront origin first.
   */
  routeTo(props: { handler: IFunction; userPool: IUserPool; clients: IUserPoolClient[] }): void {
    const integration = new HttpLambdaIntegration('Lambda', props.handler);
    const authorizer = new HttpUserPoolAuthorizer('Cognito', props.userPool, { userPoolClients: props.clients });
    new HttpRoute(this, 'Authenticated', {
      httpApi: this.api,
      routeKey: HttpRouteKey.with('/api/{proxy+}', HttpMethod.ANY),
      integration,
      authorizer,
    });
    for (const path of PUBLIC_ROUTES) {
      const route = new HttpRoute(this, `Public${path.replace(/[^A-Za-z]/g, '')}`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(path, HttpMethod.GET),
        integration,
      });
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${path} is public by the API contract (health probe / OpenAPI document) and returns no user data; every other route has the Cognito JWT authorizer.`,
      });
    }
  }

  /** The host name CloudFront forwards /api/* to. */
  get originDomain(): string {
    return `${this.api.apiId}.execute-api.${this.api.stack.region}.${this.api.stack.urlSuffix}`;
  }
}

/**
 * One JSON object per request, so Logs Insights and metric filters can read it; the caller's
 * subject, never the token. Status and latency are bare numbers, so filters can compare them
 * (`status >= 500`); the rest are strings, because API Gateway writes "-" when it has no value.
 */
function accessLogFormat(): AccessLogFormat {
  const strings = {
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    method: '$context.httpMethod',
    path: '$context.path',
    routeKey: '$context.routeKey',
    responseLength: '$context.responseLength',
    integrationLatencyMs: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    subject: '$context.authorizer.claims.sub',
  };
  const numbers = { status: '$context.status', latencyMs: '$context.responseLatency' };
  const members = [...Object.entries(strings).map(([k, v]) => `"${k}":"${v}"`), ...Object.entries(numbers).map(([k, v]) => `"${k}":${v}`)];
  return AccessLogFormat.custom(`{${members.join(',')}}`);
}
