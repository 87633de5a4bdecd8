import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultStackSynthesizer, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { KEEP } from './keep';

/** What the dashboard reads from /config.json in AWS (see web/src/lib/auth.svelte.ts). */
export interface CognitoWebConfig {
  auth: 'cognito';
  authority: string;
  clientId: string;
  redirectUri: string;
  domain: string;
  logoutUri: string;
  scope: string;
}

export interface SiteContentProps {
  bucket: IBucket;
  distribution: IDistribution;
  config: CognitoWebConfig;
  /** The built dashboard (`npm run build:web`). */
  webDist: string;
  logRetention: RetentionDays;
}

/** Shown when the stack is synthesized before the dashboard was built. */
export const PLACEHOLDER_INDEX = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>System staffing dashboard</title></head>
<body><h1>System staffing dashboard</h1><p>The dashboard was not built when this stack was deployed. Run <code>npm run build:web</code>, then deploy again.</p></body></html>`;

/**
 * Uploads the dashboard in two parts. Hashed assets are immutable and old ones are kept
 * (prune off), so a tab opened before a deploy can still load its chunks. index.html and
 * /config.json, written here with this deployment's Cognito settings, are never cached by
 * browsers and are invalidated in CloudFront on every deploy.
 */
export class SiteContent extends Construct {
  readonly built: boolean;

  constructor(scope: Construct, id: string, props: SiteContentProps) {
    super(scope, id);
    this.built = existsSync(join(props.webDist, 'index.html'));

    // One role for both uploads (they share aws-cdk-lib's singleton handler), without managed policies.
    const logGroup = new LogGroup(this, 'DeployLogs', { retention: props.logRetention, removalPolicy: KEEP });
    const role = new Role(this, 'DeployRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Uploads the dashboard to its bucket',
    });
    logGroup.grantWrite(role);
    const common = { destinationBucket: props.bucket, role, logGroup, prune: false };

    if (this.built) {
      new BucketDeployment(this, 'Assets', {
        ...common,
        sources: [Source.asset(props.webDist, { exclude: ['index.html'] })],
        cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
      });
    }
    const index = this.built ? readFileSync(join(props.webDist, 'index.html'), 'utf8') : PLACEHOLDER_INDEX;
    new BucketDeployment(this, 'Entry', {
      ...common,
      sources: [Source.data('index.html', index), Source.jsonData('config.json', props.config)],
      cacheControl: [CacheControl.noCache()],
      distribution: props.distribution,
      distributionPaths: ['/index.html', '/config.json'],
    });

    acknowledgeDeploymentGrants(role, props.bucket);
    // The upload handler is a singleton aws-cdk-lib places at the stack root.
    for (const handler of Stack.of(this).node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason: "BucketDeployment's upload handler runtime (Python) is chosen and upgraded by aws-cdk-lib; it runs only during a deploy, never on a user request.",
      });
    }
  }
}

/** BucketDeployment's own grants: copy from the CDK asset bucket, write the site bucket, invalidate. */
function acknowledgeDeploymentGrants(role: Role, siteBucket: IBucket): void {
  const siteObjects = `<${Stack.of(siteBucket).getLogicalId(siteBucket.node.defaultChild as CfnBucket)}.Arn>/*`;
  const findings: [string, string][] = [
    [
      `Resource::${assetBucketObjects(Stack.of(siteBucket))}`,
      'BucketDeployment (aws-cdk-lib) reads the staged dashboard zip from any object of the CDK bootstrap asset bucket; the object key is only known at deploy time.',
    ],
    [
      `Resource::${siteObjects}`,
      'The upload function writes and replaces every object of the dashboard bucket, and only that bucket.',
    ],
    [
      'Resource::*',
      'BucketDeployment (aws-cdk-lib) grants cloudfront:CreateInvalidation/GetInvalidation on *; it invalidates only /index.html and /config.json of this distribution.',
    ],
    ['Action::s3:GetObject*', 'aws-cdk-lib grants the GetObject family (versions, ACLs, tags) to read the staged zip and existing site objects.'],
    ['Action::s3:GetBucket*', 'aws-cdk-lib grants the GetBucket family so the upload function can find the buckets; limited to the asset and site buckets.'],
    ['Action::s3:List*', 'aws-cdk-lib grants listing so the upload function can compare what is already in the site bucket.'],
    ['Action::s3:DeleteObject*', 'Replacing index.html and config.json in the site bucket on each deploy; limited to the site bucket.'],
    ['Action::s3:Abort*', 'Aborting an interrupted multipart upload into the site bucket; limited to the site bucket.'],
  ];
  for (const [finding, reason] of findings) Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
}

/**
 * The CDK asset bucket's objects as cdk-nag names them: unknown account and region as
 * `<AWS::…>` (an environment-agnostic `cdk synth`), known ones as themselves (`cdk deploy`
 * with credentials, where the CLI tells the app its account and region).
 */
function assetBucketObjects(stack: Stack): string {
  const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
  const qualifier = (stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  return `arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-${part(stack.account, 'AWS::AccountId')}-${part(stack.region, 'AWS::Region')}/*`;
}
