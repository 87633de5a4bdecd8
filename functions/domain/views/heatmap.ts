import { reportedIn, totalsAcross, type LocalityDay, type LocalityTotals, type UnitDay } from '../aggregate';
import { addDays, datesBetween, weekdayOf } from '../dates';
import { judgedAs, measureOf, totalsOfLine, type Measure, type StaffingTotals } from '../measures';
import {
  SECTOR_LABELS,
  STAFF_GROUPS,
  STAFF_GROUP_LABELS,
  isExpectedOn,
  type Locality,
  type Provider,
  type StaffGroup,
} from '../register';
import type { ReturnVersion } from '../return';
import { ragOfTotals, type Thresholds } from '../thresholds';
import { AggregateIndex, byName, expectedCount, localityName, sectorsOf, unitOrder, type SectorOrFamily } from './scope';
import type { HeatmapCell, HeatmapView } from './types';

export const HEATMAP_DAYS = { default: 28, max: 90 } as const;

export interface HeatmapInput {
  date: string;
  measure: Measure;
  rows: HeatmapView['rows'];
  columns: HeatmapView['columns'];
  /** Days ending at `date`, for columns=day. */
  days?: number;
  sector?: SectorOrFamily;
  locality?: string;
  /** Aggregates of the localities shown on `date` (rows=locality, columns=staff-group). */
  aggregates: readonly LocalityDay[];
  /** Each locality's totals over the sectors shown, on the days shown (rows=locality, columns=day). */
  localityTotals?: readonly LocalityTotals[];
  /** Days of the units shown over the days shown (rows=provider, columns=day). */
  unitDays?: readonly UnitDay[];
  providers: readonly Provider[];
  localities: readonly Locality[];
  thresholds: Thresholds;
  /** Current returns of `date`: needed only for provider x staff-group (aggregates keep each unit's totals, not its totals per staff group). */
  returns?: readonly Pick<ReturnVersion, 'providerId' | 'staffing'>[];
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const dayLabel = (date: string) => `${WEEKDAYS[weekdayOf(date)]} ${Number(date.slice(8))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;

/** Dates shown by a day heatmap ending at `date`. */
export const heatmapDates = (date: string, days: number = HEATMAP_DAYS.default) => datesBetween(addDays(date, 1 - days), date);

/**
 * A heatmap of one measure: locality or unit rows, staff-group or day columns. Every row x column
 * has a cell; a cell nobody reported into has value null, rag 'none' and reported 0, which the
 * page must show differently from a low value.
 */
export function heatmapOf(input: HeatmapInput): HeatmapView {
  const { date, measure, thresholds } = input;
  const sectors = sectorsOf(input.sector);
  const dates = input.columns === 'day' ? heatmapDates(date, input.days) : [date];
  const inScope = input.providers.filter(
    (p) => sectors.includes(p.sector) && (input.locality === undefined || p.localityId === input.locality),
  );
  const windowStart = dates[0];
  // Units are rows only of a unit heatmap: sorting a national register for locality rows took most of its time.
  const rowProviders =
    input.rows === 'provider'
      ? byUnitOrder(
          inScope.filter((p) => p.activeFrom <= date && (p.activeTo === null || p.activeTo >= windowStart)),
          input.localities,
        )
      : [];
  const rowLocalities = byName(input.localities).filter((l) => input.locality === undefined || l.localityId === input.locality);
  const groups = STAFF_GROUPS.filter((g) => inScope.some((p) => p.staffGroups.includes(g)));

  const columnHeads =
    input.columns === 'day'
      ? dates.map((d) => ({ id: d, label: dayLabel(d) }))
      : groups.map((g) => ({ id: g, label: STAFF_GROUP_LABELS[g] }));
  const rowHeads =
    input.rows === 'locality'
      ? rowLocalities.map((l) => ({ id: l.localityId, label: l.name }))
      : rowProviders.map((p) => ({
          id: p.providerId,
          label: p.name,
          group: `${localityName(input.localities, p.localityId)} · ${SECTOR_LABELS[p.sector]}`,
          sector: p.sector,
          localityId: p.localityId,
        }));

  const cell = (row: string, column: string, totals: StaffingTotals | null, reported: number, expected: number): HeatmapCell => {
    const counted = totals && reported > 0 ? totals : null;
    const m = counted ? measureOf(measure, counted) : { value: null, numerator: 0, denominator: null };
    return { row, column, ...m, rag: m.value === null ? 'none' : ragOfTotals(measure, counted, thresholds), reported, expected };
  };

  const index = new AggregateIndex(input.aggregates);
  let cells: HeatmapCell[];
  if (input.rows === 'locality' && input.columns === 'staff-group') {
    cells = rowLocalities.flatMap((l) => {
      const agg = index.get(date, l.localityId);
      return groups.map((g) => {
        const reported = agg ? reportedIn([agg], sectors, g) : 0;
        const expected = expectedCount(input.providers, date, sectors, l.localityId, g);
        return cell(l.localityId, g, agg ? totalsAcross([agg], sectors, [g]) : null, reported, expected);
      });
    });
  } else if (input.rows === 'locality') {
    const totals = new Map((input.localityTotals ?? []).map((t) => [`${t.date}|${t.localityId}`, t]));
    cells = rowLocalities.flatMap((l) =>
      dates.map((d) => {
        const t = totals.get(`${d}|${l.localityId}`);
        return cell(l.localityId, d, t?.totals ?? null, t?.reported ?? 0, expectedCount(input.providers, d, sectors, l.localityId));
      }),
    );
  } else if (input.columns === 'day') {
    // By unit id across localities: a unit that moved locality keeps its history.
    const unitDays = new Map<string, UnitDay>();
    for (const u of input.unitDays ?? []) unitDays.set(`${u.date}|${u.providerId}`, u);
    cells = rowProviders.flatMap((p) =>
      dates.map((d) => {
        const u = unitDays.get(`${d}|${p.providerId}`);
        return cell(p.providerId, d, u?.totals ?? null, u ? 1 : 0, isExpectedOn(p, d) ? 1 : 0);
      }),
    );
  } else {
    const staffing = new Map((input.returns ?? []).map((r) => [r.providerId, r.staffing]));
    cells = rowProviders.flatMap((p) =>
      groups.map((g: StaffGroup) => {
        const line = staffing.get(p.providerId)?.find((l) => l.staffGroup === g);
        const expected = isExpectedOn(p, date) && p.staffGroups.includes(g) ? 1 : 0;
        return cell(p.providerId, g, line ? totalsOfLine(line) : null, line ? 1 : 0, expected);
      }),
    );
  }

  return {
    date,
    measure,
    rows: input.rows,
    columns: input.columns,
    rowHeads,
    columnHeads,
    cells,
    thresholds: thresholds[judgedAs(measure)],
    ...(judgedAs(measure) !== measure ? { judgedAs: judgedAs(measure) } : {}),
  };
}

function byUnitOrder(providers: Provider[], localities: readonly Locality[]): Provider[] {
  return providers
    .map((p) => ({ p, locality: localityName(localities, p.localityId), sector: p.sector, name: p.name }))
    .sort(unitOrder)
    .map(({ p }) => p);
}
