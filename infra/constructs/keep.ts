import { RemovalPolicy } from 'aws-cdk-lib';

/**
 * The removal policy of everything that holds what people rely on (returns, accounts and
 * their roles, logs): CloudFormation never deletes it on an update or a stack delete
 * (DeletionPolicy RetainExceptOnCreate), yet a failed first deploy removes what it had just
 * created, so the retry starts clean instead of colliding with leftovers.
 */
export const KEEP = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;
