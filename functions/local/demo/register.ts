import type { Locality, Provider, Sector, StaffGroup } from '#domain';
import { randomFrom } from './random';

/**
 * The demo register: an invented Oxfordshire health-and-care system. Every name is made up
 * and ends "(demo)" so that nobody mistakes the figures for a real organisation's.
 */
export const DEMO_MARK = '(demo)';
export const DEMO_SEED = 'oxfordshire-demo-1';

export const DEMO_LOCALITIES: Locality[] = [
  { localityId: 'oxford', name: 'Oxford' },
  { localityId: 'cherwell', name: 'Cherwell' },
  { localityId: 'west-oxfordshire', name: 'West Oxfordshire' },
  { localityId: 'south-oxfordshire', name: 'South Oxfordshire' },
  { localityId: 'vale-of-white-horse', name: 'Vale of White Horse' },
];

/** Towns and districts each locality's invented practices, homes and agencies are named after. */
const PLACES: Record<string, string[]> = {
  oxford: ['Headington', 'Cowley', 'Summertown', 'Jericho', 'Marston', 'Iffley', 'St Clements', 'Littlemore', 'Blackbird Leys', 'Wolvercote', 'Barton', 'Rose Hill'],
  cherwell: ['Banbury', 'Bicester', 'Kidlington', 'Bodicote', 'Adderbury', 'Bloxham', 'Deddington', 'Hook Norton', 'Yarnton', 'Launton'],
  'west-oxfordshire': ['Witney', 'Carterton', 'Chipping Norton', 'Woodstock', 'Burford', 'Eynsham', 'Charlbury', 'Bampton', 'Ducklington', 'Long Hanborough'],
  'south-oxfordshire': ['Henley', 'Thame', 'Didcot', 'Wallingford', 'Goring', 'Watlington', 'Chinnor', 'Benson', 'Sonning Common', 'Berinsfield'],
  'vale-of-white-horse': ['Abingdon', 'Wantage', 'Faringdon', 'Grove', 'Kennington', 'Sutton Courtenay', 'Cumnor', 'Shrivenham', 'Steventon', 'Radley'],
};

/** How many of each kind of unit each locality has (Oxford a little larger). */
const COUNTS: Record<string, { gp: number; careHome: number; homecare: number }> = {
  oxford: { gp: 10, careHome: 26, homecare: 18 },
  cherwell: { gp: 9, careHome: 26, homecare: 17 },
  'west-oxfordshire': { gp: 7, careHome: 22, homecare: 14 },
  'south-oxfordshire': { gp: 7, careHome: 24, homecare: 16 },
  'vale-of-white-horse': { gp: 7, careHome: 22, homecare: 15 },
};

export const STAFF_GROUPS_BY_KIND = {
  acute: ['registered-nurse', 'healthcare-support-worker', 'medical', 'allied-health', 'non-care'],
  community: ['registered-nurse', 'healthcare-support-worker', 'medical', 'allied-health', 'non-care'],
  'mental-health': ['registered-nurse', 'healthcare-support-worker', 'medical', 'allied-health', 'non-care'],
  'primary-care': ['medical', 'registered-nurse', 'allied-health', 'non-care'],
  'nursing-home': ['registered-nurse', 'care-worker', 'registered-manager', 'non-care'],
  'care-home': ['care-worker', 'registered-manager', 'non-care'],
  homecare: ['care-worker', 'registered-manager', 'non-care'],
  'local-authority': ['social-worker', 'care-worker', 'non-care'],
} satisfies Record<string, StaffGroup[]>;

const ACUTE_TRUST = `Oxfordshire Acute Hospitals NHS Trust ${DEMO_MARK}`;
const COMMUNITY_TRUST = `Oxfordshire Community and Mental Health NHS Trust ${DEMO_MARK}`;
const COUNCIL = `Oxfordshire County Council ${DEMO_MARK}`;
const CARE_GROUPS = ['Evergreen Care Group', 'Thames Valley Care Homes', 'Cotswold Living', 'Harbour Lane Healthcare', 'Meadowbank Care'];

/** Hospital sites, each its own reporting unit under its trust; beds give their size. */
export const HOSPITAL_SITES: { id: string; name: string; sector: Sector; localityId: string; beds: number }[] = [
  { id: 'acute-headington-city', name: 'Headington City Hospital', sector: 'acute', localityId: 'oxford', beds: 640 },
  { id: 'acute-marston-park', name: 'Marston Park Hospital', sector: 'acute', localityId: 'oxford', beds: 280 },
  { id: 'acute-banbury-general', name: 'Banbury General Hospital', sector: 'acute', localityId: 'cherwell', beds: 260 },
  { id: 'acute-didcot-vale', name: 'Didcot Vale Hospital', sector: 'acute', localityId: 'vale-of-white-horse', beds: 180 },
  { id: 'community-witney', name: 'Witney Community Hospital', sector: 'community', localityId: 'west-oxfordshire', beds: 36 },
  { id: 'community-bicester', name: 'Bicester Community Hospital', sector: 'community', localityId: 'cherwell', beds: 24 },
  { id: 'community-wallingford', name: 'Wallingford Community Hospital', sector: 'community', localityId: 'south-oxfordshire', beds: 28 },
  { id: 'community-henley', name: 'Henley Community Hospital', sector: 'community', localityId: 'south-oxfordshire', beds: 20 },
  { id: 'community-abingdon', name: 'Abingdon Community Hospital', sector: 'community', localityId: 'vale-of-white-horse', beds: 32 },
  { id: 'community-chipping-norton', name: 'Chipping Norton Community Hospital', sector: 'community', localityId: 'west-oxfordshire', beds: 22 },
  { id: 'mh-iffley-unit', name: 'Iffley Mental Health Unit', sector: 'mental-health', localityId: 'oxford', beds: 60 },
  { id: 'mh-cowley-road', name: 'Cowley Road Adult Mental Health Wards', sector: 'mental-health', localityId: 'oxford', beds: 44 },
  { id: 'mh-banbury-unit', name: 'Banbury Mental Health Unit', sector: 'mental-health', localityId: 'cherwell', beds: 30 },
];

const ACTIVE_FROM = '2020-04-01';

const slugOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 63)
    .replace(/-$/, '');

function unit(
  providerId: string,
  name: string,
  organisation: string,
  localityId: string,
  sector: Sector,
  staffGroups: StaffGroup[],
  reportingDays: Provider['reportingDays'] = 'every-day',
): Provider {
  return { providerId, name: `${name} ${DEMO_MARK}`, organisation, localityId, sector, staffGroups, reportingDays, activeFrom: ACTIVE_FROM, activeTo: null };
}

/** Draw names until one is new: deterministic, because the generator is seeded. */
function uniqueName(used: Set<string>, make: () => string): string {
  for (let i = 0; i < 1000; i++) {
    const name = make();
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  throw new Error('ran out of demo names');
}

const GP_SUFFIXES = ['Medical Centre', 'Surgery', 'Health Centre', 'Medical Practice', 'Family Practice'];
const GP_STREETS = ['High Street', 'Church Lane', 'Station Road', 'Market Place', 'London Road', 'Park View', 'The Green', 'Mill Lane'];
const HOME_FIRST = ['Willow', 'Cedar', 'Meadow', 'Rowan', 'Beech', 'Oak', 'Holly', 'Orchard', 'Lavender', 'Birch', 'Heather', 'Elm', 'Maple', 'Juniper', 'Ash', 'Chestnut', 'Primrose', 'Bluebell', 'Foxglove', 'Hawthorn'];
const HOME_SECOND = ['House', 'Lodge', 'Court', 'Manor', 'Grange', 'View', 'Gardens', 'Place', 'Hall', 'Park'];
const AGENCY_FIRST = ['Bright', 'Caring', 'Kind', 'Helping', 'Trusted', 'Golden', 'Village', 'Riverside', 'Hillside', 'Sunrise', 'Heartfelt', 'Willow'];
const AGENCY_SECOND = ['Hands', 'Hearts', 'Home Care', 'Homecare', 'Care at Home', 'Support', 'Companions', 'Care Services'];

/** The whole demo register, the same for a given seed. */
export function demoRegister(seed = DEMO_SEED): Provider[] {
  const random = randomFrom(seed, 'register');
  const providers: Provider[] = [];
  const used = new Set<string>();

  for (const site of HOSPITAL_SITES) {
    const trust = site.sector === 'acute' ? ACUTE_TRUST : COMMUNITY_TRUST;
    providers.push(unit(site.id, site.name, trust, site.localityId, site.sector, STAFF_GROUPS_BY_KIND[site.sector as 'acute']));
  }

  for (const { localityId, name } of DEMO_LOCALITIES) {
    const places = PLACES[localityId];
    const counts = COUNTS[localityId];
    providers.push(
      unit(`la-${localityId}-team`, `Adult Social Care ${name} Locality Team`, COUNCIL, localityId, 'local-authority', STAFF_GROUPS_BY_KIND['local-authority'], 'weekdays'),
      unit(`la-${localityId}-reablement`, `${name} Reablement Service`, COUNCIL, localityId, 'local-authority', STAFF_GROUPS_BY_KIND['local-authority'], 'weekdays'),
    );

    for (let i = 0; i < counts.gp; i++) {
      const gp = uniqueName(used, () =>
        random.chance(0.7) ? `${random.pick(places)} ${random.pick(GP_SUFFIXES)}` : `${random.pick(GP_STREETS)} ${random.pick(GP_SUFFIXES)}, ${random.pick(places)}`,
      );
      const network = `${name} Primary Care Network ${1 + Math.floor(i / 4)} ${DEMO_MARK}`;
      providers.push(unit(`gp-${slugOf(gp)}`.slice(0, 63), gp, network, localityId, 'primary-care', STAFF_GROUPS_BY_KIND['primary-care'], 'weekdays'));
    }

    for (let i = 0; i < counts.careHome; i++) {
      const home = uniqueName(used, () => `${random.pick(HOME_FIRST)} ${random.pick(HOME_SECOND)}`);
      const nursing = random.chance(0.4);
      const grouped = random.chance(0.5);
      const organisation = grouped ? `${random.pick(CARE_GROUPS)} ${DEMO_MARK}` : `${home} Ltd ${DEMO_MARK}`;
      const label = `${home}${nursing ? ' Nursing Home' : ' Care Home'}, ${random.pick(places)}`;
      providers.push(
        unit(`ch-${slugOf(home)}`, label, organisation, localityId, 'care-home', STAFF_GROUPS_BY_KIND[nursing ? 'nursing-home' : 'care-home']),
      );
    }

    for (let i = 0; i < counts.homecare; i++) {
      const agency = uniqueName(used, () =>
        random.chance(0.5) ? `${random.pick(AGENCY_FIRST)} ${random.pick(AGENCY_SECOND)} ${random.pick(places)}` : `${random.pick(places)} ${random.pick(AGENCY_SECOND)}`,
      );
      providers.push(unit(`hc-${slugOf(agency)}`.slice(0, 63).replace(/-$/, ''), agency, `${agency} Ltd ${DEMO_MARK}`, localityId, 'homecare', STAFF_GROUPS_BY_KIND.homecare));
    }
  }
  return providers;
}
