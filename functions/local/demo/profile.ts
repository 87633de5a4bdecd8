import { familyOf, type Provider, type StaffGroup } from '#domain';
import { HOSPITAL_SITES } from './register';
import { clamp, randomFrom, round2 } from './random';

/** What stays the same about a demo unit from day to day: its size and habits. */
export interface UnitProfile {
  /** Beds for hospitals and care homes; 0 for the rest. */
  beds: number;
  /** Funded WTE per staff group the unit reports. */
  establishment: Partial<Record<StaffGroup, number>>;
  /** Usual vacancy rate per staff group. */
  vacancyRate: Partial<Record<StaffGroup, number>>;
  /** Usual absence rate before winter and Mondays. */
  absenceRate: number;
  /** How much of a gap goes to agency rather than bank: 1 is typical. */
  agencyLean: number;
  /** Usual minutes past midnight (UK) the return goes in. */
  submitMinutes: number;
  /** Most units rarely miss a day; a few are patchy, and a few go quiet for spells. */
  reliability: 'steady' | 'patchy' | 'lapsing';
}

/** WTE per bed (hospitals, care homes), or per unit (the rest), by sector and staff group. */
const SIZE: Record<string, Partial<Record<StaffGroup, [number, number]>>> = {
  acute: { 'registered-nurse': [1.2, 1.4], 'healthcare-support-worker': [0.55, 0.7], medical: [0.45, 0.55], 'allied-health': [0.3, 0.4], 'non-care': [0.9, 1.1] },
  community: { 'registered-nurse': [0.9, 1.1], 'healthcare-support-worker': [0.8, 1], medical: [0.06, 0.1], 'allied-health': [0.3, 0.45], 'non-care': [0.4, 0.6] },
  'mental-health': { 'registered-nurse': [1, 1.3], 'healthcare-support-worker': [1, 1.3], medical: [0.15, 0.25], 'allied-health': [0.15, 0.25], 'non-care': [0.4, 0.6] },
  'care-home': { 'registered-nurse': [0.14, 0.2], 'care-worker': [0.8, 1.05], 'non-care': [0.25, 0.35] },
  'primary-care': { medical: [3, 9], 'registered-nurse': [2, 6], 'allied-health': [1, 4], 'non-care': [8, 20] },
  homecare: { 'care-worker': [12, 70], 'non-care': [2, 6] },
  'local-authority': { 'social-worker': [14, 30], 'care-worker': [4, 30], 'non-care': [4, 10] },
};

/** Usual vacancy rates: nurses and care workers about 10%, as across England. */
const VACANCY: Partial<Record<StaffGroup, [number, number]>> = {
  'registered-nurse': [0.095, 0.025],
  'care-worker': [0.095, 0.025],
  'healthcare-support-worker': [0.08, 0.025],
  medical: [0.06, 0.02],
  'allied-health': [0.08, 0.025],
  'social-worker': [0.11, 0.03],
  'non-care': [0.05, 0.02],
};

export function profileOf(seed: string, provider: Provider): UnitProfile {
  const random = randomFrom(seed, provider.providerId, 'profile');
  const site = HOSPITAL_SITES.find((s) => s.id === provider.providerId);
  const beds =
    site?.beds ??
    (provider.sector === 'care-home'
      ? random.int(22, 90)
      : familyOf(provider.sector) === 'hospital'
        ? random.int(20, 60)
        : 0);
  const establishment: UnitProfile['establishment'] = {};
  const vacancyRate: UnitProfile['vacancyRate'] = {};
  for (const group of provider.staffGroups) {
    if (group === 'registered-manager') {
      establishment[group] = 1;
      vacancyRate[group] = random.chance(0.12) ? 1 : 0;
      continue;
    }
    const [low, high] = SIZE[provider.sector]?.[group] ?? [2, 10];
    establishment[group] = Math.max(1, round2(random.between(low, high) * (beds || 1)));
    const [mean, sd] = VACANCY[group] ?? [0.07, 0.02];
    vacancyRate[group] = clamp(random.normal(mean, sd), 0.01, 0.25);
  }
  const draw = random.next();
  return {
    beds,
    establishment,
    vacancyRate,
    absenceRate: clamp(random.normal(familyOf(provider.sector) === 'hospital' ? 0.048 : 0.045, 0.008), 0.025, 0.08),
    agencyLean: clamp(random.normal(1, 0.45), 0.1, 2.5),
    submitMinutes: Math.round(clamp(random.normal(8.75 * 60, 55), 6.5 * 60, 10.75 * 60)),
    reliability: draw < 0.03 ? 'lapsing' : draw < 0.12 ? 'patchy' : 'steady',
  };
}
