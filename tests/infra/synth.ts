import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, Environment } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createStaffingApp } from '#infra/staffing-app';
import type { StaffingStack } from '#infra/staffing-stack';

export interface Synthesized {
  app: App;
  stack: StaffingStack;
  template: Template;
  assembly: ReturnType<App['synth']>;
  /** The cloud assembly directory, outside the repository so bundles cannot lean on node_modules. */
  outdir: string;
}

/**
 * A deployment that sets every option a system's cloud team may set: the other shape of the
 * stack (custom domain, WAF, geo restriction, SES e-mail, Plus plan, own sign-in prefix, an
 * alarm address, a rotated origin secret, and the first deploy's deletion protection off).
 */
export const EVERY_OPTION: Record<string, string> = {
  'staffing:domainName': 'staffing.example.nhs.uk',
  'staffing:certificateArn': 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
  'staffing:webAclArn': 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/staffing/abc',
  'staffing:geoAllowList': 'GB',
  'staffing:authDomainPrefix': 'oxon-staffing',
  'staffing:deletionProtection': 'false',
  'staffing:threatProtection': 'true',
  'staffing:emailFrom': 'staffing-dashboard@example.nhs.uk',
  'staffing:emailFromName': 'Oxfordshire staffing dashboard',
  'staffing:sesRegion': 'eu-west-2',
  'staffing:sesVerifiedDomain': 'example.nhs.uk',
  'staffing:alarmEmail': 'oncall@example.nhs.uk',
  'staffing:originSecretGeneration': '2',
};

/** The account and region `cdk deploy` tells the app when it has credentials. */
export const DEPLOYER_ENV: Environment = { account: '123456789012', region: 'eu-west-2' };

/** The context `cdk synth` would pass from cdk.json, so the tests synthesize what the CLI does. */
export const cdkJsonContext = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;

/**
 * Synthesizes the real app (esbuild bundling and cdk-nag included) into a fresh directory:
 * environment-agnostic like an offline `cdk synth`, or for an account and region like
 * `cdk deploy` with credentials.
 */
export function synthesize(extraContext: Record<string, unknown> = {}, env?: Environment): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'staffing-cdk-'));
  const { app, stack } = createStaffingApp({ outdir, context: { ...cdkJsonContext(), ...extraContext } }, { env });
  const assembly = app.synth();
  return { app, stack, template: Template.fromStack(stack), assembly, outdir };
}

const synthesized = new Map<string, Synthesized>();

/** One synth per context per test file: synthesizing (with bundling and cdk-nag) takes seconds. */
export function synthesizeOnce(extraContext: Record<string, unknown> = {}, env?: Environment): Synthesized {
  const key = JSON.stringify([extraContext, env]);
  if (!synthesized.has(key)) synthesized.set(key, synthesize(extraContext, env));
  return synthesized.get(key)!;
}

/** The folder holding a function's bundle (index.mjs), found from its resource's S3 key. */
export function assetDirOf(s: Synthesized, logicalIdPrefix: string): string {
  const functions = s.template.findResources('AWS::Lambda::Function');
  const id = Object.keys(functions).find((k) => k.startsWith(logicalIdPrefix));
  if (!id) throw new Error(`no function ${logicalIdPrefix}`);
  const key = String(functions[id].Properties.Code.S3Key);
  return join(s.outdir, `asset.${key.replace(/\.zip$/, '')}`);
}
