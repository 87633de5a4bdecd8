import { addDays, datesBetween, serviceDateOf } from '#domain';
import { TRENDS_DAYS } from '#domain/views/trends';
import type { Store } from '#store/types';

/** Closed days whose system rollups are kept current: the longest trend the dashboard draws. */
const ROLLUP_DAYS = TRENDS_DAYS.max;

/**
 * What the schedule keeps ready off the request path, in AWS (the reconcile job, every 15
 * minutes) and on a laptop (npm start, at start and as often): the rollups of the closed
 * days a trend can show, rebuilt only where missing or stale. Today is summed live.
 */
export async function keepClosedDaysCurrent(store: Store, now: Date): Promise<{ rolledUp: number }> {
  const today = serviceDateOf(now);
  return { rolledUp: await store.rollUp(datesBetween(addDays(today, -ROLLUP_DAYS), addDays(today, -1))) };
}

/** The scheduled job: finish every save cut off half way, then (so the days it touched are rolled up with them) the closed days. */
export async function runSchedule(store: Store, now: Date): Promise<{ repaired: number; rolledUp: number }> {
  const { repaired } = await store.reconcile();
  return { repaired, ...(await keepClosedDaysCurrent(store, now)) };
}
