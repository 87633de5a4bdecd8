import type { Provider } from './register';
import type { Issue, ReturnBody, ReturnVersion } from './return';
import { round2, totalsOfLine } from './measures';

/**
 * Errors that need the unit and the calendar: the shape rules live in the zod schemas.
 * `today` is the service date now in the system's time zone.
 */
export function returnErrors(body: ReturnBody, provider: Provider, date: string, today: string): Issue[] {
  const errors: Issue[] = [];
  if (date > today) errors.push({ path: 'date', message: `${date} is in the future (today is ${today})` });
  if (date < provider.activeFrom)
    errors.push({ path: 'date', message: `${date} is before the unit was active (from ${provider.activeFrom})` });
  if (provider.activeTo !== null && date > provider.activeTo)
    errors.push({ path: 'date', message: `${date} is after the unit stopped reporting (${provider.activeTo})` });
  const seen = new Set<string>();
  body.staffing.forEach((line, i) => {
    if (!provider.staffGroups.includes(line.staffGroup))
      errors.push({ path: `staffing.${i}.staffGroup`, message: `this unit does not report ${line.staffGroup}` });
    if (seen.has(line.staffGroup))
      errors.push({ path: `staffing.${i}.staffGroup`, message: `${line.staffGroup} is given twice` });
    seen.add(line.staffGroup);
  });
  const c = body.capacity;
  const sumPathways = (c.awaitingPathway1 ?? 0) + (c.awaitingPathway2 ?? 0) + (c.awaitingPathway3 ?? 0);
  if (c.patientsNoCriteriaToReside !== undefined && sumPathways > c.patientsNoCriteriaToReside)
    errors.push({
      path: 'capacity.patientsNoCriteriaToReside',
      message: `is less than the patients awaiting pathways 1-3 (${sumPathways})`,
    });
  return errors;
}

const SD_LIMIT = 3;
const MIN_HISTORY = 7;

/**
 * Warnings: accepted, shown to the submitter and flagged on the dashboard.
 * `history` is the unit's current returns for the 28 days before the date.
 */
export function returnWarnings(body: ReturnBody, history: Pick<ReturnVersion, 'date' | 'staffing'>[]): Issue[] {
  const warnings: Issue[] = [];
  body.staffing.forEach((line, i) => {
    const expected = line.establishmentWte - line.inPostWte;
    if (line.establishmentWte > 0 && Math.abs(line.vacancyWte - expected) > 0.1 * line.establishmentWte)
      warnings.push({
        path: `staffing.${i}.vacancyWte`,
        message: `differs by more than 10% of establishment from establishment minus in post (${round2(expected)})`,
      });
    const t = totalsOfLine(line);
    const filled = t.permanentHours + t.bankHours + t.agencyHours;
    if (t.plannedHours > 0 && filled / t.plannedHours > 1.5)
      warnings.push({ path: `staffing.${i}.filledHours`, message: `fill rate is over 150% (${Math.round((100 * filled) / t.plannedHours)}%)` });

    const past = history
      .map((r) => r.staffing.find((l) => l.staffGroup === line.staffGroup))
      .filter((l): l is NonNullable<typeof l> => l !== undefined);
    if (past.length >= MIN_HISTORY) {
      for (const field of ['vacancyWte', 'absentWte', 'plannedHours'] as const) {
        const values = past.map((l) => l[field]);
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
        if (sd > 0 && Math.abs(line[field] - mean) > SD_LIMIT * sd)
          warnings.push({
            path: `staffing.${i}.${field}`,
            message: `is more than 3 standard deviations from this unit's last 28 days (mean ${round2(mean)})`,
          });
      }
    }
    const last = past.at(-1);
    if (last && last.establishmentWte > 0 && Math.abs(line.establishmentWte - last.establishmentWte) / last.establishmentWte > 0.2)
      warnings.push({
        path: `staffing.${i}.establishmentWte`,
        message: `changed by more than 20% since the last return (${round2(last.establishmentWte)})`,
      });
  });
  return warnings;
}

