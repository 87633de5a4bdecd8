import type { StaffingLine } from './return';

/** Sums of the parts of staffing lines; every rate is computed from these, never by averaging rates. */
export interface StaffingTotals {
  establishmentWte: number;
  inPostWte: number;
  vacancyWte: number;
  absentWte: number;
  plannedHours: number;
  permanentHours: number;
  bankHours: number;
  agencyHours: number;
  /** Sum over lines of max(0, planned - filled): one unit's overfill never hides another's gap. */
  unfilledHours: number;
}

export const MEASURES = ['vacancy-rate', 'absence-rate', 'fill-rate', 'agency-share', 'unfilled-hours'] as const;
export type Measure = (typeof MEASURES)[number];

export const MEASURE_LABELS: Record<Measure, string> = {
  'vacancy-rate': 'Vacancy rate',
  'absence-rate': 'Absence rate',
  'fill-rate': 'Fill rate',
  'agency-share': 'Agency share',
  'unfilled-hours': 'Unfilled hours',
};
/** Whether a higher value is worse: decides the direction of thresholds and trend arrows. */
export const HIGHER_IS_WORSE: Record<Measure, boolean> = {
  'vacancy-rate': true,
  'absence-rate': true,
  'fill-rate': false,
  'agency-share': true,
  'unfilled-hours': true,
};
export const IS_RATE: Record<Measure, boolean> = {
  'vacancy-rate': true,
  'absence-rate': true,
  'fill-rate': true,
  'agency-share': true,
  'unfilled-hours': false,
};

export const emptyTotals = (): StaffingTotals => ({
  establishmentWte: 0,
  inPostWte: 0,
  vacancyWte: 0,
  absentWte: 0,
  plannedHours: 0,
  permanentHours: 0,
  bankHours: 0,
  agencyHours: 0,
  unfilledHours: 0,
});

/** Hundredths kept exact: sums of 0.01 multiples must not drift (0.1 + 0.2). */
const round2 = (n: number) => Math.round(n * 100) / 100;

export function addTotals(a: StaffingTotals, b: StaffingTotals): StaffingTotals {
  const out = emptyTotals();
  for (const k of Object.keys(out) as (keyof StaffingTotals)[]) out[k] = round2(a[k] + b[k]);
  return out;
}

export function totalsOfLine(line: StaffingLine): StaffingTotals {
  const filled = line.filledHours.permanent + line.filledHours.bank + line.filledHours.agency;
  return {
    establishmentWte: line.establishmentWte,
    inPostWte: line.inPostWte,
    vacancyWte: line.vacancyWte,
    absentWte: line.absentWte,
    plannedHours: line.plannedHours,
    permanentHours: line.filledHours.permanent,
    bankHours: line.filledHours.bank,
    agencyHours: line.filledHours.agency,
    unfilledHours: round2(Math.max(0, line.plannedHours - filled)),
  };
}

export const sumLines = (lines: StaffingLine[]): StaffingTotals =>
  lines.map(totalsOfLine).reduce(addTotals, emptyTotals());

export const filledHours = (t: StaffingTotals) => round2(t.permanentHours + t.bankHours + t.agencyHours);

/** A measure as its parts: value is numerator / denominator, or null when there is nothing to divide by. */
export interface MeasureValue {
  value: number | null;
  numerator: number;
  denominator: number | null;
}

const ratio = (numerator: number, denominator: number): MeasureValue => ({
  value: denominator > 0 ? numerator / denominator : null,
  numerator: round2(numerator),
  denominator: round2(denominator),
});

export function measureOf(measure: Measure, t: StaffingTotals): MeasureValue {
  switch (measure) {
    case 'vacancy-rate':
      return ratio(t.vacancyWte, t.establishmentWte);
    case 'absence-rate':
      return ratio(t.absentWte, t.inPostWte);
    case 'fill-rate':
      return ratio(filledHours(t), t.plannedHours);
    case 'agency-share':
      return ratio(t.agencyHours, filledHours(t));
    case 'unfilled-hours':
      return { value: t.unfilledHours, numerator: t.unfilledHours, denominator: null };
  }
}

export type Measures = Record<'vacancyRate' | 'absenceRate' | 'fillRate' | 'agencyShare' | 'unfilledHours', number | null>;

/** The measures answered with a return. */
export function measuresOf(t: StaffingTotals): Measures {
  return {
    vacancyRate: measureOf('vacancy-rate', t).value,
    absenceRate: measureOf('absence-rate', t).value,
    fillRate: measureOf('fill-rate', t).value,
    agencyShare: measureOf('agency-share', t).value,
    unfilledHours: measureOf('unfilled-hours', t).value,
  };
}
