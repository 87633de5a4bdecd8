import { describe, expect, test } from 'vitest';
import { assignParts, UNITS_PER_SUMS_PART, type PlacedUnit } from '#store/sums-parts';

const unit = (providerId: string, localityId = 'north', sector: PlacedUnit['sector'] = 'care-home', sumsPart?: number): PlacedUnit => ({
  providerId,
  localityId,
  sector,
  ...(sumsPart === undefined ? {} : { sumsPart }),
});
const many = (n: number, from = 0, localityId = 'north') => Array.from({ length: n }, (_, i) => unit(`u${from + i}`, localityId));

describe('the part of the sums a unit is counted in', () => {
  test('new units fill each part up to UNITS_PER_SUMS_PART before the next', () => {
    const parts = assignParts([], many(2 * UNITS_PER_SUMS_PART + 3));
    const sizes = parts.reduce((m, p) => m.set(p, (m.get(p) ?? 0) + 1), new Map<number, number>());
    expect([...sizes]).toEqual([
      [0, UNITS_PER_SUMS_PART],
      [1, UNITS_PER_SUMS_PART],
      [2, 3],
    ]);
  });

  test('parts are counted per locality and sector', () => {
    const register = many(UNITS_PER_SUMS_PART).map((u, i) => ({ ...u, sumsPart: 0, providerId: `r${i}` }));
    expect(assignParts(register, [unit('a'), unit('b', 'south'), unit('c', 'north', 'homecare')])).toEqual([1, 0, 0]);
  });

  test('a unit that stays in its locality and sector keeps its part, whatever else changed', () => {
    const register = [unit('a', 'north', 'care-home', 3), unit('b', 'north', 'care-home')];
    expect(assignParts(register, [{ ...register[0] }, register[1]])).toEqual([3, 0]);
  });

  test('a unit that moves takes the next place where it goes; those it left keep theirs', () => {
    const register = [...many(UNITS_PER_SUMS_PART, 0, 'south').map((u) => ({ ...u, sumsPart: 0 })), unit('mover', 'north', 'care-home', 0)];
    expect(assignParts(register, [unit('mover', 'south'), register[0]])).toEqual([1, 0]);
  });
});
