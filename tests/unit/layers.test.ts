import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type ICruiseResult, type IForbiddenRuleType, type IViolation } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as { forbidden: IForbiddenRuleType[]; options: ICruiseOptions };

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/layering', import.meta.url));

/** The layering rules of .dependency-cruiser.cjs applied to a tree, as `npm test` applies them to ours. */
async function violationsIn(baseDir: string, paths: string[]): Promise<IViolation[]> {
  const { output } = await cruise(paths, { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true, baseDir });
  return (output as ICruiseResult).summary.violations;
}

const named = (vs: IViolation[]) => vs.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();

describe('layering (domain ← store ← api ← entries; web ← domain)', () => {
  it('holds for the whole codebase', async () => {
    const violations = await violationsIn(root, ['functions', 'web/src', 'infra']);
    expect(named(violations)).toEqual([]);
  }, 120_000);

  it('fails on a deliberately wrong import', async () => {
    const violations = await violationsIn(fixture, ['functions', 'web/src']);
    expect(named(violations)).toEqual([
      'api-imports-domain-and-store-types: functions/api/relative.ts → functions/store/keys.ts',
      'domain-is-pure: functions/domain/leaky.ts → functions/store/keys.ts',
      'layers-meet-through-aliases: functions/api/relative.ts → functions/domain/pure.ts',
      'layers-meet-through-aliases: web/src/reach.ts → functions/store/keys.ts',
      'web-imports-domain-only: web/src/reach.ts → functions/store/keys.ts',
    ]);
  }, 60_000);
});
