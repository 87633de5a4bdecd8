import type { Capacity, ReturnVersion } from './return';
import { CAPACITY_FIELDS } from './return';
import { STAFF_GROUPS, type Sector, type StaffGroup } from './register';
import { emptyTotals, sumLines, type StaffingTotals } from './measures';
import { isOnTime } from './views/completeness';

export type CapacityTotals = Required<{ [K in keyof Capacity]: number }>;

/**
 * The figures of one date x locality, by sector: sums only, never anything per unit, so
 * their size depends on the sectors and staff groups, not on how many units reported.
 */
export interface LocalityDay {
  date: string;
  localityId: string;
  /** Totals by sector, then staff group. */
  groups: Partial<Record<Sector, Partial<Record<StaffGroup, StaffingTotals>>>>;
  /** Capacity sums by sector, with how many units reported (each unit counts whatever figures it gave). */
  capacity: Partial<Record<Sector, CapacityTotals & { units: number }>>;
  /** Units counted by sector, and by sector and the staff groups their returns have lines for. */
  reported: Partial<Record<Sector, { units: number; onTime: number; staffGroups: Partial<Record<StaffGroup, number>> }>>;
}

/** One unit's day, for the views that list units (unit x day heatmaps, completeness). */
export interface UnitDay {
  providerId: string;
  date: string;
  localityId: string;
  sector: Sector;
  version: number;
  firstSubmittedAt: string;
  totals: StaffingTotals;
  pressure: number;
  warnings: number;
  /** Staff groups the return has lines for. */
  staffGroups: StaffGroup[];
}

export const unitDayOf = (ret: ReturnVersion, where: { localityId: string; sector: Sector }): UnitDay => ({
  providerId: ret.providerId,
  date: ret.date,
  localityId: where.localityId,
  sector: where.sector,
  version: ret.version,
  firstSubmittedAt: ret.firstSubmittedAt,
  totals: sumLines(ret.staffing),
  pressure: ret.pressure.level,
  warnings: ret.warnings.length,
  staffGroups: ret.staffing.map((l) => l.staffGroup),
});

export const emptyCapacity = (): CapacityTotals =>
  Object.fromEntries(CAPACITY_FIELDS.map((f) => [f, 0])) as CapacityTotals;

/**
 * What one return adds to its date x locality x sector sums, as whole numbers: staffing and
 * capacity figures in hundredths (every figure is a multiple of 0.01, so sums and differences
 * of them are exact in any order, and a delta applied and later reversed leaves no residue),
 * and counts of units. Keys: `n` units; `o` units whose first version came before the deadline;
 * `r.<group>` units with a line for the group;
 * `g.<group>.<total>` and `c.<capacity field>` hundredths.
 */
export type Figures = Record<string, number>;

export const TOTAL_FIELDS = Object.keys(emptyTotals()) as (keyof StaffingTotals)[];

/** Every key a Figures record can hold: what a reader of stored sums asks for. */
export const FIGURE_KEYS: readonly string[] = [
  'n',
  'o',
  ...STAFF_GROUPS.map((g) => `r.${g}`),
  ...STAFF_GROUPS.flatMap((g) => TOTAL_FIELDS.map((f) => `g.${g}.${f}`)),
  ...CAPACITY_FIELDS.map((f) => `c.${f}`),
];

/** A figure to whole hundredths. Validation has made every figure a multiple of 0.01. */
export const toHundredths = (n: number) => Math.round(n * 100);
const fromHundredths = (n: number) => n / 100;

export function figuresOf(ret: Pick<ReturnVersion, 'date' | 'firstSubmittedAt' | 'staffing' | 'capacity'>): Figures {
  const out: Figures = { n: 1 };
  if (isOnTime(ret.firstSubmittedAt, ret.date)) out.o = 1;
  const add = (key: string, value: number) => {
    if (value !== 0) out[key] = (out[key] ?? 0) + value;
  };
  for (const line of ret.staffing) {
    const g = line.staffGroup;
    out[`r.${g}`] = 1;
    const permanent = toHundredths(line.filledHours.permanent);
    const bank = toHundredths(line.filledHours.bank);
    const agency = toHundredths(line.filledHours.agency);
    const planned = toHundredths(line.plannedHours);
    add(`g.${g}.establishmentWte`, toHundredths(line.establishmentWte));
    add(`g.${g}.inPostWte`, toHundredths(line.inPostWte));
    add(`g.${g}.vacancyWte`, toHundredths(line.vacancyWte));
    add(`g.${g}.absentWte`, toHundredths(line.absentWte));
    add(`g.${g}.plannedHours`, planned);
    add(`g.${g}.permanentHours`, permanent);
    add(`g.${g}.bankHours`, bank);
    add(`g.${g}.agencyHours`, agency);
    // Per line: one line's overfill never hides another's gap.
    add(`g.${g}.unfilledHours`, Math.max(0, planned - permanent - bank - agency));
  }
  for (const f of CAPACITY_FIELDS) add(`c.${f}`, toHundredths(ret.capacity[f] ?? 0));
  return out;
}

/** `next - previous`, without the keys that do not change. */
export function deltaOf(previous: Figures, next: Figures): Figures {
  const out: Figures = {};
  for (const key of new Set([...Object.keys(previous), ...Object.keys(next)])) {
    const d = (next[key] ?? 0) - (previous[key] ?? 0);
    if (d !== 0) out[key] = d;
  }
  return out;
}

export function sumFigures(all: readonly Figures[]): Figures {
  const out: Figures = {};
  for (const f of all) for (const [k, v] of Object.entries(f)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Stored sums of one sector (and date and locality) as a LocalityDay's parts; nothing when no unit is counted. */
function sectorOf(figures: Figures) {
  const units = figures.n ?? 0;
  if (units <= 0) return null;
  const groups: Partial<Record<StaffGroup, StaffingTotals>> = {};
  const staffGroups: Partial<Record<StaffGroup, number>> = {};
  for (const g of STAFF_GROUPS) {
    const count = figures[`r.${g}`] ?? 0;
    if (count <= 0) continue;
    staffGroups[g] = count;
    const t = emptyTotals();
    for (const f of TOTAL_FIELDS) t[f] = fromHundredths(figures[`g.${g}.${f}`] ?? 0);
    groups[g] = t;
  }
  const capacity = { ...emptyCapacity(), units };
  for (const f of CAPACITY_FIELDS) capacity[f] = fromHundredths(figures[`c.${f}`] ?? 0);
  return { groups, capacity, reported: { units, onTime: figures.o ?? 0, staffGroups } };
}

/** A LocalityDay from the stored sums of its sectors. */
export function localityDayOf(date: string, localityId: string, sectors: readonly { sector: Sector; figures: Figures }[]): LocalityDay {
  const out: LocalityDay = { date, localityId, groups: {}, capacity: {}, reported: {} };
  const bySector = new Map<Sector, Figures[]>();
  for (const s of sectors) bySector.set(s.sector, [...(bySector.get(s.sector) ?? []), s.figures]);
  for (const [sector, all] of bySector) {
    const parts = sectorOf(sumFigures(all));
    if (!parts) continue;
    out.groups[sector] = parts.groups;
    out.capacity[sector] = parts.capacity;
    out.reported[sector] = parts.reported;
  }
  return out;
}

/** The LocalityDay of one date and locality computed from its current returns: what the stored sums must equal. */
export function aggregateOf(date: string, localityId: string, current: { ret: ReturnVersion; sector: Sector }[]): LocalityDay {
  return localityDayOf(
    date,
    localityId,
    current.map(({ ret, sector }) => ({ sector, figures: figuresOf(ret) })),
  );
}

/** Units counted in a set of LocalityDays, optionally of some sectors (and, with `staffGroup`, with a line for it). */
export function reportedIn(days: readonly Pick<LocalityDay, 'reported'>[], sectors?: readonly Sector[], staffGroup?: StaffGroup): number {
  let n = 0;
  for (const d of days)
    for (const [sector, r] of Object.entries(d.reported) as [Sector, NonNullable<LocalityDay['reported'][Sector]>][]) {
      if (sectors && !sectors.includes(sector)) continue;
      n += staffGroup === undefined ? r.units : (r.staffGroups[staffGroup] ?? 0);
    }
  return n;
}

/** Units counted in a set of LocalityDays whose first version came before the deadline. */
export const onTimeIn = (days: readonly Pick<LocalityDay, 'reported'>[]): number =>
  days.reduce((n, d) => n + Object.values(d.reported).reduce((m, r) => m + (r?.onTime ?? 0), 0), 0);

/**
 * One locality's figures of a date over a set of sectors, summed over staff groups: all that
 * the views by locality over days need (the locality x day heatmap, trends by locality), so
 * closed days can be kept this small (functions/store/rollups.ts) instead of read as sums.
 */
export interface LocalityTotals {
  date: string;
  localityId: string;
  reported: number;
  totals: StaffingTotals;
}

export const localityTotalsOf = (day: LocalityDay, sectors: readonly Sector[]): LocalityTotals => ({
  date: day.date,
  localityId: day.localityId,
  reported: reportedIn([day], sectors),
  totals: totalsAcross([day], sectors),
});

/** A LocalityTotals as whole numbers, `[reported, ...hundredths of each total]`: how rollups keep it. */
export const localityTotalsParts = (t: LocalityTotals): number[] => [t.reported, ...TOTAL_FIELDS.map((f) => toHundredths(t.totals[f]))];

export function localityTotalsFromParts(date: string, localityId: string, parts: readonly number[]): LocalityTotals {
  const totals = emptyTotals();
  TOTAL_FIELDS.forEach((f, i) => (totals[f] = fromHundredths(parts[i + 1] ?? 0)));
  return { date, localityId, reported: parts[0] ?? 0, totals };
}

/** Sum a set of aggregates' totals, optionally for some sectors and staff groups only. */
export function totalsAcross(
  days: readonly Pick<LocalityDay, 'groups'>[],
  sectors?: readonly Sector[],
  staffGroups?: readonly StaffGroup[],
): StaffingTotals {
  const t: Figures = {};
  for (const d of days)
    for (const [sector, groups] of Object.entries(d.groups) as [Sector, Partial<Record<StaffGroup, StaffingTotals>>][]) {
      if (sectors && !sectors.includes(sector)) continue;
      for (const [group, totals] of Object.entries(groups) as [StaffGroup, StaffingTotals][])
        if (!staffGroups || staffGroups.includes(group))
          for (const f of TOTAL_FIELDS) t[f] = (t[f] ?? 0) + toHundredths(totals[f]);
    }
  const out = emptyTotals();
  for (const f of TOTAL_FIELDS) out[f] = fromHundredths(t[f] ?? 0);
  return out;
}
