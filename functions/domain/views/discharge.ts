import { reportedIn, totalsAcross, type LocalityDay } from '../aggregate';
import { measureOf } from '../measures';
import { sectorsIn, type Locality, type Provider, type Sector } from '../register';
import { capacitySum } from './summary';
import { byName, expectedCount } from './scope';
import type { DischargeRow, DischargeView } from './types';

const HOSPITAL = sectorsIn('hospital');
const SOCIAL_CARE = sectorsIn('social-care');
/** The services each discharge row draws on, for its reported / expected counts. */
const SERVICES: Record<keyof DischargeRow['reported'], readonly Sector[]> = {
  hospital: HOSPITAL,
  homecare: ['homecare'],
  careHome: ['care-home'],
};

/** One row from the aggregates of its localities; `localityId` undefined makes the all-localities row. */
function rowOf(
  head: { localityId?: string; locality: string },
  days: LocalityDay[],
  providers: readonly Provider[],
  date: string,
): DischargeRow {
  const sum = (sectors: readonly Sector[], field: Parameters<typeof capacitySum>[2]) => capacitySum(days, sectors, field) ?? 0;
  // Care workers across social care: the parts summed over units, then divided.
  const careWorkers = totalsAcross(days, SOCIAL_CARE, ['care-worker']);
  const careWorkersReported = reportedIn(days, SOCIAL_CARE) > 0;
  const count = (f: (sectors: readonly Sector[]) => number) => ({
    hospital: f(SERVICES.hospital),
    homecare: f(SERVICES.homecare),
    careHome: f(SERVICES.careHome),
  });
  return {
    localityId: head.localityId ?? DISCHARGE_TOTAL_ID,
    locality: head.locality,
    patientsNoCriteriaToReside: sum(HOSPITAL, 'patientsNoCriteriaToReside'),
    awaitingPathway1: sum(HOSPITAL, 'awaitingPathway1'),
    awaitingPathway2: sum(HOSPITAL, 'awaitingPathway2'),
    awaitingPathway3: sum(HOSPITAL, 'awaitingPathway3'),
    homecareHoursDelivered: sum(['homecare'], 'homecareHoursDelivered'),
    homecareHoursUnmet: sum(['homecare'], 'homecareHoursUnmet'),
    peopleAwaitingCareStart: sum(['homecare'], 'peopleAwaitingCareStart'),
    careWorkerVacancyRate: careWorkersReported ? measureOf('vacancy-rate', careWorkers).value : null,
    careWorkerAbsenceRate: careWorkersReported ? measureOf('absence-rate', careWorkers).value : null,
    careHomeBedsVacant: sum(['care-home'], 'bedsVacant'),
    careHomeBedsClosedStaffing: sum(['care-home'], 'bedsClosedStaffing'),
    reported: count((s) => reportedIn(days, s)),
    expected: count((s) => expectedCount(providers, date, s, head.localityId)),
  };
}

export const DISCHARGE_TOTAL_ID = 'total';

/**
 * Per locality, delayed discharges by pathway beside the social-care workforce and capacity
 * that would let them leave. Counts are 0 when nobody reported: read them with `reported`
 * (the page shows "not reported" when reported is 0 for that service).
 */
export function dischargeOf(input: {
  date: string;
  aggregates: readonly LocalityDay[];
  providers: readonly Provider[];
  localities: readonly Locality[];
}): DischargeView {
  const { date, providers } = input;
  const today = input.aggregates.filter((a) => a.date === date);
  const rows = byName(input.localities).map((l) =>
    rowOf({ localityId: l.localityId, locality: l.name }, today.filter((a) => a.localityId === l.localityId), providers, date),
  );
  return { date, rows, total: rowOf({ locality: 'All localities' }, today, providers, date) };
}

/** The counts of a discharge row, each supplied by one kind of service. */
export type DischargeCount =
  | 'patientsNoCriteriaToReside'
  | 'awaitingPathway1'
  | 'awaitingPathway2'
  | 'awaitingPathway3'
  | 'homecareHoursDelivered'
  | 'homecareHoursUnmet'
  | 'peopleAwaitingCareStart'
  | 'careHomeBedsVacant'
  | 'careHomeBedsClosedStaffing';

const SERVICE_OF: Record<DischargeCount, keyof DischargeRow['reported']> = {
  patientsNoCriteriaToReside: 'hospital',
  awaitingPathway1: 'hospital',
  awaitingPathway2: 'hospital',
  awaitingPathway3: 'hospital',
  homecareHoursDelivered: 'homecare',
  homecareHoursUnmet: 'homecare',
  peopleAwaitingCareStart: 'homecare',
  careHomeBedsVacant: 'careHome',
  careHomeBedsClosedStaffing: 'careHome',
};

/** A count, or null when no unit of the service that supplies it reported: missing is never zero. */
export const dischargeCount = (row: DischargeRow, field: DischargeCount): number | null =>
  row.reported[SERVICE_OF[field]] === 0 ? null : row[field];

export const isDischargeCount = (field: string): field is DischargeCount => field in SERVICE_OF;
