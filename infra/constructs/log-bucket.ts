import { Duration } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { KEEP } from './keep';

/** Where S3 server access logs and CloudFront access logs go, kept for the log retention. */
export function logBucket(scope: Construct, id: string, retentionDays: number): Bucket {
  // cdk-nag counts a bucket that receives server access logs as compliant with S1 itself.
  return new Bucket(scope, id, {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    // CloudFront standard logging writes with the log-delivery ACL, so ACLs must stay enabled.
    objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ expiration: Duration.days(retentionDays) }],
    removalPolicy: KEEP,
  });
}
