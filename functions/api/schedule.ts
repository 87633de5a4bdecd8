import { addDays, datesBetween, serviceDateOf } from '#domain';
import { peerGatheringDates } from '#domain/views/comparison';
import { TRENDS_DAYS } from '#domain/views/trends';
import type { Store } from '#store/types';

/** Closed days whose system rollups are kept current: the longest trend the dashboard draws. */
const ROLLUP_DAYS = TRENDS_DAYS.max;

/**
 * Dates whose whole-system peer figures one run gathers at most: each reads every unit's day of
 * its date (30,000 units: some 40 MB, a few seconds), so a first run after deploying spreads
 * the comparison's 56 days over a few runs instead of running into the job's timeout.
 */
const PEER_DATES_PER_RUN = 8;

export interface ScheduleOptions {
  peerDatesPerRun?: number;
}

/**
 * What the schedule keeps ready off the request path, in AWS (the reconcile job, every 15
 * minutes) and on a laptop (npm start, at start and as often): the rollups of the closed
 * days a trend can show, and the whole system's peer figures of the closed days a comparison
 * can show (README, "Peers: what a unit gets back"), each rebuilt only where missing or
 * stale. Today is summed live.
 */
export async function keepClosedDaysCurrent(store: Store, now: Date, opts: ScheduleOptions = {}): Promise<{ rolledUp: number; peersGathered: number }> {
  const today = serviceDateOf(now);
  const rolledUp = await store.rollUp(datesBetween(addDays(today, -ROLLUP_DAYS), addDays(today, -1)));
  const peersGathered = await store.gatherPeers(peerGatheringDates(today), opts.peerDatesPerRun ?? PEER_DATES_PER_RUN);
  return { rolledUp, peersGathered };
}

/** The scheduled job: finish every save cut off half way, then (so the days it touched are rolled up with them) the closed days. */
export async function runSchedule(store: Store, now: Date, opts: ScheduleOptions = {}): Promise<{ repaired: number; rolledUp: number; peersGathered: number }> {
  const { repaired } = await store.reconcile();
  return { repaired, ...(await keepClosedDaysCurrent(store, now, opts)) };
}
