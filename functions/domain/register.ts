import { z } from 'zod';
import { isoDate, weekdayOf } from './dates';
import { freeText } from './text';

/** Who a user is: `admin` does everything, `leader` reads every unit and view, `provider` reads and writes its own units. */
export const ROLES = ['admin', 'leader', 'provider'] as const;
export type Role = (typeof ROLES)[number];

/** The sectors a reporting unit belongs to, and the families the dashboard groups them into. */
export const SECTORS = [
  'acute',
  'community',
  'mental-health',
  'primary-care',
  'care-home',
  'homecare',
  'local-authority',
] as const;
export type Sector = (typeof SECTORS)[number];

export const SECTOR_FAMILIES = ['hospital', 'social-care', 'primary-care'] as const;
export type SectorFamily = (typeof SECTOR_FAMILIES)[number];

const FAMILY_OF: Record<Sector, SectorFamily> = {
  acute: 'hospital',
  community: 'hospital',
  'mental-health': 'hospital',
  'primary-care': 'primary-care',
  'care-home': 'social-care',
  homecare: 'social-care',
  'local-authority': 'social-care',
};
export const familyOf = (sector: Sector): SectorFamily => FAMILY_OF[sector];
export const sectorsIn = (family: SectorFamily): Sector[] => SECTORS.filter((s) => FAMILY_OF[s] === family);

export const SECTOR_LABELS: Record<Sector, string> = {
  acute: 'Acute hospital',
  community: 'Community health',
  'mental-health': 'Mental health',
  'primary-care': 'Primary care (GP)',
  'care-home': 'Care home',
  homecare: 'Homecare',
  'local-authority': 'Council social care',
};
export const FAMILY_LABELS: Record<SectorFamily, string> = {
  hospital: 'Hospitals',
  'social-care': 'Social care',
  'primary-care': 'Primary care',
};

/** One staff-group taxonomy across all sectors: it is what lets one heatmap compare them. */
export const STAFF_GROUPS = [
  'registered-nurse',
  'healthcare-support-worker',
  'care-worker',
  'medical',
  'allied-health',
  'social-worker',
  'registered-manager',
  'non-care',
] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];

export const STAFF_GROUP_LABELS: Record<StaffGroup, string> = {
  'registered-nurse': 'Registered nurses',
  'healthcare-support-worker': 'Healthcare support workers',
  'care-worker': 'Care workers (incl. senior)',
  medical: 'Medical',
  'allied-health': 'Allied health professionals',
  'social-worker': 'Social workers',
  'registered-manager': 'Registered managers',
  'non-care': 'Non-care staff',
};

export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and hyphens (at most 63)');

export const sectorSchema = z.enum(SECTORS);
export const staffGroupSchema = z.enum(STAFF_GROUPS);
export const sectorFamilySchema = z.enum(SECTOR_FAMILIES);

export const localitySchema = z.strictObject({
  localityId: slug,
  name: freeText(100),
});
export type Locality = z.infer<typeof localitySchema>;

export const REPORTING_DAYS = ['every-day', 'weekdays'] as const;

/** What an admin sends to create or update a unit (the id comes from the path). */
export const providerBodySchema = z
  .strictObject({
    name: freeText(200),
    organisation: freeText(200).describe('parent organisation, shared by its sites'),
    localityId: slug,
    sector: sectorSchema,
    staffGroups: z.array(staffGroupSchema).min(1).max(STAFF_GROUPS.length),
    reportingDays: z.enum(REPORTING_DAYS),
    activeFrom: isoDate,
    activeTo: isoDate.nullable().default(null),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.staffGroups.forEach((g, i) => {
      if (seen.has(g)) ctx.addIssue({ code: 'custom', path: ['staffGroups', i], message: `staff group ${g} is given twice` });
      seen.add(g);
    });
    if (p.activeTo !== null && p.activeTo < p.activeFrom)
      ctx.addIssue({ code: 'custom', path: ['activeTo'], message: 'must not be before activeFrom' });
  });
export type ProviderBody = z.infer<typeof providerBodySchema>;

export type Provider = ProviderBody & { providerId: string };

/** Does the unit owe a return for this service date? */
export function isExpectedOn(provider: Provider, date: string): boolean {
  if (date < provider.activeFrom) return false;
  if (provider.activeTo !== null && date > provider.activeTo) return false;
  if (provider.reportingDays === 'weekdays') return isWeekday(date);
  return true;
}

/** Whether a date is Monday to Friday, remembered per date: a view asks it of every weekday-only unit of a register. */
const weekdays = new Map<string, boolean>();
export function isWeekday(date: string): boolean {
  let answer = weekdays.get(date);
  if (answer === undefined) {
    const day = weekdayOf(date);
    answer = day !== 0 && day !== 6;
    weekdays.set(date, answer);
  }
  return answer;
}
