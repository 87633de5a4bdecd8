import { familyOf, weekdayOf, type Capacity, type Provider, type ReturnBody, type StaffGroup, type StaffingLine } from '#domain';
import type { UnitProfile } from './profile';
import { clamp, randomFrom, round2, type Random } from './random';
import { driftOf, isMonday, isWeekend, recruitmentStrainOf, strainOf, winterOf } from './signals';

/**
 * One unit's figures for one day, from its profile and the day's forces. Only the figures:
 * whether and when the unit reports is decided in returns.ts (submissionMinutes).
 */

interface Day {
  seed: string;
  provider: Provider;
  profile: UnitProfile;
  date: string;
  random: Random;
  /** Social-care strain of the unit's locality: homecare and care homes. */
  homecareStrain: number;
  careHomeStrain: number;
}

const socialCare = (p: Provider) => familyOf(p.sector) === 'social-care';

/** The strain a unit itself feels: hospitals feel it through discharges, not through their staffing. */
function ownStrain(d: Day): number {
  if (d.provider.sector === 'care-home') return d.careHomeStrain;
  if (socialCare(d.provider)) return d.homecareStrain;
  return 0.5;
}

/** How strongly a group's vacancies follow the locality's social-care strain. */
function strainLink(provider: Provider, group: StaffGroup): number {
  if (group === 'care-worker' && socialCare(provider)) return 0.5;
  if (group === 'registered-nurse' && provider.sector === 'care-home') return 0.35;
  return 0.1;
}

/** Roster hours a day needs, relative to a full week-day roster: hospitals thin out at weekends. */
function rosterFactor(provider: Provider, group: StaffGroup, date: string): number {
  if (!isWeekend(date)) return 1;
  if (familyOf(provider.sector) === 'hospital') return group === 'registered-nurse' || group === 'healthcare-support-worker' ? 0.95 : 0.45;
  if (provider.sector === 'homecare') return 0.92;
  return 1;
}

const AGENCY_PART = { hospital: 0.38, 'social-care': 0.48, 'primary-care': 0.45 } as const;

/** How much better or worse than usual a unit covers its gaps, for good. */
const coverLeanOf = (seed: string, providerId: string) => clamp(randomFrom(seed, providerId, 'cover').normal(0, 0.12), -0.3, 0.2);

function staffingLine(d: Day, group: StaffGroup): StaffingLine {
  const { provider, profile, random, date } = d;
  const establishmentWte = profile.establishment[group] ?? 1;
  const base = profile.vacancyRate[group] ?? 0.07;
  const strain = ownStrain(d);
  const recruitment = recruitmentStrainOf(d.seed, provider.localityId, date);
  // Proportional moves, so a small vacancy never sticks at zero; a little daily noise, as posts are filled and advertised.
  const vacancyRate =
    group === 'registered-manager'
      ? base
      : clamp(
          base *
            Math.exp(
              0.1 * driftOf(d.seed, provider.providerId, group, date) +
                strainLink(provider, group) * (recruitment - 0.5) +
                // Posts are filled and advertised in batches across a locality: a shared day-to-day wobble.
                randomFrom(d.seed, provider.localityId, date, 'recruiting').normal(0, 0.04) +
                random.jitter(0.04),
            ),
          0,
          0.4,
        );
  const vacancyWte = round2(establishmentWte * vacancyRate);
  const inPostWte = round2(Math.max(0, establishmentWte - vacancyWte + establishmentWte * random.jitter(0.004)));

  // NHS Sickness Absence Rates: about 5% in summer to 5.6% in winter since 2021; Mondays a little higher.
  const absenceRate = clamp(
    profile.absenceRate + 0.007 * winterOf(date) + (isMonday(date) ? 0.004 : weekdayOf(date) === 5 ? 0.002 : 0) + random.jitter(0.01),
    0,
    0.3,
  );
  const absentWte = round2(inPostWte * absenceRate);

  const hoursPerWte = provider.reportingDays === 'weekdays' ? 7.5 : 37.5 / 7;
  const factor = rosterFactor(provider, group, date);
  const plannedHours = round2(establishmentWte * hoursPerWte * factor);
  const available = (inPostWte - absentWte) * hoursPerWte * factor * (1 + random.jitter(0.015));
  const permanent = round2(clamp(available, 0, plannedHours));

  // Bank and agency cover part of the gap: less at weekends, less when the locality is stretched,
  // and more at some units than others (a strong bank, a good agency contract). Calibrated so
  // that hospital fill rates sit mostly at 95-100%, as trusts' safe-staffing returns show.
  const gap = plannedHours - permanent;
  const cover = clamp(
    (isWeekend(date) ? 0.55 : 0.75) +
      coverLeanOf(d.seed, provider.providerId) -
      (socialCare(provider) ? 0.25 * (strain - 0.5) : 0.3 * (recruitment - 0.5)) +
      // A locality's bank and agencies have better and worse days, for every unit that calls on them.
      randomFrom(d.seed, provider.localityId, date, 'cover').normal(0, 0.05) +
      random.normal(0, 0.05),
    0,
    1,
  );
  const agencyPart = clamp(AGENCY_PART[familyOf(provider.sector)] * profile.agencyLean, 0, 0.9);
  const agency = round2(gap * cover * agencyPart);
  const bank = round2(Math.max(0, gap * cover - agency));

  return { staffGroup: group, establishmentWte, inPostWte, vacancyWte, absentWte, plannedHours, filledHours: { permanent, bank, agency } };
}

const filledOf = (l: StaffingLine) => l.filledHours.permanent + l.filledHours.bank + l.filledHours.agency;
const whole = (n: number) => Math.max(0, Math.round(n));

/** Patients with no criteria to reside per bed, by sector: community hospitals hold the most. */
const NCTR_PER_BED = { acute: 0.11, community: 0.3, 'mental-health': 0.06 } as Record<string, number>;

function capacityOf(d: Day, lines: StaffingLine[]): Capacity {
  const { provider, profile, random } = d;
  const line = (g: StaffGroup) => lines.find((l) => l.staffGroup === g);
  const fillOf = (l: StaffingLine | undefined) => (l && l.plannedHours > 0 ? filledOf(l) / l.plannedHours : 1);

  if (familyOf(provider.sector) === 'hospital') {
    const beds = profile.beds;
    const bedsClosedStaffing = whole(beds * clamp((0.93 - fillOf(line('registered-nurse'))) * 0.6, 0, 0.15));
    // Delayed discharges follow the locality's homecare (pathway 1) and care-home (pathway 3) strain.
    const rate = NCTR_PER_BED[provider.sector] ?? 0.1;
    const awaitingPathway1 = whole(beds * rate * 0.4 * (0.3 + 1.4 * d.homecareStrain) * random.normal(1, 0.08));
    const awaitingPathway2 = whole(beds * rate * 0.2 * random.normal(1, 0.15));
    const awaitingPathway3 = whole(beds * rate * 0.25 * (0.3 + 1.4 * d.careHomeStrain) * random.normal(1, 0.1));
    const other = whole(beds * rate * 0.15 * random.normal(1, 0.2));
    return {
      bedsOpen: beds - bedsClosedStaffing,
      bedsClosedStaffing,
      patientsNoCriteriaToReside: awaitingPathway1 + awaitingPathway2 + awaitingPathway3 + other,
      awaitingPathway1,
      awaitingPathway2,
      awaitingPathway3,
    };
  }
  if (provider.sector === 'care-home') {
    const bedsClosedStaffing = whole(profile.beds * clamp((0.94 - fillOf(line('care-worker'))) * 0.6, 0, 0.1));
    const bedsOpen = profile.beds - bedsClosedStaffing;
    const bedsVacant = whole(bedsOpen * clamp(0.07 - 0.08 * (d.careHomeStrain - 0.5) + random.normal(0, 0.015), 0, 0.2));
    return { bedsOpen, bedsClosedStaffing, bedsVacant };
  }
  if (provider.sector === 'homecare') {
    const care = line('care-worker');
    if (!care) return {};
    // Contact time is about 70% of a care worker's paid hours; unmet hours follow the vacancies.
    const vacancyRate = care.establishmentWte > 0 ? care.vacancyWte / care.establishmentWte : 0;
    const unfilled = Math.max(0, care.plannedHours - filledOf(care));
    const homecareHoursUnmet = whole((care.plannedHours * 0.7 * Math.max(0, 0.8 * vacancyRate - 0.03) + unfilled * 0.5) * random.normal(1, 0.1));
    return {
      homecareHoursDelivered: whole(filledOf(care) * 0.7),
      homecareHoursUnmet,
      peopleAwaitingCareStart: whole(homecareHoursUnmet / 9 + random.normal(0, 1)),
    };
  }
  return {};
}

const PRESSURE_NOTES: Record<number, string[]> = {
  3: ['Several staff off sick; bank shifts requested', 'Agency cover booked for nights', 'Discharges delayed waiting for homecare'],
  4: ['Critical staffing: escalated to system call', 'Unable to cover all shifts; mutual aid requested'],
};

function pressureOf(d: Day, lines: StaffingLine[], capacity: Capacity): ReturnBody['pressure'] {
  const planned = lines.reduce((a, l) => a + l.plannedHours, 0);
  const fill = planned > 0 ? lines.reduce((a, l) => a + filledOf(l), 0) / planned : 1;
  const establishment = lines.reduce((a, l) => a + l.establishmentWte, 0);
  const vacancy = establishment > 0 ? lines.reduce((a, l) => a + l.vacancyWte, 0) / establishment : 0;
  const hospital = familyOf(d.provider.sector) === 'hospital';
  const strain = hospital ? (d.homecareStrain + d.careHomeStrain) / 2 : ownStrain(d);
  const delayed = hospital && d.profile.beds > 0 ? (capacity.patientsNoCriteriaToReside ?? 0) / d.profile.beds : 0;
  const score = 3 * (1 - fill) + 1.5 * vacancy + 0.5 * strain + (hospital ? 0.8 * delayed : 0) + d.random.normal(0, 0.08);
  const level = (score < 0.5 ? 1 : score < 0.72 ? 2 : score < 0.92 ? 3 : 4) as 1 | 2 | 3 | 4;
  const notes = PRESSURE_NOTES[level];
  return notes && d.random.chance(0.6) ? { level, note: d.random.pick(notes) } : { level };
}

/** The body a demo unit reports for a date. */
export function figuresOf(seed: string, provider: Provider, profile: UnitProfile, date: string): ReturnBody {
  const d: Day = {
    seed,
    provider,
    profile,
    date,
    random: randomFrom(seed, provider.providerId, date, 'figures'),
    homecareStrain: strainOf(seed, provider.localityId, date, 'homecare'),
    careHomeStrain: strainOf(seed, provider.localityId, date, 'care-home'),
  };
  const staffing = provider.staffGroups.map((g) => staffingLine(d, g));
  const capacity = capacityOf(d, staffing);
  return { staffing, capacity, pressure: pressureOf(d, staffing, capacity) };
}
