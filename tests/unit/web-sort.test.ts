import { describe, expect, it } from 'vitest';
import { nextSort, sortRows } from '#web/lib/sort';

const rows = [
  { name: 'Unit 10', v: 0.2 },
  { name: 'Unit 2', v: null },
  { name: 'Unit 1', v: 0.05 },
];

describe('sortable tables', () => {
  it('sorts numbers by value and names in natural order', () => {
    expect(sortRows(rows, (r) => r.name, 'ascending').map((r) => r.name)).toEqual(['Unit 1', 'Unit 2', 'Unit 10']);
    expect(sortRows(rows, (r) => r.v, 'descending').map((r) => r.name)).toEqual(['Unit 10', 'Unit 1', 'Unit 2']);
  });
  it('puts rows with no value last in both directions, so missing never looks smallest', () => {
    expect(sortRows(rows, (r) => r.v, 'ascending').at(-1)!.name).toBe('Unit 2');
    expect(sortRows(rows, (r) => r.v, 'descending').at(-1)!.name).toBe('Unit 2');
  });
  it('sorts a new column ascending and flips the same one', () => {
    expect(nextSort(null, 'a')).toEqual({ key: 'a', direction: 'ascending' });
    expect(nextSort({ key: 'a', direction: 'ascending' }, 'a')).toEqual({ key: 'a', direction: 'descending' });
    expect(nextSort({ key: 'a', direction: 'descending' }, 'b')).toEqual({ key: 'b', direction: 'ascending' });
  });
});
