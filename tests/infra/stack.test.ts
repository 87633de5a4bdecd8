import { Match } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE } from '#store/table';
import { TABLE_ACTIONS } from '#infra/constructs/house-function';
import { synthesize, type Synthesized } from './synth';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});

const newestNode = () =>
  Runtime.ALL.map((r) => r.name)
    .filter((n) => /^nodejs\d+\.x$/.test(n))
    .sort((a, b) => Number.parseInt(a.slice(6)) - Number.parseInt(b.slice(6)))
    .at(-1);

const only = (type: string) => {
  const found = Object.entries(s.template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('the staffing table keeps every return safe', () => {
  it('is on-demand, keyed as the store defines it, recoverable, protected, retained and encrypted', () => {
    s.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: TABLE.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: TABLE.sortKey.name, KeyType: 'RANGE' },
        ],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
      },
    });
  });
});

describe('functions', () => {
  it('run arm64 on the newest Node.js runtime aws-cdk-lib offers, with JSON logs, tracing and source maps', () => {
    // Ours are the functions bound to the table (the other one is aws-cdk-lib's upload handler).
    const fns = Object.values(s.template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { TABLE_NAME: Match.anyValue() } } } }));
    expect(fns).toHaveLength(2);
    for (const fn of fns) {
      expect(fn.Properties).toMatchObject({
        Runtime: newestNode(),
        Architectures: ['arm64'],
        LoggingConfig: { LogFormat: 'JSON' },
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', TABLE_NAME: { Ref: only('AWS::DynamoDB::Table')[0] } } },
      });
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
  });

  it('give the API what it needs to verify Cognito tokens', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          USER_POOL_ID: { Ref: only('AWS::Cognito::UserPool')[0] },
          USER_POOL_CLIENT_ID: { Ref: only('AWS::Cognito::UserPoolClient')[0] },
        }),
      },
    });
  });

  it('may only get, query and write single items in the table: no scans, no streams, no table admin', () => {
    const [tableId] = only('AWS::DynamoDB::Table');
    const statements = Object.values(s.template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const tableStatements = statements.filter((st) => JSON.stringify(st.Resource).includes(tableId));
    expect(tableStatements).toHaveLength(2);
    for (const st of tableStatements) {
      expect([...st.Action].sort()).toEqual([...TABLE_ACTIONS.readWrite].sort());
      expect(st.Resource).toEqual({ 'Fn::GetAtt': [tableId, 'Arn'] });
    }
  });

  it('run without AWS managed policies (each role may write only its own log group)', () => {
    for (const role of Object.values(s.template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('the HTTP API', () => {
  const routes = () => Object.values(s.template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);

  it('checks a Cognito JWT on every /api route except health and the OpenAPI document', () => {
    const [authorizerId, authorizer] = only('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: only('AWS::Cognito::UserPoolClient')[0] }] },
    });
    const byKey = Object.fromEntries(routes().map((r) => [r.RouteKey, r]));
    expect(Object.keys(byKey).sort()).toEqual(['ANY /api/{proxy+}', 'GET /api/health', 'GET /api/openapi.json']);
    expect(byKey['ANY /api/{proxy+}']).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    for (const open of ['GET /api/health', 'GET /api/openapi.json']) {
      expect(byKey[open].AuthorizationType).toBe('NONE');
      expect(byKey[open].AuthorizerId).toBeUndefined();
    }
  });

  it('has a throttled, access-logged $default stage', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }, Format: Match.stringLikeRegexp('\\$context\\.requestId') },
    });
  });
});

describe('sign-in', () => {
  it('has the three role groups and no self sign-up, with MFA required and threat protection', () => {
    const groups = Object.values(s.template.findResources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(['admin', 'leader', 'provider']);
    s.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true, RequireUppercase: true }) },
    });
  });

  it('gives the dashboard a public client: code flow only, no secret, redirects only to the dashboard', () => {
    const [distributionId] = only('AWS::CloudFront::Distribution');
    const dashboard = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']] };
    s.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: [dashboard],
      LogoutURLs: [dashboard],
      SupportedIdentityProviders: ['COGNITO'],
    });
    s.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'staffing-dashboard' });
  });
});

describe('CloudFront', () => {
  const config = () => only('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig;

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
    const origin = config().Origins.find((o: { Id: string }) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toContain(apiId);
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
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
    expect(csp).toMatch(/connect-src 'self' https:\/\/cognito-idp\..*https:\/\/staffing-dashboard\.auth\./);
    expect(config().DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    expect(config().CacheBehaviors[0].ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    expect(config().Logging).toMatchObject({ Prefix: 'cloudfront/' });
  });

  it('uses TLSv1.2_2021 or later when given a custom domain', () => {
    const custom = synthesize({
      'staffing:domainName': 'staffing.example.nhs.uk',
      'staffing:certificateArn': 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      'staffing:webAclArn': 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/staffing/abc',
      'staffing:geoAllowList': 'GB',
    });
    custom.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['staffing.example.nhs.uk'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
        WebACLId: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/staffing/abc',
        Restrictions: { GeoRestriction: { Locations: ['GB'], RestrictionType: 'whitelist' } },
      }),
    });
    custom.template.hasResourceProperties('AWS::Cognito::UserPoolClient', { CallbackURLs: ['https://staffing.example.nhs.uk/'] });
  });
});

describe('the dashboard content', () => {
  it('writes /config.json at deploy time with this deployment\'s Cognito settings, and invalidates it', () => {
    const deployments = Object.values(s.template.findResources('Custom::CDKBucketDeployment')).map((d) => d.Properties);
    const entry = deployments.find((d) => d.DistributionPaths);
    expect(entry.DistributionPaths).toEqual(['/index.html', '/config.json']);
    const markers = JSON.stringify(entry.SourceMarkers);
    expect(markers).toContain(only('AWS::Cognito::UserPoolClient')[0]);
    expect(markers).toContain(only('AWS::Cognito::UserPool')[0]);
  });
});

describe('operations', () => {
  it('runs the reconcile job on a schedule', () => {
    const functions = s.template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler', Timeout: 300 } });
    const [reconcileId] = Object.keys(functions);
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [reconcileId, 'Arn'] } })],
    });
    s.template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [reconcileId, 'Arn'] },
      Principal: 'events.amazonaws.com',
    });
  });

  it('alarms on API errors, throttles and 5xx, and reconcile errors, to an encrypted topic', () => {
    const [topicId, topic] = only('AWS::SNS::Topic');
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    const alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(alarms.map((a) => `${a.Namespace}/${a.MetricName}`).sort()).toEqual(
      ['AWS/ApiGateway/5xx', 'AWS/Lambda/Errors', 'AWS/Lambda/Errors', 'AWS/Lambda/Throttles'].sort(),
    );
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions).toEqual([{ Ref: topicId }]);
    }
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('reports where to go and what to configure', () => {
    for (const name of ['DashboardUrl', 'UserPoolId', 'UserPoolClientId', 'TableName', 'AlarmTopicArn']) s.template.hasOutput(name, {});
  });
});
