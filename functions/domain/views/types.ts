import { z } from 'zod';
import { MEASURES, measuresSchema } from '../measures';
import { SECTORS, SECTOR_FAMILIES, STAFF_GROUPS } from '../register';
import { capacitySchema, issueSchema, pressureSchema, staffingLineSchema } from '../return';
import { RAGS } from '../thresholds';

/**
 * The shapes of the system views, shared by the API (functions/api/routes/system.ts: its
 * response schemas and OpenAPI document) and the dashboard (web/). Each type is inferred
 * from its schema, so the document cannot drift from what the views build. Every value
 * travels with its parts so the page can show "12.3% (41.2 of 335.0 WTE)" and never colour alone.
 */
const sector = z.enum(SECTORS);
const rag = z.enum(RAGS);
const measure = z.enum(MEASURES);
const date = z.string().describe('YYYY-MM-DD');
const instant = z.string().describe('ISO 8601 instant');
const value = z.number().nullable().describe('null when nothing was reported or there is nothing to divide by');
const denominator = z.number().nullable().describe('null for a total (hours, counts)');

export const COUNT_HEADLINES = ['beds-closed-staffing', 'homecare-hours-unmet', 'patients-no-criteria-to-reside'] as const;

export const headlineSchema = z.object({
  key: z.enum([...MEASURES, ...COUNT_HEADLINES]),
  label: z.string(),
  value,
  numerator: z.number(),
  denominator,
  weekAgo: z
    .number()
    .nullable()
    .describe('the same measure 7 days earlier, for the trend arrow; like for like on a day that is not complete, and null when that cannot be done'),
  likeForLike: z.boolean().describe('true when `weekAgo` and `comparedValue` cover only the units that reported on both days'),
  comparedValue: z.number().nullable().describe('the value today over the same units as `weekAgo`: compare these two, never `value` with `weekAgo`'),
  comparedUnits: z.number().int().nullable().describe('units in a like-for-like comparison'),
  kind: z.enum(['rate', 'hours', 'count']),
  higherIsWorse: z.boolean(),
  rag,
});
export type Headline = z.infer<typeof headlineSchema>;

export const familySummarySchema = z.object({
  family: z.enum(SECTOR_FAMILIES),
  label: z.string(),
  measures: z.array(headlineSchema),
  reported: z.number().int().describe('units of this family that reported on the date: missing is never zero'),
  expected: z.number().int().describe('units of this family that owed a return on the date'),
  complete: z.boolean().describe("the date's deadline has passed and at least 90% of the family's expected units are in"),
});
export type FamilySummary = z.infer<typeof familySummarySchema>;

const completenessCounts = {
  expected: z.number().int(),
  received: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  missing: z.number().int().describe('owed a return, deadline passed, none sent'),
  notInYet: z.number().int().describe("owed a return, none sent, but the date's deadline has not yet passed"),
};

export const summaryViewSchema = z
  .object({
    date,
    weekAgoDate: date,
    complete: z.boolean().describe("the date's deadline has passed and at least 90% of the expected units are in"),
    lastCompleteDate: date.nullable().describe('the latest complete date in the 8 days up to `date`, for "see the last complete day"'),
    families: z.array(familySummarySchema),
    completeness: z.object(completenessCounts),
  })
  .meta({ id: 'SummaryView' });
export type SummaryView = z.infer<typeof summaryViewSchema>;

export const heatmapCellSchema = z.object({
  row: z.string(),
  column: z.string(),
  value,
  numerator: z.number(),
  denominator,
  rag,
  reported: z.number().int(),
  expected: z.number().int(),
});
export type HeatmapCell = z.infer<typeof heatmapCellSchema>;

export const heatmapViewSchema = z
  .object({
    date,
    measure,
    rows: z.enum(['locality', 'provider']),
    columns: z.enum(['staff-group', 'day']),
    rowHeads: z
      .array(
        z.object({
          id: z.string(),
          label: z.string(),
          group: z.string().optional(),
          sector: sector.optional(),
          localityId: z.string().optional(),
        }),
      )
      .describe('row heads in display order; `group` is the locality / sector heading a unit row sits under'),
    columnHeads: z.array(z.object({ id: z.string(), label: z.string() })),
    cells: z.array(heatmapCellSchema),
    thresholds: z.object({ amber: z.number(), red: z.number() }).describe('the bounds the cells are coloured by (those of `judgedAs` when given)'),
    judgedAs: measure.optional().describe('a count coloured by the rate it is part of (unfilled hours by the unfilled share)'),
  })
  .meta({ id: 'HeatmapView' });
export type HeatmapView = z.infer<typeof heatmapViewSchema>;

export const trendPointSchema = z.object({
  date,
  value,
  numerator: z.number(),
  denominator,
  special: z.enum(['high', 'low']).nullable().describe('special cause by the Making Data Count rules (outside limits, runs, trends); never on an incomplete point'),
  reason: z.string().optional(),
  reported: z.number().int().describe('units of the series that reported on the date'),
  expected: z.number().int().describe('units of the series that owed a return on the date'),
  complete: z.boolean().describe('the deadline has passed and enough of the expected units are in; an incomplete point is drawn apart and sets no limits'),
});
export type TrendPoint = z.infer<typeof trendPointSchema>;

export const trendSeriesSchema = z.object({
  key: z.string(),
  label: z.string(),
  mean: z.number().nullable(),
  upper: z.number().nullable(),
  lower: z.number().nullable(),
  segments: z
    .array(z.object({ from: date, to: date, mean: z.number(), upper: z.number().nullable(), lower: z.number().nullable() }))
    .describe('stretches with their own limits: a new one starts where the process shifted (12 points on one side of the mean)'),
  points: z.array(trendPointSchema),
});
export type TrendSeries = z.infer<typeof trendSeriesSchema>;

export const trendsViewSchema = z
  .object({
    measure,
    from: date,
    to: date,
    by: z.enum(['sector-family', 'locality']),
    series: z.array(trendSeriesSchema),
  })
  .meta({ id: 'TrendsView' });
export type TrendsView = z.infer<typeof trendsViewSchema>;

const byService = z.object({ hospital: z.number().int(), homecare: z.number().int(), careHome: z.number().int() });
export const dischargeRowSchema = z.object({
  localityId: z.string(),
  locality: z.string(),
  patientsNoCriteriaToReside: z.number(),
  awaitingPathway1: z.number(),
  awaitingPathway2: z.number(),
  awaitingPathway3: z.number(),
  homecareHoursDelivered: z.number(),
  homecareHoursUnmet: z.number(),
  peopleAwaitingCareStart: z.number(),
  careWorkerVacancyRate: z.number().nullable(),
  careWorkerAbsenceRate: z.number().nullable(),
  careHomeBedsVacant: z.number(),
  careHomeBedsClosedStaffing: z.number(),
  reported: byService.describe('units reported, by the services the row draws on'),
  expected: byService,
});
export type DischargeRow = z.infer<typeof dischargeRowSchema>;

export const dischargeViewSchema = z
  .object({ date, rows: z.array(dischargeRowSchema), total: dischargeRowSchema })
  .meta({ id: 'DischargeView' });
export type DischargeView = z.infer<typeof dischargeViewSchema>;

const unitHead = {
  providerId: z.string(),
  name: z.string(),
  localityId: z.string(),
  locality: z.string(),
  sector,
};

export const completenessUnitSchema = z.object({
  ...unitHead,
  status: z.enum(['on-time', 'late', 'missing', 'not-in-yet']).describe("'not-in-yet': no return, but the deadline has not passed"),
  submittedAt: instant.nullable(),
  lastReturnDate: date.nullable().describe('for a missing unit: the last date it reported, or null if never'),
});
export type CompletenessUnit = z.infer<typeof completenessUnitSchema>;

export const completenessViewSchema = z
  .object({
    date,
    deadline: z.string().describe('the on-time deadline, UK time, HH:MM'),
    ...completenessCounts,
    units: z.array(completenessUnitSchema),
  })
  .meta({ id: 'CompletenessView' });
export type CompletenessView = z.infer<typeof completenessViewSchema>;

/** One unit's current return behind a dashboard cell (GET /api/system/day-returns). */
export const dayReturnRowSchema = z.object({
  ...unitHead,
  status: z.enum(['on-time', 'late']).describe('by when version 1 arrived'),
  version: z.number().int(),
  submittedAt: instant,
  submittedBy: z.string(),
  firstSubmittedAt: instant,
  staffing: z.array(staffingLineSchema),
  capacity: capacitySchema,
  pressure: pressureSchema,
  measures: measuresSchema.describe("the return's measures; with `staffGroup`, those of that group's line alone"),
  warnings: z.array(issueSchema),
});
export type DayReturnRow = z.infer<typeof dayReturnRowSchema>;

export const dayReturnsViewSchema = z
  .object({
    date,
    staffGroup: z.enum(STAFF_GROUPS).optional().describe('the staff group asked for: rows and missing units are those reporting it'),
    returns: z.array(dayReturnRowSchema),
    missing: z
      .array(z.object({ ...unitHead, status: z.enum(['missing', 'not-in-yet']).describe("'not-in-yet' before the date's deadline") }))
      .describe('units in the same filter that owed a return on the date and sent none'),
  })
  .meta({ id: 'DayReturnsView' });
export type DayReturnsView = z.infer<typeof dayReturnsViewSchema>;
