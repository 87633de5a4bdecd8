import { isClosed } from './rollups';
import type { ReadAge } from './types';

/** What the API's processes (Lambda and laptop) pass as openDayCacheMs: half a minute. */
export const OPEN_DAY_CACHE_MS = 30_000;

export interface DayCacheOptions {
  /**
   * How long a process may answer an open date's whole-system sums and unit days from memory
   * (0: never). Today has no rollup, so every system view of today reads the date's whole sums
   * partition (2.2 MB at 30,000 units), and before the deadline the summary reads it again with
   * its guards, and every unit's day of a week ago; leaders open the same views together at the morning call.
   */
  openDayCacheMs?: number;
}

/** Closed dates kept at once: a view compares at most a date and the week before. */
const CLOSED_DATES_KEPT = 4;

/**
 * One process's copy of a whole-system read of a date, for views that every leader opens at
 * the morning call (README, "Today, kept half a minute"):
 * - an open date (today) is kept `openMs` and its age is noted on the reader's ReadAge, as
 *   other processes may be saving into it;
 * - a closed date is kept while its change count is the one it was read under (every save
 *   for a closed date raises it), so using it is exact and has no age.
 * A save in this process forgets the date at once. `openMs` 0 keeps nothing.
 */
export function dayCache<T>(openMs: number) {
  const kept = new Map<string, { readAt: number; changes: number | null; value: Promise<T> }>();
  const cache = {
    /** Whether anything is kept: a caller need not read a closed date's change count otherwise. */
    keeps: openMs > 0,
    /** `changes`: the date's change count now, for a closed date. */
    get(date: string, changes: number | null, age?: ReadAge): Promise<T> | undefined {
      const entry = kept.get(date);
      if (!entry) return undefined;
      const closed = isClosed(date);
      const old = performance.now() - entry.readAt;
      const fresh = closed ? entry.changes !== null && entry.changes === changes : old <= openMs;
      if (!fresh) {
        kept.delete(date);
        return undefined;
      }
      if (!closed) age?.saw(old);
      return entry.value;
    },
    /** Keep a read begun now (under `changes` for a closed date); a failed read is not kept. */
    keep(date: string, value: Promise<T>, changes: number | null = null): Promise<T> {
      if (openMs <= 0) return value;
      const entry = { readAt: performance.now(), changes, value };
      kept.set(date, entry);
      const closed = [...kept.keys()].filter((d) => isClosed(d));
      for (const d of closed.slice(0, Math.max(0, closed.length - CLOSED_DATES_KEPT))) kept.delete(d);
      value.catch(() => kept.get(date) === entry && kept.delete(date));
      return value;
    },
    forget(date: string): void {
      kept.delete(date);
    },
    /** The kept copy if fresh, else `read()` begun now and kept. */
    through(date: string, changes: number | null, age: ReadAge | undefined, read: () => Promise<T>): Promise<T> {
      return cache.get(date, changes, age) ?? cache.keep(date, read(), changes);
    },
  };
  return cache;
}
