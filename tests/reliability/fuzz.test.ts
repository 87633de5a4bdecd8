import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { addDays } from '#domain';
import { ACUTE, hospitalReturn, startApi, type Api } from '../api/harness';
import { LEAKS, tableContents } from './support';

/**
 * Issue 11, item 7: a bounded fuzz of mutated valid returns. Whatever a mutation does (a value
 * replaced by anything, a key removed or added, a number written as raw JSON text that
 * JSON.stringify could not write), the answer is never a 5xx, never carries a stack trace, logs
 * no error, and a refused body writes nothing at all (a full table Scan before and after).
 * fast-check prints the seed and the shrunk counterexample on failure.
 */
let api: Api;
beforeAll(async () => {
  api = await startApi(); // today is 2026-06-15 in the UK
});
afterAll(() => api.stop());

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** Every place in a value that a mutation may touch, the root included. */
function pathsIn(value: Json, at: Path = []): Path[] {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => pathsIn(v, [...at, i]))];
  if (value && typeof value === 'object') return [at, ...Object.entries(value).flatMap(([k, v]) => pathsIn(v, [...at, k]))];
  return [at];
}

function mutate(root: Json, path: Path, change: (parent: Record<string | number, Json>, key: string | number) => void): Json {
  const copy = structuredClone(root);
  if (path.length === 0) return copy;
  let parent = copy as Record<string | number, Json>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, Json>;
  change(parent, path[path.length - 1]);
  return copy;
}

const VALID = hospitalReturn() as unknown as Json;
const PATHS = pathsIn(VALID);
/** Raw number text that JSON.stringify would never write, put in place of the first inPostWte. */
const RAW_NUMBERS = ['1e400', '-1e400', '-0', '5e-324', '1e-7', '90.000000001', '0.1e3', '9007199254740993', '1E2', '-0.0'];

const values = fc.oneof(
  fc.constantFrom<Json>(null, true, false, '', ' ', '90', 'NaN', '__proto__', 0, -1, -0, 0.005, 0.07, 1.1, 20_001, 200_000.01, 1e21, Number.MAX_SAFE_INTEGER, [], {}),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...PATHS), value: values }),
  fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...PATHS.filter((p) => p.length > 0)) }),
  fc.record({
    kind: fc.constant('add' as const),
    path: fc.constantFrom(...PATHS),
    key: fc.constantFrom('__proto__', 'constructor', 'version', 'providerId', 'submittedBy', 'extra', 'inPostWte', 'staffGroup', 'toString'),
    value: values,
  }),
  fc.record({ kind: fc.constant('raw' as const), text: fc.constantFrom(...RAW_NUMBERS) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

/** The request body text a list of mutations makes of the valid return. */
function bodyText(mutations: Mutation[]): string {
  let body = VALID;
  let raw: string | undefined;
  for (const m of mutations) {
    if (m.kind === 'raw') raw = m.text;
    else if (m.kind === 'set') body = m.path.length === 0 ? m.value : tryMutate(body, m.path, (p, k) => (p[k] = m.value));
    else if (m.kind === 'delete') body = tryMutate(body, m.path, (p, k) => (Array.isArray(p) ? p.splice(Number(k), 1) : delete p[k]));
    else body = tryMutate(body, m.path, (p, k) => {
      const target = p[k];
      if (target && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
    });
  }
  const text = JSON.stringify(body);
  return raw === undefined ? text : text.replace(/"inPostWte":[^,}]+/, `"inPostWte":${raw}`);
}
/** A mutation whose path no longer exists (an earlier one removed it) changes nothing. */
function tryMutate(body: Json, path: Path, change: Parameters<typeof mutate>[2]): Json {
  try {
    return mutate(body, path, change);
  } catch {
    return body;
  }
}

describe('fuzzed returns', () => {
  test('a mutated valid return is never a 5xx, never leaks, and is written only when accepted', async () => {
    let run = 0;
    const outcomes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const date = addDays('2026-06-14', -run++);
        const path = `/api/providers/${ACUTE}/returns/${date}`;
        const before = await tableContents(api.db);
        const errors = api.logs.filter((l) => l.level === 'error').length;
        const res = await api.request(path, { method: 'PUT', as: 'nurse', headers: { 'Content-Type': 'application/json' }, body: bodyText(mutations) });
        const text = await res.text();
        outcomes.set(res.status, (outcomes.get(res.status) ?? 0) + 1);
        expect(res.status, text).toBeLessThan(500);
        expect(text).not.toMatch(LEAKS);
        expect(api.logs.filter((l) => l.level === 'error').length).toBe(errors);
        if (res.status >= 400) {
          expect(res.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
          expect(await tableContents(api.db)).toBe(before);
        } else {
          expect(res.status).toBe(201);
          expect((await api.store.currentReturn(ACUTE, date))?.version).toBe(1);
        }
      }),
      { numRuns: 150, verbose: 1 },
    );
    // The fuzz reaches both sides: some mutations are harmless (201), most are refused.
    expect(outcomes.get(201) ?? 0).toBeGreaterThan(0);
    expect([...outcomes.keys()].filter((s) => s >= 400).length).toBeGreaterThan(1);
  });
});
