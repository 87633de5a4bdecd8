import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE, WRITES_INDEX } from '#store/table';
import { ORIGIN_HEADER } from '#handlers/origin-check';
import { TABLE_ACTIONS } from '#infra/constructs/house-function';
import { LOG_QUERIES } from '#infra/constructs/log-queries';
import { USER_ADMIN_ACTIONS } from '#infra/constructs/user-directory';
import { DEPLOYER_ENV, EVERY_OPTION, synthesize, type Synthesized } from './synth';

/**
 * The default deployment as an offline `cdk synth` sees it, and one with every option set as
 * `cdk deploy` sees it (account and region known): the two shapes a system can deploy.
 */
let s: Synthesized;
let full: Synthesized;
beforeAll(() => {
  s = synthesize();
  full = synthesize(EVERY_OPTION, DEPLOYER_ENV);
});

const newestNode = () =>
  Runtime.ALL.map((r) => r.name)
    .filter((n) => /^nodejs\d+\.x$/.test(n))
    .sort((a, b) => Number.parseInt(a.slice(6)) - Number.parseInt(b.slice(6)))
    .at(-1);

const resources = (type: string, from = s) => Object.entries(from.template.findResources(type));
const only = (type: string, from = s) => {
  const found = resources(type, from);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const idOf = (type: string, prefix: string, from = s) => {
  const id = resources(type, from)
    .map(([k]) => k)
    .find((k) => k.startsWith(prefix));
  if (!id) throw new Error(`no ${type} ${prefix}`);
  return id;
};
const policyStatements = (from = s): { Action: string | string[]; Resource: unknown; roles: unknown }[] =>
  resources('AWS::IAM::Policy', from).flatMap(([, p]) =>
    p.Properties.PolicyDocument.Statement.map((st: { Action: string | string[]; Resource: unknown }) => ({ ...st, roles: p.Properties.Roles })),
  );
const apiFunction = (from = s) => from.template.toJSON().Resources[idOf('AWS::Lambda::Function', 'ApiFunction', from)];
const dashboardClient = () => resources('AWS::Cognito::UserPoolClient').find(([, c]) => c.Properties.AllowedOAuthFlows)!;
const scriptsClient = () => resources('AWS::Cognito::UserPoolClient').find(([, c]) => !c.Properties.AllowedOAuthFlows)!;

describe('the staffing table keeps every return safe', () => {
  it('is on-demand, keyed and indexed as the store defines it, recoverable, protected, kept and encrypted', () => {
    s.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: TABLE.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: TABLE.sortKey.name, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: WRITES_INDEX.name,
            KeySchema: [
              { AttributeName: WRITES_INDEX.partitionKey.name, KeyType: 'HASH' },
              { AttributeName: WRITES_INDEX.sortKey.name, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...WRITES_INDEX.include] },
          },
        ],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
      },
    });
  });
});

describe('a first deploy into a fresh account', () => {
  const DATA_TYPES = ['AWS::DynamoDB::Table', 'AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolGroup', 'AWS::S3::Bucket', 'AWS::Logs::LogGroup'];

  it('keeps the table, the users and their groups, the buckets and every log group on delete, yet lets a failed first deploy remove them', () => {
    for (const type of DATA_TYPES) {
      const found = resources(type);
      expect(found.length, type).toBeGreaterThan(0);
      for (const [id, r] of found) expect([id, r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual([id, 'RetainExceptOnCreate', 'Retain']);
    }
  });

  it('retains nothing with a plain Retain, which a failed first deploy would leave behind', () => {
    const all = Object.entries(s.template.toJSON().Resources as Record<string, { DeletionPolicy?: string }>);
    const plain = all.filter(([, r]) => r.DeletionPolicy === 'Retain');
    expect(plain.map(([id]) => id)).toEqual([]);
  });

  it('signs in at staffing-<account id> unless a prefix is given, so the domain is not already taken', () => {
    s.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: { 'Fn::Join': ['', ['staffing-', { Ref: 'AWS::AccountId' }]] } });
    full.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'oxon-staffing' });
  });

  it('can turn deletion protection off, so CloudFormation can roll a failed first deploy all the way back', () => {
    s.template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
    full.template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
    full.template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'INACTIVE' });
  });
});

describe('functions', () => {
  it('run arm64 on the newest Node.js runtime aws-cdk-lib offers, with JSON logs, per-invocation reports, tracing and source maps', () => {
    // Ours are the functions bound to the table (the other one is aws-cdk-lib's upload handler).
    const fns = Object.values(s.template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { TABLE_NAME: Match.anyValue() } } } }));
    expect(fns).toHaveLength(2);
    for (const fn of fns) {
      expect(fn.Properties).toMatchObject({
        Runtime: newestNode(),
        Architectures: ['arm64'],
        LoggingConfig: { LogFormat: 'JSON', SystemLogLevel: 'INFO' },
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', TABLE_NAME: { Ref: only('AWS::DynamoDB::Table')[0] } } },
      });
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
  });

  it('give the API what it needs to verify Cognito tokens from the dashboard and from scripts', () => {
    expect(apiFunction().Properties.Environment.Variables).toMatchObject({
      USER_POOL_ID: { Ref: only('AWS::Cognito::UserPool')[0] },
      USER_POOL_CLIENT_IDS: { 'Fn::Join': ['', [{ Ref: dashboardClient()[0] }, ',', { Ref: scriptsClient()[0] }]] },
    });
  });

  it('may only get, query and write single items in the table: no scans, no streams, no table admin', () => {
    const [tableId] = only('AWS::DynamoDB::Table');
    const tableStatements = policyStatements().filter((st) => JSON.stringify(st.Resource).includes(tableId));
    const onTable = tableStatements.filter((st) => !JSON.stringify(st.Resource).includes('/index/'));
    expect(onTable).toHaveLength(2);
    for (const st of onTable) {
      expect([...st.Action].sort()).toEqual([...TABLE_ACTIONS].sort());
      expect(st.Resource).toEqual({ 'Fn::GetAtt': [tableId, 'Arn'] });
    }
  });

  it('let only the reconcile job read the writes index, and only query it', () => {
    const [tableId] = only('AWS::DynamoDB::Table');
    const onIndex = policyStatements().filter((st) => JSON.stringify(st.Resource).includes('/index/'));
    expect(onIndex).toHaveLength(1);
    expect(onIndex[0]!.Action).toBe('dynamodb:Query');
    expect(onIndex[0]!.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, `/index/${WRITES_INDEX.name}`]] });
    const reconcileRole = s.template.toJSON().Resources[idOf('AWS::Lambda::Function', 'ReconcileFunction')].Properties.Role['Fn::GetAtt'][0];
    expect(onIndex[0]!.roles).toEqual([{ Ref: reconcileRole }]);
  });

  it('let the API manage users only in its own pool, and only invite, read, regroup, disable, enable and sign out', () => {
    const [poolId] = only('AWS::Cognito::UserPool');
    const cognito = policyStatements().filter((st) => JSON.stringify(st.Action).includes('cognito-idp:'));
    expect(cognito).toHaveLength(1);
    expect([...cognito[0]!.Action].sort()).toEqual([...USER_ADMIN_ACTIONS].sort());
    expect(cognito[0]!.Action).toEqual(expect.arrayContaining(['cognito-idp:AdminDisableUser', 'cognito-idp:AdminEnableUser']));
    expect(cognito[0]!.Action).not.toContain('cognito-idp:AdminDeleteUser');
    expect(cognito[0]!.Resource).toEqual({ 'Fn::GetAtt': [poolId, 'Arn'] });
    expect(cognito[0]!.roles).toEqual([{ Ref: apiFunction().Properties.Role['Fn::GetAtt'][0] }]);
  });

  it('run without AWS managed policies (each role may write only its own log group)', () => {
    for (const [, role] of resources('AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('the HTTP API', () => {
  const routes = () => resources('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);

  it('checks a Cognito JWT from either client on every /api route except health and the OpenAPI document', () => {
    const [authorizerId, authorizer] = only('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: dashboardClient()[0] }, { Ref: scriptsClient()[0] }] },
    });
    const byKey = Object.fromEntries(routes().map((r) => [r.RouteKey, r]));
    expect(Object.keys(byKey).sort()).toEqual(['ANY /api/{proxy+}', 'GET /api/health', 'GET /api/openapi.json']);
    expect(byKey['ANY /api/{proxy+}']).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    for (const open of ['GET /api/health', 'GET /api/openapi.json']) {
      expect(byKey[open].AuthorizationType).toBe('NONE');
      expect(byKey[open].AuthorizerId).toBeUndefined();
    }
  });

  it('has a $default stage throttled for a county morning, logging one JSON line per request', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 200 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [idOf('AWS::Logs::LogGroup', 'ApiAccessLogs'), 'Arn'] } },
    });
  });

  it('logs status and latency as numbers, so metric filters and queries can compare them', () => {
    const format: string = only('AWS::ApiGatewayV2::Stage')[1].Properties.AccessLogSettings.Format;
    // What API Gateway writes for a 503 that took 12 ms, with "-" where it has no value.
    const line = format.replace('$context.status', '503').replace('$context.responseLatency', '12').replace(/\$context\.[A-Za-z.]+/g, '-');
    expect(JSON.parse(line)).toMatchObject({ status: 503, latencyMs: 12, requestId: '-', path: '-' });
  });
});

describe('sign-in', () => {
  it('has the three role groups and no self sign-up, with MFA required, on the Essentials plan by default', () => {
    const groups = resources('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(['admin', 'leader', 'provider']);
    s.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'ESSENTIALS',
      UserPoolAddOns: Match.absent(),
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true, RequireUppercase: true }) },
    });
  });

  it('moves to the Plus plan with threat protection enforced when asked', () => {
    full.template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } });
  });

  it("sends invitations through Cognito by default, or from the system's own SES identity", () => {
    s.template.hasResourceProperties('AWS::Cognito::UserPool', { EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' } });
    full.template.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: {
        EmailSendingAccount: 'DEVELOPER',
        From: 'Oxfordshire staffing dashboard <staffing-dashboard@example.nhs.uk>',
        SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':ses:eu-west-2:123456789012:identity/example\\.nhs\\.uk$')])] },
      },
    });
  });

  it('invites people in plain English: where to sign in, the temporary password, and what comes next', () => {
    const template = only('AWS::Cognito::UserPool')[1].Properties.AdminCreateUserConfig.InviteMessageTemplate;
    const body = JSON.stringify(template.EmailMessage);
    for (const part of ['{username}', '{####}', 'authenticator app', '3 days', 'DomainName']) expect(body).toContain(part);
    expect(template.EmailSubject).toBe('Your account for the system staffing dashboard');
  });

  it('gives the dashboard a public client: code flow only, no secret, redirects only to the dashboard, renewed by a refresh token', () => {
    const [distributionId] = only('AWS::CloudFront::Distribution');
    const dashboard = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']] };
    expect(dashboardClient()[1].Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: [dashboard],
      LogoutURLs: [dashboard],
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: 60,
      RefreshTokenValidity: 720,
      EnableTokenRevocation: true,
    });
  });

  it('gives scripts their own client: password and authenticator code from a terminal, no browser redirect, an hour at a time', () => {
    const client = scriptsClient()[1].Properties;
    expect(client).toMatchObject({
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: 60,
      RefreshTokenValidity: 60,
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
    });
    expect(client.AllowedOAuthFlowsUserPoolClient).not.toBe(true);
    expect(client.CallbackURLs).toBeUndefined();
  });
});

describe('CloudFront', () => {
  const config = (from = s) => only('AWS::CloudFront::Distribution', from)[1].Properties.DistributionConfig;
  const apiOrigin = (from = s) => {
    const behaviour = config(from).CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
    return config(from).Origins.find((o: { Id: string }) => o.Id === behaviour.TargetOriginId);
  };
  const secretReference = (secretId: string) => ({ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] });

  it('serves client-side routes with a viewer-request function, never with error responses that would hide API errors', () => {
    expect(config().CustomErrorResponses).toBeUndefined();
    const [fnId] = only('AWS::CloudFront::Function');
    expect(config().DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fnId, 'FunctionARN'] } },
    ]);
  });

  it('reads the private bucket through Origin Access Control', () => {
    const [oacId, oac] = only('AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' });
    const s3Origin = config().Origins.find((o: { S3OriginConfig?: unknown }) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
    expect(s3Origin.OriginCustomHeaders).toBeUndefined();
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'site/' }),
    });
  });

  it('forwards /api/* uncached to the HTTP API with every viewer header but Host, for every method', () => {
    const api = config().CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
    expect(api).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
      ViewerProtocolPolicy: 'https-only',
    });
    const [apiId] = only('AWS::ApiGatewayV2::Api');
    expect(JSON.stringify(apiOrigin().DomainName)).toContain(apiId);
    expect(apiOrigin().CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  });

  it('sends the API a secret generated in the account, which the API function is given by the same reference', () => {
    const [secretId, secret] = only('AWS::SecretsManager::Secret');
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 48, ExcludePunctuation: true });
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(apiOrigin().OriginCustomHeaders).toEqual([{ HeaderName: ORIGIN_HEADER, HeaderValue: secretReference(secretId) }]);
    expect(apiFunction().Properties.Environment.Variables.ORIGIN_SECRET).toEqual(secretReference(secretId));
  });

  it('updates the API function only after the distribution, so a rotated secret is sent before it is required', () => {
    expect(apiFunction().DependsOn).toContain(only('AWS::CloudFront::Distribution')[0]);
  });

  it('rotates the secret by deploying a new generation: a new secret for both ends', () => {
    const [before] = only('AWS::SecretsManager::Secret');
    const [after] = only('AWS::SecretsManager::Secret', full);
    expect(after).not.toBe(before);
    expect(apiOrigin(full).OriginCustomHeaders[0].HeaderValue).toEqual(secretReference(after));
    expect(apiFunction(full).Properties.Environment.Variables.ORIGIN_SECRET).toEqual(secretReference(after));
  });

  it('sends security headers on pages and API answers, and keeps access logs', () => {
    const [policyId, policy] = only('AWS::CloudFront::ResponseHeadersPolicy');
    const headers = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY' },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer' },
    });
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/connect-src 'self' https:\/\/cognito-idp\..*https:\/\/staffing-",\{"Ref":"AWS::AccountId"\},"\.auth\./);
    expect(config().DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    expect(config().CacheBehaviors[0].ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    expect(config().Logging).toMatchObject({ Prefix: 'cloudfront/' });
  });

  it('uses TLSv1.2_2021 or later when given a custom domain', () => {
    full.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['staffing.example.nhs.uk'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
        WebACLId: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/staffing/abc',
        Restrictions: { GeoRestriction: { Locations: ['GB'], RestrictionType: 'whitelist' } },
      }),
    });
    full.template.hasResourceProperties('AWS::Cognito::UserPoolClient', { CallbackURLs: ['https://staffing.example.nhs.uk/'] });
  });
});

describe('the dashboard content', () => {
  it("writes /config.json at deploy time with this deployment's Cognito settings, and invalidates it", () => {
    const deployments = resources('Custom::CDKBucketDeployment').map(([, d]) => d.Properties);
    const entry = deployments.find((d) => d.DistributionPaths);
    expect(entry.DistributionPaths).toEqual(['/index.html', '/config.json']);
    const markers = JSON.stringify(entry.SourceMarkers);
    expect(markers).toContain(dashboardClient()[0]);
    expect(markers).toContain(only('AWS::Cognito::UserPool')[0]);
  });
});

describe('operations', () => {
  type Alarm = Record<string, any>;
  const alarms = (from = s): Record<string, Alarm> => Object.fromEntries(resources('AWS::CloudWatch::Alarm', from).map(([id, a]) => [id.replace(/^Alarms|[0-9A-F]{8}$/g, ''), a.Properties]));
  const reconcileId = () => idOf('AWS::Lambda::Function', 'ReconcileFunction');
  const metricFilter = (metricName: string) =>
    resources('AWS::Logs::MetricFilter').find(([, f]) => f.Properties.MetricTransformations[0].MetricName === metricName)![1].Properties;

  it('runs the reconcile job on a schedule', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [reconcileId(), 'Arn'] } })],
    });
    s.template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: { 'Fn::GetAtt': [reconcileId(), 'Arn'] }, Principal: 'events.amazonaws.com' });
  });

  it('alarms on real trouble, each to the encrypted topic and back when it clears', () => {
    const [topicId, topic] = only('AWS::SNS::Topic');
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    expect(Object.keys(alarms()).sort()).toEqual(
      ['ApiErrors', 'ApiThrottles', 'ApiServerErrors', 'ApiUnauthorizedBurst', 'ReconcileErrors', 'ReconcileNotRunning', 'TableThrottles'].sort(),
    );
    for (const alarm of Object.values(alarms())) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions).toEqual([{ Ref: topicId }]);
      expect(alarm.AlarmDescription.length).toBeGreaterThan(40);
    }
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it("counts the app's own 5xx answers and 401s from the access log, where Lambda's Errors never sees them", () => {
    const accessLogs = idOf('AWS::Logs::LogGroup', 'ApiAccessLogs');
    expect(metricFilter('Api5xx')).toMatchObject({ LogGroupName: { Ref: accessLogs }, FilterPattern: '{ $.status >= 500 }' });
    expect(metricFilter('Api401')).toMatchObject({ LogGroupName: { Ref: accessLogs }, FilterPattern: '{ $.status = 401 }' });
    for (const name of ['Api5xx', 'Api401']) expect(metricFilter(name).MetricTransformations[0]).toMatchObject({ MetricValue: '1', DefaultValue: 0 });
    const { ApiServerErrors, ApiUnauthorizedBurst } = alarms();
    expect(ApiServerErrors).toMatchObject({ MetricName: 'Api5xx', Namespace: 'Staffing/StaffingDashboard', Statistic: 'Sum', Period: 300, Threshold: 3 });
    expect(ApiUnauthorizedBurst).toMatchObject({ MetricName: 'Api401', Namespace: 'Staffing/StaffingDashboard', Statistic: 'Sum', Period: 300, Threshold: 20 });
  });

  it('alarms when the reconcile job has not run for two schedule periods, treating no data as not running', () => {
    expect(alarms().ReconcileNotRunning).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Invocations',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: reconcileId() } }],
      Statistic: 'Sum',
      Period: 900,
      EvaluationPeriods: 2,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
    for (const [name, alarm] of Object.entries(alarms())) if (name !== 'ReconcileNotRunning') expect([name, alarm.TreatMissingData]).toEqual([name, 'notBreaching']);
  });

  it('alarms on any DynamoDB throttling of the table, reads or writes', () => {
    const [tableId] = only('AWS::DynamoDB::Table');
    const { Metrics: metrics } = alarms().TableThrottles;
    expect(metrics.find((m: Alarm) => m.Expression)).toMatchObject({ Expression: 'reads + writes', ReturnData: true });
    const names = metrics.filter((m: Alarm) => m.MetricStat).map((m: Alarm) => m.MetricStat);
    expect(names.map((m: Alarm) => m.Metric.MetricName).sort()).toEqual(['ReadThrottleEvents', 'WriteThrottleEvents']);
    for (const m of names) expect(m).toMatchObject({ Stat: 'Sum', Period: 300, Metric: { Namespace: 'AWS/DynamoDB', Dimensions: [{ Name: 'TableName', Value: { Ref: tableId } }] } });
  });

  it('e-mails the on-call address when one is given, and warns at synth when none is', () => {
    expect(resources('AWS::SNS::Subscription')).toHaveLength(0);
    const warnings = s.stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data)));
    expect(warnings.some((w) => w.includes('staffing:alarmEmail'))).toBe(true);
    full.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.nhs.uk' });
  });

  it('puts every alarm, the traffic, latency, function, table and reconcile job on one CloudWatch dashboard', () => {
    const body = JSON.stringify(only('AWS::CloudWatch::Dashboard')[1].Properties.DashboardBody);
    for (const [id] of resources('AWS::CloudWatch::Alarm')) expect(body).toContain(`{"Fn::GetAtt":["${id}","Arn"]}`);
    for (const metric of ['Latency', 'Api5xx', 'Api401', 'ConcurrentExecutions', 'ConsumedWriteCapacityUnits', 'WriteThrottleEvents', 'Invocations']) expect(body).toContain(metric);
  });

  it('saves the README’s Logs Insights queries in the account, against the right log groups', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const saved = resources('AWS::Logs::QueryDefinition').map(([, q]) => q.Properties);
    expect(saved.map((q) => q.Name).sort()).toEqual(LOG_QUERIES.map((q) => `StaffingDashboard/${q.name}`).sort());
    for (const q of LOG_QUERIES) {
      expect(readme.includes(q.query), `README lacks the query "${q.name}" word for word`).toBe(true);
      expect(saved.find((d) => d.Name.endsWith(q.name))!.QueryString).toBe(q.query);
    }
    const groupsOf = (name: string) => JSON.stringify(saved.find((d) => d.Name.endsWith(name))!.LogGroupNames);
    expect(groupsOf('Errors')).toContain(idOf('AWS::Logs::LogGroup', 'ReconcileFunctionLogs'));
    expect(groupsOf('Latency by cold start')).toContain(idOf('AWS::Logs::LogGroup', 'ApiFunctionLogs'));
    expect(groupsOf('Slow requests')).toContain(idOf('AWS::Logs::LogGroup', 'ApiAccessLogs'));
  });

  it('reports where to go and what to configure', () => {
    for (const name of ['DashboardUrl', 'UserPoolId', 'UserPoolClientId', 'ScriptsClientId', 'TableName', 'AlarmTopicArn', 'OperationsDashboardUrl']) s.template.hasOutput(name, {});
  });
});
