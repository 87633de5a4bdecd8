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
  /**
   * A count is coloured by the rate it is part of (unfilled hours by the unfilled share of
   * planned hours), so that the same bounds serve one ward, a locality and a sector: 200
   * unfilled hours is a crisis for a care home and a quiet day for a county.
   */
  judgedAs?: string;
  /** Where the default bounds come from, shown beside them. */
  source?: string;
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
    // Amber above the national rates, red at the worst national figure of recent years.
    defaultThresholds: { amber: 0.08, red: 0.12 },
    source:
      'NHS Vacancy Statistics (NHS Digital): NHS trusts 7.5% (September 2024), registered nurses 11.9% at the peak (September 2022); ' +
      'Skills for Care, The state of the adult social care sector: about 7% (2024/25), 10.7% at the peak (2021/22).',
  },
  'absence-rate': {
    label: 'Absence rate',
    higherIsWorse: true,
    kind: 'rate',
    of: (t) => ratio(t.absentWte, t.inPostWte),
    parts: '{n} WTE absent of {d} WTE in post',
    partsDecimals: 1,
    // Amber above the usual winter level since 2021, red near the highest month on record.
    defaultThresholds: { amber: 0.056, red: 0.065 },
    source:
      'NHS Sickness Absence Rates (NHS Digital): 3.9% (summer) to 4.7% (winter) in 2009-2019, about 5% to 5.6% since 2021, ' +
      '6.7% at the peak (January 2022).',
  },
  'fill-rate': {
    label: 'Fill rate',
    higherIsWorse: false,
    kind: 'rate',
    of: (t) => ratio(filledHours(t), t.plannedHours),
    parts: '{n} hours filled of {d} planned',
    defaultThresholds: { amber: 0.95, red: 0.9 },
    source:
      "NHS safe-staffing returns (planned against actual hours), as trusts publish them: trust-wide registered-nurse fill rates usually sit at 95-100% (day and night), so below 95% is a gap and 90% or less a shift short.",
  },
  'agency-share': {
    label: 'Agency share',
    higherIsWorse: true,
    kind: 'rate',
    of: (t) => ratio(t.agencyHours, filledHours(t)),
    parts: '{n} agency hours of {d} filled',
    defaultThresholds: { amber: 0.05, red: 0.1 },
    source:
      "NHS England's agency spending limit for trusts, a few per cent of the pay bill (3.2% in the 2024/25 planning guidance): agency hours above 5% of those filled are past it, as agency hours cost more than others.",
  },
  'unfilled-hours': {
    label: 'Unfilled hours',
    higherIsWorse: true,
    kind: 'hours',
    of: (t) => total(t.unfilledHours),
    // Not used for colour (see judgedAs); kept so saved settings stay valid.
    defaultThresholds: { amber: 50, red: 200 },
    judgedAs: 'unfilled-share',
  },
  'unfilled-share': {
    label: 'Unfilled share',
    higherIsWorse: true,
    kind: 'rate',
    // Per-line gaps over planned hours: one line's overfill never hides another's gap.
    of: (t) => ratio(t.unfilledHours, t.plannedHours),
    parts: '{n} hours unfilled of {d} planned',
    defaultThresholds: { amber: 0.05, red: 0.1 },
    source: 'The other side of the fill rate: amber and red where a fill rate of 95% and 90% would be.',
  },
} as const satisfies Record<string, MeasureDefinition>;

export type Measure = keyof typeof MEASURE_REGISTRY;
export const MEASURES = Object.keys(MEASURE_REGISTRY) as [Measure, ...Measure[]];
export const measureInfo = (m: Measure): MeasureDefinition => MEASURE_REGISTRY[m];

export const measureOf = (measure: Measure, t: StaffingTotals): MeasureValue => measureInfo(measure).of(t);

/** The measure whose bounds colour `measure`: itself, or the rate a count is judged as. */
export const judgedAs = (measure: Measure): Measure => (measureInfo(measure).judgedAs as Measure | undefined) ?? measure;

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
