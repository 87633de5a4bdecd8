import type { Sector } from './register';
import type { Capacity } from './return';

/**
 * Which capacity and flow fields a unit reports, by sector (domain.md): beds for hospital units
 * and care homes, vacant beds for care homes, homecare hours and people awaiting a care start
 * for homecare, patients with no criteria to reside by pathway for hospital units.
 */
const HOSPITAL: (keyof Capacity)[] = ['bedsOpen', 'bedsClosedStaffing', 'patientsNoCriteriaToReside', 'awaitingPathway1', 'awaitingPathway2', 'awaitingPathway3'];
export const CAPACITY_FIELDS_BY_SECTOR: Record<Sector, (keyof Capacity)[]> = {
  acute: HOSPITAL,
  community: HOSPITAL,
  'mental-health': HOSPITAL,
  'care-home': ['bedsOpen', 'bedsClosedStaffing', 'bedsVacant'],
  homecare: ['homecareHoursDelivered', 'homecareHoursUnmet', 'peopleAwaitingCareStart'],
  'local-authority': [],
  'primary-care': [],
};

/** How each capacity field is asked for on the form: a label, its unit and a hint in plain English. */
export const CAPACITY_QUESTIONS: Record<keyof Capacity, { label: string; unit: string; hint: string }> = {
  bedsOpen: { label: 'Beds open', unit: 'beds', hint: 'Beds staffed and open today.' },
  bedsClosedStaffing: { label: 'Beds closed because of staffing', unit: 'beds', hint: 'Beds you would open if you had the staff.' },
  bedsVacant: { label: 'Beds vacant', unit: 'beds', hint: 'Free beds that can take an admission today.' },
  homecareHoursDelivered: { label: 'Homecare hours delivered', unit: 'hours', hint: 'Hours of care your staff delivered on this day.' },
  homecareHoursUnmet: { label: 'Homecare hours not delivered', unit: 'hours', hint: 'Hours of care asked for on this day that you could not staff.' },
  peopleAwaitingCareStart: { label: 'People waiting for care to start', unit: 'people', hint: 'People assessed and waiting for you to start their care.' },
  patientsNoCriteriaToReside: { label: 'Patients with no criteria to reside', unit: 'patients', hint: 'Medically fit to leave, still in a bed today.' },
  awaitingPathway1: { label: 'Waiting for pathway 1', unit: 'patients', hint: 'Of those: waiting to go home with support.' },
  awaitingPathway2: { label: 'Waiting for pathway 2', unit: 'patients', hint: 'Of those: waiting for a rehabilitation bed.' },
  awaitingPathway3: { label: 'Waiting for pathway 3', unit: 'patients', hint: 'Of those: waiting for a care home place.' },
};
