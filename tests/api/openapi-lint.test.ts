import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startApi, type Api } from './harness';

/**
 * Redocly's "recommended" rules, run offline on the document the app serves: client
 * generators need every operationId, every response described, every parameter defined.
 * The only warning allowed is the licence (the deploying system chooses one).
 */
let api: Api;
let problems: NormalizedProblem[];
beforeAll(async () => {
  api = await startApi();
  const source = await (await api.request('/api/openapi.json')).text();
  const config = await createConfig({ extends: ['recommended'] });
  problems = await lintFromString({ source, absoluteRef: 'openapi.json', config });
});
afterAll(() => api.stop());

const described = (p: NormalizedProblem) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`;

test('the OpenAPI document passes Redocly recommended with no errors and no warning but the licence', () => {
  const summary = { errors: problems.filter((p) => p.severity === 'error').length, warnings: problems.filter((p) => p.severity === 'warn').length };
  console.log(`Redocly recommended: ${summary.errors} errors, ${summary.warnings} warnings (${[...new Set(problems.map((p) => p.ruleId))].join(', ') || 'none'})`);
  expect(problems.filter((p) => p.ruleId !== 'info-license').map(described)).toEqual([]);
});
