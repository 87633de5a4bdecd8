import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

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

  constructor(scope: Construct, id: string, props: StaffingApiProps) {
    super(scope, id);
    // Reached only through CloudFront's /api/* behaviour, same origin as the dashboard: no CORS.
    this.api = new HttpApi(this, 'Http', { description: 'Staffing dashboard API', createDefaultStage: false });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.RETAIN });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat() },
    });
  }

  /**
   * Sends every /api route to the handler. Separate from construction because the user
   * pool's client names the dashboard URL, which needs this API as a CloudFront origin first.
   */
  routeTo(props: { handler: IFunction; userPool: IUserPool; client: IUserPoolClient }): void {
    const integration = new HttpLambdaIntegration('Lambda', props.handler);
    const authorizer = new HttpUserPoolAuthorizer('Cognito', props.userPool, { userPoolClients: [props.client] });
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

/** One JSON object per request, so Logs Insights can query it; the caller's subject, never the token. */
function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: '$context.requestId',
      requestTime: '$context.requestTime',
      ip: '$context.identity.sourceIp',
      method: '$context.httpMethod',
      path: '$context.path',
      routeKey: '$context.routeKey',
      status: '$context.status',
      responseLength: '$context.responseLength',
      latencyMs: '$context.responseLatency',
      integrationLatencyMs: '$context.integrationLatency',
      integrationError: '$context.integrationErrorMessage',
      authorizerError: '$context.authorizer.error',
      subject: '$context.authorizer.claims.sub',
    }),
  );
}
