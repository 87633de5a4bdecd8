import fc from 'fast-check';
import { expect, test } from 'vitest';
import { duplicateKeyPath } from '#api/json-duplicates';

test.each([
  ['{"a":1,"a":2}', 'a'],
  ['{"a":{"b":1,"c":{"d":1},"b":2}}', 'a.b'],
  ['{"staffing":[{"x":1},{"inPostWte":1,"inPostWte":2}]}', 'staffing.1.inPostWte'],
  ['{"a\\u0062":1,"ab":2}', 'ab'],
  ['[{"k":"}\\"{","k":1}]', '0.k'],
])('%s has a key given twice at %s', (text, path) => {
  expect(duplicateKeyPath(text)).toBe(path);
});

test.each(['{"a":1,"b":{"a":1}}', '[{"a":1},{"a":2}]', '{"a":"\\"a\\":1,"}', '{}', '[]', '"a"', '{"a":[1,{"a":[]}],"b":null}'])(
  '%s has none',
  (text) => {
    expect(duplicateKeyPath(text)).toBeNull();
  },
);

test('JSON.stringify never produces a duplicate key, whatever the value', () => {
  fc.assert(fc.property(fc.jsonValue(), (value) => duplicateKeyPath(JSON.stringify(value)) === null));
});
