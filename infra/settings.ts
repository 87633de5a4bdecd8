import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/**
 * What a system's cloud team sets per deployment, as CDK context (cdk.json or `-c key=value`).
 * Everything has a default so `cdk synth` works offline with no arguments.
 */
export interface StaffingSettings {
  /** Prefix of the Cognito hosted sign-in domain: `<prefix>.auth.<region>.amazoncognito.com`; unique per region. */
  authDomainPrefix: string;
  /** Days to keep Lambda, API access and CloudFront-related logs. */
  logRetentionDays: number;
  /** Minutes between reconcile runs (repairs any write cut off half way). */
  reconcileEveryMinutes: number;
  /** Steady-state requests per second and burst for the whole HTTP API stage. */
  apiRateLimit: number;
  apiBurstLimit: number;
  /** Where alarm notifications go; none subscribed when unset. */
  alarmEmail?: string;
  /** A custom domain for the dashboard with an ACM certificate in us-east-1; both or neither. */
  domainName?: string;
  certificateArn?: string;
  /** A CLOUDFRONT-scope WAF web ACL (created in us-east-1) to attach to the distribution. */
  webAclArn?: string;
  /** ISO 3166 country codes allowed to reach the dashboard; all countries when unset. */
  geoAllowList?: string[];
}

export const DEFAULT_SETTINGS: StaffingSettings = {
  authDomainPrefix: 'staffing-dashboard',
  logRetentionDays: 365,
  reconcileEveryMinutes: 15,
  apiRateLimit: 50,
  apiBurstLimit: 100,
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

/** Reads `staffing:*` context values, failing synth early on a value that cannot work. */
export function settingsFrom(node: Node): StaffingSettings {
  const domainName = text(node, 'domainName');
  const certificateArn = text(node, 'certificateArn');
  if (!domainName !== !certificateArn) throw new Error('context staffing:domainName and staffing:certificateArn go together');
  const geo = node.tryGetContext('staffing:geoAllowList') as unknown;
  const geoAllowList = typeof geo === 'string' ? geo.split(',').map((c) => c.trim()).filter(Boolean) : Array.isArray(geo) ? geo.map(String) : undefined;
  const authDomainPrefix = text(node, 'authDomainPrefix') ?? DEFAULT_SETTINGS.authDomainPrefix;
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(authDomainPrefix) || /aws|amazon|cognito/.test(authDomainPrefix)) {
    throw new Error(`context staffing:authDomainPrefix "${authDomainPrefix}" is not a valid Cognito domain prefix`);
  }
  const logRetentionDays = count(node, 'logRetentionDays', DEFAULT_SETTINGS.logRetentionDays);
  if (!Object.values(RetentionDays).includes(logRetentionDays)) {
    throw new Error(`context staffing:logRetentionDays ${logRetentionDays} is not a retention CloudWatch Logs offers`);
  }
  return {
    authDomainPrefix,
    logRetentionDays,
    reconcileEveryMinutes: count(node, 'reconcileEveryMinutes', DEFAULT_SETTINGS.reconcileEveryMinutes),
    apiRateLimit: count(node, 'apiRateLimit', DEFAULT_SETTINGS.apiRateLimit),
    apiBurstLimit: count(node, 'apiBurstLimit', DEFAULT_SETTINGS.apiBurstLimit),
    alarmEmail: text(node, 'alarmEmail'),
    domainName,
    certificateArn,
    webAclArn: text(node, 'webAclArn'),
    geoAllowList: geoAllowList?.length ? geoAllowList : undefined,
  };
}
