/**
 * Seeded randomness for the demo system. Every draw comes from a generator keyed by what it
 * describes (seed, unit, date), so a unit's return for a date is the same whether it is made
 * in the first full load or in a later top-up.
 */

/** FNV-1a over the parts, as a 32-bit seed. */
export function hashOf(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('|')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  between(min: number, max: number): number;
  int(min: number, max: number): number;
  /** Normally distributed (Box-Muller). */
  normal(mean: number, sd: number): number;
  /** Uniform noise with this standard deviation: bounded, so it alone never looks like a 3-SD outlier. */
  jitter(sd: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: small, fast and good enough for invented figures. */
export function randomFrom(...parts: (string | number)[]): Random {
  let a = hashOf(...parts);
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r: Random = {
    next,
    between: (min, max) => min + (max - min) * next(),
    int: (min, max) => Math.floor(min + (max - min + 1) * next()),
    normal: (mean, sd) => mean + sd * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    jitter: (sd) => sd * Math.sqrt(3) * (2 * next() - 1),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
  };
  return r;
}

export const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));
/** Figures in a return are multiples of 0.01. */
export { round2 } from '#domain';
