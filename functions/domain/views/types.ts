import type { Measure, Measures } from '../measures';
import type { Capacity, Issue, ReturnBody, StaffingLine } from '../return';
import type { Sector, SectorFamily } from '../register';
import type { Rag } from '../thresholds';

/**
 * The shapes of the system views, shared by the API (functions/api/routes/system.ts)
 * and the dashboard (web/). Every value travels with its parts so the page can show
 * "12.3% (41.2 of 335.0 WTE)" and never colour alone.
 */
export interface Headline {
  key: Measure | 'beds-closed-staffing' | 'homecare-hours-unmet' | 'patients-no-criteria-to-reside';
  label: string;
  value: number | null;
  numerator: number;
  denominator: number | null;
  /** The same measure 7 days earlier, for the trend arrow. */
  weekAgo: number | null;
  kind: 'rate' | 'hours' | 'count';
  higherIsWorse: boolean;
  rag: Rag;
}
export interface FamilySummary {
  family: SectorFamily;
  label: string;
  measures: Headline[];
  /** Units of this family that reported / were expected on the date: missing is never zero. */
  reported: number;
  expected: number;
}
export interface SummaryView {
  date: string;
  weekAgoDate: string;
  families: FamilySummary[];
  completeness: Pick<CompletenessView, 'expected' | 'received' | 'onTime' | 'late' | 'missing'>;
}

export interface HeatmapCell {
  row: string;
  column: string;
  value: number | null;
  numerator: number;
  denominator: number | null;
  rag: Rag;
  reported: number;
  expected: number;
}
export interface HeatmapView {
  date: string;
  measure: Measure;
  rows: 'locality' | 'provider';
  columns: 'staff-group' | 'day';
  /** Row heads in display order; `group` is the locality / sector heading a provider row sits under. */
  rowHeads: { id: string; label: string; group?: string; sector?: Sector; localityId?: string }[];
  columnHeads: { id: string; label: string }[];
  cells: HeatmapCell[];
  thresholds: { amber: number; red: number };
}

export interface TrendPoint {
  date: string;
  value: number | null;
  numerator: number;
  denominator: number | null;
  /** Special cause by the Making Data Count rules (outside limits, runs, trends). */
  special: 'high' | 'low' | null;
  reason?: string;
}
export interface TrendSeries {
  key: string;
  label: string;
  mean: number | null;
  upper: number | null;
  lower: number | null;
  points: TrendPoint[];
}
export interface TrendsView {
  measure: Measure;
  from: string;
  to: string;
  by: 'sector-family' | 'locality';
  series: TrendSeries[];
}

export interface DischargeRow {
  localityId: string;
  locality: string;
  patientsNoCriteriaToReside: number;
  awaitingPathway1: number;
  awaitingPathway2: number;
  awaitingPathway3: number;
  homecareHoursDelivered: number;
  homecareHoursUnmet: number;
  peopleAwaitingCareStart: number;
  careWorkerVacancyRate: number | null;
  careWorkerAbsenceRate: number | null;
  careHomeBedsVacant: number;
  careHomeBedsClosedStaffing: number;
  /** Units reported / expected, by the services the row draws on. */
  reported: { hospital: number; homecare: number; careHome: number };
  expected: { hospital: number; homecare: number; careHome: number };
}
export interface DischargeView {
  date: string;
  rows: DischargeRow[];
  total: DischargeRow;
}

export interface CompletenessUnit {
  providerId: string;
  name: string;
  localityId: string;
  locality: string;
  sector: Sector;
  status: 'on-time' | 'late' | 'missing';
  submittedAt: string | null;
  /** For a missing unit: the last date it reported, or null if never. */
  lastReturnDate: string | null;
}
export interface CompletenessView {
  date: string;
  /** The on-time deadline, UK time, HH:MM. */
  deadline: string;
  expected: number;
  received: number;
  onTime: number;
  late: number;
  missing: number;
  units: CompletenessUnit[];
}

/** One unit's current return behind a dashboard cell (GET /api/system/day-returns). */
export interface DayReturnRow {
  providerId: string;
  name: string;
  localityId: string;
  locality: string;
  sector: Sector;
  /** On time or late against the deadline, by when version 1 arrived. */
  status: 'on-time' | 'late';
  version: number;
  submittedAt: string;
  submittedBy: string;
  firstSubmittedAt: string;
  staffing: StaffingLine[];
  capacity: Capacity;
  pressure: ReturnBody['pressure'];
  measures: Measures;
  warnings: Issue[];
}
export interface DayReturnsView {
  date: string;
  returns: DayReturnRow[];
  /** Units in the same filter that owed a return on the date and sent none. */
  missing: Pick<CompletenessUnit, 'providerId' | 'name' | 'localityId' | 'locality' | 'sector'>[];
}
