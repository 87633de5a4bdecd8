import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
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

/** The context `cdk synth` would pass from cdk.json, so the tests synthesize what the CLI does. */
export const cdkJsonContext = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;

/** Synthesizes the real app (esbuild bundling and cdk-nag included) into a fresh directory. */
export function synthesize(extraContext: Record<string, unknown> = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'staffing-cdk-'));
  const { app, stack } = createStaffingApp({ outdir, context: { ...cdkJsonContext(), ...extraContext } });
  const assembly = app.synth();
  return { app, stack, template: Template.fromStack(stack), assembly, outdir };
}

/** The folder holding a function's bundle (index.mjs), found from its resource's S3 key. */
export function assetDirOf(s: Synthesized, logicalIdPrefix: string): string {
  const functions = s.template.findResources('AWS::Lambda::Function');
  const id = Object.keys(functions).find((k) => k.startsWith(logicalIdPrefix));
  if (!id) throw new Error(`no function ${logicalIdPrefix}`);
  const key = String(functions[id].Properties.Code.S3Key);
  return join(s.outdir, `asset.${key.replace(/\.zip$/, '')}`);
}
