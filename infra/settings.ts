import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/** Cognito (and SES) accept only these; checked at synth so a typo never reaches CloudFormation. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * What a system's cloud team sets per deployment, as CDK context (cdk.json or `-c key=value`).
 * Everything has a default so `cdk synth` works offline with no arguments.
 */
export interface StaffingSettings {
  /**
   * Prefix of the Cognito hosted sign-in domain: `<prefix>.auth.<region>.amazoncognito.com`,
   * unique across every AWS account in a region. Unset: `staffing-<account id>`.
   */
  authDomainPrefix?: string;
  /**
   * Deletion protection on the table and the user pool. Turn it off only for the first deploy
   * into an account: CloudFormation cannot roll back a failed first deploy past a protected
   * resource, so it would leave them behind.
   */
  deletionProtection: boolean;
  /** Cognito Plus plan with threat protection (about $0.02 per monthly active user); Essentials when off. */
  threatProtection: boolean;
  /** Days to keep Lambda, API access and CloudFront-related logs. */
  logRetentionDays: number;
  /** Minutes between reconcile runs (repairs any write cut off half way). */
  reconcileEveryMinutes: number;
  /** Steady-state requests per second and burst for the whole HTTP API stage. */
  apiRateLimit: number;
  apiBurstLimit: number;
  /** Bump to replace the secret CloudFront sends to the API (see README, "Rotating the origin secret"). */
  originSecretGeneration: number;
  /** Where alarm notifications go; none subscribed when unset. */
  alarmEmail?: string;
  /** Cognito sends invitations and codes through this SES identity instead of its own (50 a day) service. */
  email?: SesEmailSettings;
  /** A custom domain for the dashboard with an ACM certificate in us-east-1; both or neither. */
  domainName?: string;
  certificateArn?: string;
  /** A CLOUDFRONT-scope WAF web ACL (created in us-east-1) to attach to the distribution. */
  webAclArn?: string;
  /** ISO 3166 country codes allowed to reach the dashboard; all countries when unset. */
  geoAllowList?: string[];
}

export interface SesEmailSettings {
  /** A verified SES address (or an address at a verified SES domain). */
  from: string;
  fromName: string;
  replyTo?: string;
  /** The region where the SES identity is verified. */
  sesRegion: string;
  /** Set when the verified identity is the domain rather than the address. */
  verifiedDomain?: string;
}

export const DEFAULT_SETTINGS: StaffingSettings = {
  deletionProtection: true,
  threatProtection: false,
  logRetentionDays: 365,
  reconcileEveryMinutes: 15,
  apiRateLimit: 50,
  apiBurstLimit: 200,
  originSecretGeneration: 1,
};

const text = (node: Node, key: string): string | undefined => {
  const value: unknown = node.tryGetContext(`staffing:${key}`);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
};

const count = (node: Node, key: string, fallback: number): number => {
  const raw = text(node, key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`context staffing:${key} must be a positive whole number, got ${raw}`);
  return value;
};

const flag = (node: Node, key: string, fallback: boolean): boolean => {
  const raw = text(node, key);
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new Error(`context staffing:${key} must be true or false, got ${raw}`);
};

const matching = (node: Node, key: string, pattern: RegExp, what: string): string | undefined => {
  const value = text(node, key);
  if (value !== undefined && !pattern.test(value)) throw new Error(`context staffing:${key} "${value}" is not ${what}`);
  return value;
};

function sesEmail(node: Node): SesEmailSettings | undefined {
  const from = matching(node, 'emailFrom', EMAIL, 'an e-mail address');
  const sesRegion = matching(node, 'sesRegion', REGION, 'an AWS region');
  if (!from && !sesRegion) return undefined;
  if (!from || !sesRegion) throw new Error('context staffing:emailFrom and staffing:sesRegion go together (the address and the region where SES verified it)');
  const verifiedDomain = text(node, 'sesVerifiedDomain');
  if (verifiedDomain && from.split('@')[1] !== verifiedDomain) {
    throw new Error(`context staffing:emailFrom ${from} is not at staffing:sesVerifiedDomain ${verifiedDomain}`);
  }
  return {
    from,
    fromName: text(node, 'emailFromName') ?? 'System staffing dashboard',
    replyTo: matching(node, 'emailReplyTo', EMAIL, 'an e-mail address'),
    sesRegion,
    verifiedDomain,
  };
}

/** Reads `staffing:*` context values, failing synth early on a value that cannot work. */
export function settingsFrom(node: Node): StaffingSettings {
  const domainName = text(node, 'domainName');
  const certificateArn = text(node, 'certificateArn');
  if (!domainName !== !certificateArn) throw new Error('context staffing:domainName and staffing:certificateArn go together');
  const geo = node.tryGetContext('staffing:geoAllowList') as unknown;
  const geoAllowList = typeof geo === 'string' ? geo.split(',').map((c) => c.trim()).filter(Boolean) : Array.isArray(geo) ? geo.map(String) : undefined;
  const authDomainPrefix = text(node, 'authDomainPrefix');
  if (authDomainPrefix !== undefined && (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(authDomainPrefix) || /aws|amazon|cognito/.test(authDomainPrefix))) {
    throw new Error(`context staffing:authDomainPrefix "${authDomainPrefix}" is not a valid Cognito domain prefix`);
  }
  const logRetentionDays = count(node, 'logRetentionDays', DEFAULT_SETTINGS.logRetentionDays);
  if (!Object.values(RetentionDays).includes(logRetentionDays)) {
    throw new Error(`context staffing:logRetentionDays ${logRetentionDays} is not a retention CloudWatch Logs offers`);
  }
  const reconcileEveryMinutes = count(node, 'reconcileEveryMinutes', DEFAULT_SETTINGS.reconcileEveryMinutes);
  // The "reconcile not running" alarm looks at two schedule periods, and an alarm may look back one day at most.
  if (reconcileEveryMinutes > 720) throw new Error(`context staffing:reconcileEveryMinutes must be at most 720 (12 hours), got ${reconcileEveryMinutes}`);
  return {
    authDomainPrefix,
    deletionProtection: flag(node, 'deletionProtection', DEFAULT_SETTINGS.deletionProtection),
    threatProtection: flag(node, 'threatProtection', DEFAULT_SETTINGS.threatProtection),
    logRetentionDays,
    reconcileEveryMinutes,
    apiRateLimit: count(node, 'apiRateLimit', DEFAULT_SETTINGS.apiRateLimit),
    apiBurstLimit: count(node, 'apiBurstLimit', DEFAULT_SETTINGS.apiBurstLimit),
    originSecretGeneration: count(node, 'originSecretGeneration', DEFAULT_SETTINGS.originSecretGeneration),
    alarmEmail: matching(node, 'alarmEmail', EMAIL, 'an e-mail address'),
    email: sesEmail(node),
    domainName,
    certificateArn,
    webAclArn: text(node, 'webAclArn'),
    geoAllowList: geoAllowList?.length ? geoAllowList : undefined,
  };
}
