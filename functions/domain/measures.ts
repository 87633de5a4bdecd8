import { z } from 'zod';
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
export const round2 = (n: number) => Math.round(n * 100) / 100;

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
const total = (n: number): MeasureValue => ({ value: n, numerator: n, denominator: null });

/** How a value is read: a rate (shown as a percentage), hours, or a count. */
export type ValueKind = 'rate' | 'hours' | 'count';

export interface MeasureDefinition {
  label: string;
  /** Decides the direction of thresholds, trend arrows and "worse" / "better". */
  higherIsWorse: boolean;
  kind: ValueKind;
  /** The value from summed parts: every rate is a ratio of sums, never a mean of rates. */
  of: (t: StaffingTotals) => MeasureValue;
  /** A rate's parts in words, `{n}` and `{d}` standing for numerator and denominator ("{n} WTE vacant of {d} WTE funded"). */
  parts?: string;
  /** Decimal places of the parts: WTE to one, hours whole. */
  partsDecimals?: 0 | 1;
  defaultThresholds: { amber: number; red: number };
}

/**
 * Every measure, once: the API's `measure=` values, each return's `measures`, the views, the
 * CSV files, the thresholds and the dashboard's columns all map over this. A new measure is
 * one entry here (and its tests).
 */
export const MEASURE_REGISTRY = {
  'vacancy-rate': {
    label: 'Vacancy rate',
    higherIsWorse: true,
    kind: 'rate',
    of: (t) => ratio(t.vacancyWte, t.establishmentWte),
    parts: '{n} WTE vacant of {d} WTE funded',
    partsDecimals: 1,
    defaultThresholds: { amber: 0.08, red: 0.12 },
  },
  'absence-rate': {
    label: 'Absence rate',
    higherIsWorse: true,
    kind: 'rate',
    of: (t) => ratio(t.absentWte, t.inPostWte),
    parts: '{n} WTE absent of {d} WTE in post',
    partsDecimals: 1,
    defaultThresholds: { amber: 0.045, red: 0.06 },
  },
  'fill-rate': {
    label: 'Fill rate',
    higherIsWorse: false,
    kind: 'rate',
    of: (t) => ratio(filledHours(t), t.plannedHours),
    parts: '{n} hours filled of {d} planned',
    defaultThresholds: { amber: 0.95, red: 0.9 },
  },
  'agency-share': {
    label: 'Agency share',
    higherIsWorse: true,
    kind: 'rate',
    of: (t) => ratio(t.agencyHours, filledHours(t)),
    parts: '{n} agency hours of {d} filled',
    defaultThresholds: { amber: 0.05, red: 0.1 },
  },
  'unfilled-hours': {
    label: 'Unfilled hours',
    higherIsWorse: true,
    kind: 'hours',
    of: (t) => total(t.unfilledHours),
    defaultThresholds: { amber: 50, red: 200 },
  },
  'unfilled-share': {
    label: 'Unfilled share',
    higherIsWorse: true,
    kind: 'rate',
    // Per-line gaps over planned hours: one line's overfill never hides another's gap.
    of: (t) => ratio(t.unfilledHours, t.plannedHours),
    parts: '{n} hours unfilled of {d} planned',
    defaultThresholds: { amber: 0.05, red: 0.1 },
  },
} as const satisfies Record<string, MeasureDefinition>;

export type Measure = keyof typeof MEASURE_REGISTRY;
export const MEASURES = Object.keys(MEASURE_REGISTRY) as [Measure, ...Measure[]];
export const measureInfo = (m: Measure): MeasureDefinition => MEASURE_REGISTRY[m];

export const measureOf = (measure: Measure, t: StaffingTotals): MeasureValue => measureInfo(measure).of(t);

/** `vacancy-rate` as the field `vacancyRate` of a return's `measures`. */
type FieldOf<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<FieldOf<T>>}` : S;
export type MeasureField = FieldOf<Measure>;
export const measureField = <M extends Measure>(m: M) => m.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) as FieldOf<M>;

export const measuresSchema = z.object(
  Object.fromEntries(MEASURES.map((m) => [measureField(m), z.number().nullable().describe(`${measureInfo(m).label}; null when there is nothing to divide by`)])) as Record<
    MeasureField,
    z.ZodNullable<z.ZodNumber>
  >,
);
export type Measures = z.infer<typeof measuresSchema>;

/** The measures answered with a return. */
export const measuresOf = (t: StaffingTotals): Measures =>
  Object.fromEntries(MEASURES.map((m) => [measureField(m), measureOf(m, t).value])) as Measures;
