import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Distribution } from 'aws-cdk-lib/aws-cloudfront';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { SiteContent } from '#infra/constructs/site-content';

describe('the dashboard upload before the dashboard is built', () => {
  it('still synthesizes, deploying a placeholder page and the real /config.json', () => {
    const stack = new Stack(new App(), 'Site');
    const content = new SiteContent(stack, 'Content', {
      bucket: new Bucket(stack, 'Bucket'),
      distribution: Distribution.fromDistributionAttributes(stack, 'Cdn', { domainName: 'd111.cloudfront.net', distributionId: 'E111' }),
      webDist: '/nonexistent/web/dist',
      logRetention: RetentionDays.ONE_MONTH,
      config: {
        auth: 'cognito',
        authority: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_x',
        clientId: 'client',
        redirectUri: 'https://d111.cloudfront.net/',
        domain: 'https://staffing.auth.eu-west-2.amazoncognito.com',
        logoutUri: 'https://d111.cloudfront.net/',
        scope: 'openid email',
      },
    });
    expect(content.built).toBe(false);
    const deployments = Object.values(Template.fromStack(stack).findResources('Custom::CDKBucketDeployment'));
    expect(deployments).toHaveLength(1);
    expect(deployments[0]!.Properties.DistributionPaths).toEqual(['/index.html', '/config.json']);
  });
});
