import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYER_ENV, EVERY_OPTION, synthesizeOnce, type Synthesized } from './synth';

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

/** Every `Validations.of(x).acknowledge(...)` in the app, read back from construct metadata. */
function acknowledgements(s: Synthesized): Acknowledgement[] {
  return s.app.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id, reason }))),
  );
}

/** What AwsSolutions finds when acknowledgements are ignored, to tell a live acknowledgement from a stale one. */
function rawFindings(s: Synthesized): { ruleName: string; path: string }[] {
  const pack = new AwsSolutionsChecks();
  (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  return pack.validateScope(s.app).violations.flatMap((v) => v.violatingResources.map((r) => ({ ruleName: v.ruleName, path: r.constructPath! })));
}

const deployments = {
  'the default deployment as an offline cdk synth sees it (no account or region, no options)': { context: {}, env: undefined },
  'a deployment with every option set, as cdk deploy sees it (its account and region known)': { context: EVERY_OPTION, env: DEPLOYER_ENV },
};

describe.each(Object.entries(deployments))('cdk-nag AwsSolutions checks on %s', (_, { context, env }) => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesizeOnce(context, env);
  });

  it('find nothing unacknowledged, errors or warnings', () => {
    const { violations } = new AwsSolutionsChecks().validateScope(s.app);
    expect(violations.map((v) => `${v.severity} ${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('pass in the synthesized validation report, as cdk synth sees it', () => {
    const report = JSON.parse(readFileSync(join(s.outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { violations?: unknown[] }[] };
    expect(report.pluginReports.flatMap((r) => r.violations ?? [])).toEqual([]);
  });

  it('acknowledgements each give a specific reason', () => {
    const acks = acknowledgements(s);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) expect(ack.reason.trim().length, `${ack.path} ${ack.id}`).toBeGreaterThan(40);
  });

  it('acknowledge only findings that really occur (none is stale)', () => {
    const findings = rawFindings(s);
    for (const ack of acknowledgements(s).filter((a) => a.id.includes('AwsSolutions-'))) {
      const id = ack.id.replace(/^Annotation::/i, '');
      const live = findings.some((f) => f.ruleName === id && (f.path === ack.path || f.path.startsWith(`${ack.path}/`)));
      expect(live, `${ack.path} acknowledges ${id}, which is not found there`).toBe(true);
    }
  });
});

describe('cdk-nag acknowledgements that a deployment can remove', () => {
  it('leaves CloudFront and Cognito unacknowledged once a custom domain, web ACL, geo allow-list and the Plus plan are set', () => {
    const s = synthesizeOnce(EVERY_OPTION, DEPLOYER_ENV);
    const ids = acknowledgements(s).map((a) => a.id);
    for (const rule of ['AwsSolutions-CFR1', 'AwsSolutions-CFR2', 'AwsSolutions-CFR4', 'AwsSolutions-COG8']) expect(ids.some((id) => id.endsWith(rule))).toBe(false);
  });
});
