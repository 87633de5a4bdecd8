import type { Capacity, ReturnVersion } from './return';
import { CAPACITY_FIELDS } from './return';
import type { Sector, StaffGroup } from './register';
import { addTotals, emptyTotals, sumLines, totalsOfLine, type StaffingTotals } from './measures';

/** What one unit contributed to a day's aggregate: enough for unit x day heatmaps and completeness. */
export interface UnitDay {
  sector: Sector;
  version: number;
  firstSubmittedAt: string;
  totals: StaffingTotals;
  pressure: number;
  warnings: number;
  /** Staff groups the return has lines for: who reported into a locality x staff-group cell (absent on older aggregates). */
  staffGroups?: StaffGroup[];
}

export type CapacityTotals = Required<{ [K in keyof Capacity]: number }>;

/**
 * The date x locality aggregate, recomputed from the day's current returns after every write.
 * `seq` only grows: a recompute writes only if the seq it read is still the stored one.
 */
export interface LocalityDay {
  date: string;
  localityId: string;
  seq: number;
  /** Totals by sector, then staff group. */
  groups: Partial<Record<Sector, Partial<Record<StaffGroup, StaffingTotals>>>>;
  /** Capacity sums by sector, with how many units gave each figure. */
  capacity: Partial<Record<Sector, CapacityTotals & { units: number }>>;
  units: Record<string, UnitDay>;
}

export const emptyCapacity = (): CapacityTotals =>
  Object.fromEntries(CAPACITY_FIELDS.map((f) => [f, 0])) as CapacityTotals;

/** The aggregate content (without seq) of one date and locality, from its current returns. */
export function aggregateOf(
  date: string,
  localityId: string,
  current: { ret: ReturnVersion; sector: Sector }[],
): Omit<LocalityDay, 'seq'> {
  const out: Omit<LocalityDay, 'seq'> = { date, localityId, groups: {}, capacity: {}, units: {} };
  for (const { ret, sector } of current) {
    const bySector = (out.groups[sector] ??= {});
    for (const line of ret.staffing)
      bySector[line.staffGroup] = addTotals(bySector[line.staffGroup] ?? emptyTotals(), totalsOfLine(line));
    const cap = (out.capacity[sector] ??= { ...emptyCapacity(), units: 0 });
    cap.units += 1;
    for (const f of CAPACITY_FIELDS) cap[f] += ret.capacity[f] ?? 0;
    out.units[ret.providerId] = {
      sector,
      version: ret.version,
      firstSubmittedAt: ret.firstSubmittedAt,
      totals: sumLines(ret.staffing),
      pressure: ret.pressure.level,
      warnings: ret.warnings.length,
      staffGroups: ret.staffing.map((l) => l.staffGroup),
    };
  }
  return out;
}

/** Sum a set of aggregates' totals, optionally for some sectors and staff groups only. */
export function totalsAcross(
  days: Pick<LocalityDay, 'groups'>[],
  sectors?: readonly Sector[],
  staffGroups?: readonly StaffGroup[],
): StaffingTotals {
  let t = emptyTotals();
  for (const d of days)
    for (const [sector, groups] of Object.entries(d.groups) as [Sector, Partial<Record<StaffGroup, StaffingTotals>>][]) {
      if (sectors && !sectors.includes(sector)) continue;
      for (const [group, totals] of Object.entries(groups) as [StaffGroup, StaffingTotals][])
        if (!staffGroups || staffGroups.includes(group)) t = addTotals(t, totals);
    }
  return t;
}
