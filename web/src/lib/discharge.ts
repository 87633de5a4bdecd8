import type { DischargeRow } from '#domain';
import { dischargeCount, type DischargeCount } from '#domain/views/discharge';

export { dischargeCount, type DischargeCount };
import { formatValue, formatWhole } from './format';

const plural = (n: number, one: string, many: string) => `${formatWhole(n)} ${n === 1 ? one : many}`;

/**
 * One locality's discharge picture in plain words: who is waiting in hospital, and the social-care
 * gaps each pathway waits on. Where no unit reported, it says so rather than saying zero.
 */
export function dischargeSentences(row: DischargeRow): string[] {
  const out: string[] = [];
  // A partial count says so: "4 patients" from 1 of 4 hospital units is not the locality's 4.
  const so = (service: keyof DischargeRow['reported'], units: string) =>
    row.reported[service] < row.expected[service] ? ` So far ${formatWhole(row.reported[service])} of ${formatWhole(row.expected[service])} ${units} have reported.` : '';
  if (row.reported.hospital === 0) out.push(`No hospital unit in ${row.locality} has reported, so delayed discharges are unknown.`);
  else if (row.patientsNoCriteriaToReside === 0) out.push(`No patients in ${row.locality} are waiting in hospital once medically fit.`);
  else
    out.push(
      `${plural(row.patientsNoCriteriaToReside, 'patient is', 'patients are')} medically fit to leave hospital but still in a bed: ` +
        `${formatWhole(row.awaitingPathway1)} waiting for care at home (pathway 1), ${formatWhole(row.awaitingPathway2)} for a rehab bed (pathway 2) ` +
        `and ${formatWhole(row.awaitingPathway3)} for a care home (pathway 3).${so('hospital', 'hospital units')}`,
    );
  if (row.reported.homecare === 0) out.push('No homecare provider has reported.');
  else
    out.push(
      `Homecare could not deliver ${plural(row.homecareHoursUnmet, 'hour', 'hours')} and ${plural(row.peopleAwaitingCareStart, 'person is', 'people are')} waiting for care to start; ` +
        `care-worker vacancy is ${formatValue(row.careWorkerVacancyRate, 'rate', 'unknown')} and absence ${formatValue(row.careWorkerAbsenceRate, 'rate', 'unknown')}.${so('homecare', 'homecare providers')}`,
    );
  if (row.reported.careHome === 0) out.push('No care home has reported.');
  else
    out.push(
      `Care homes have ${plural(row.careHomeBedsVacant, 'bed', 'beds')} free and ${plural(row.careHomeBedsClosedStaffing, 'bed', 'beds')} closed because there are not enough staff.${so('careHome', 'care homes')}`,
    );
  return out;
}

export const dischargeCountText = (row: DischargeRow, field: DischargeCount): string => {
  const value = dischargeCount(row, field);
  return value === null ? 'no return' : formatWhole(value);
};
