import { z } from 'zod';
import type { UnitDay } from '../aggregate';
import { addDays, datesBetween } from '../dates';
import { MEASURES, measureInfo, measureOf, type Measure } from '../measures';
import { SECTORS, SECTOR_LABELS, type Locality, type Provider, type Sector } from '../register';
import { localityName } from './scope';

/**
 * What a unit gets back for its returns (issue 6 item 6): its own measures beside the median
 * and quartiles of its peers. domain.md, "Peers are never exposed": a peer is seen only inside
 * a median and quartiles of at least MIN_PEERS units, never by name, id or single figure.
 */
export const MIN_PEERS = 5;
export const COMPARISON_DAYS = { default: 28, max: 56 } as const;

/** The closed days whose whole-system peer figures are kept gathered (today keeps changing all morning). */
export const peerGatheringDates = (today: string) => datesBetween(addDays(today, -COMPARISON_DAYS.max), addDays(today, -1));

/** Rates only: a count (unfilled hours) grows with the unit's size, so its rate (unfilled share) is compared instead. */
export const COMPARED_MEASURES = MEASURES.filter((m) => measureInfo(m).kind === 'rate');

/** The p-quantile of sorted values, interpolating between the two nearest (R type 7, Excel QUARTILE.INC, d3.quantile). */
export function quantileSorted(sorted: readonly number[], p: number): number {
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

const QUARTILES = [0.25, 0.5, 0.75] as const;

export interface Quartiles {
  lower: number;
  median: number;
  upper: number;
}

export function quartilesOf(values: readonly number[]): Quartiles | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const [lower, median, upper] = QUARTILES.map((p) => quantileSorted(sorted, p));
  return { lower, median, upper };
}

/**
 * A group's values kept small: how many, and for each quartile the three sorted values from
 * position floor(p (n - 2)). That is all the quartiles of the whole group need, and all the
 * quartiles of the group without any one of its members need (removing one value moves each
 * rank by at most one), so a unit's peers across the whole system can be kept per day and
 * sector in a few numbers, whatever the number of units, and the unit still left out of its own peers.
 */
export const distributionSchema = z.object({ n: z.number().int().min(0), windows: z.array(z.array(z.number())) });
export type Distribution = z.infer<typeof distributionSchema>;

const windowStart = (n: number, p: number) => Math.floor(p * Math.max(0, n - 2));

export function distributionOf(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return { n, windows: QUARTILES.map((p) => sorted.slice(windowStart(n, p), windowStart(n, p) + 3)) };
}

/**
 * The quartiles of a distribution's group, or of the group without one member whose value is
 * `without` (that value must be in the group). Null when fewer than MIN_PEERS remain.
 */
export function quartilesFrom(d: Distribution, without?: number): { quartiles: Quartiles | null; peers: number } {
  const peers = without === undefined ? d.n : d.n - 1;
  if (peers < MIN_PEERS) return { quartiles: null, peers: Math.max(0, peers) };
  const [lower, median, upper] = QUARTILES.map((p, q) => {
    const k = windowStart(d.n, p);
    const a = (i: number) => d.windows[q][i - k];
    // Without the member: below its first occurrence ranks stay, from it on they move up one.
    const b = without === undefined ? a : (i: number) => (a(i) < without ? a(i) : a(i + 1));
    const pos = p * (peers - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, peers - 1);
    return b(lo) + (pos - lo) * (b(hi) - b(lo));
  });
  return { quartiles: { lower, median, upper }, peers };
}

/** Each compared measure's value for a unit's day, leaving out those with nothing to divide by. */
export const measureValuesOf = (day: Pick<UnitDay, 'totals'>): Partial<Record<Measure, number>> =>
  Object.fromEntries(
    COMPARED_MEASURES.map((m) => [m, measureOf(m, day.totals).value]).filter(([, v]) => v !== null),
  ) as Partial<Record<Measure, number>>;

/** The whole system's distribution of every compared measure for each sector of one date. */
export function systemDistributionsOf(unitDays: readonly UnitDay[]): Record<Sector, Partial<Record<Measure, Distribution>>> {
  return Object.fromEntries(
    SECTORS.map((sector) => {
      const values = unitDays.filter((u) => u.sector === sector).map(measureValuesOf);
      return [sector, Object.fromEntries(COMPARED_MEASURES.map((m) => [m, distributionOf(values.flatMap((v) => (v[m] === undefined ? [] : [v[m]])))]))];
    }),
  ) as Record<Sector, Partial<Record<Measure, Distribution>>>;
}

const comparisonDaySchema = z.object({
  date: z.string().describe('YYYY-MM-DD'),
  own: z.number().nullable().describe("the unit's own value; null when it sent no return or there is nothing to divide by"),
  peerMedian: z.number().nullable(),
  peerLower: z.number().nullable().describe('lower quartile of the peers'),
  peerUpper: z.number().nullable().describe('upper quartile of the peers'),
  peers: z.number().int().describe('peers with a figure that day (the unit itself never counted)'),
  reason: z.string().nullable().describe('why the peer figures are null, in plain English'),
});
export type ComparisonDay = z.infer<typeof comparisonDaySchema>;

export const comparisonViewSchema = z
  .object({
    providerId: z.string(),
    name: z.string(),
    sector: z.enum(SECTORS),
    from: z.string(),
    to: z.string(),
    peerGroup: z.object({
      scope: z.enum(['locality', 'system']).describe(`the locality, or the whole system when the locality has fewer than ${MIN_PEERS} other units of the sector`),
      description: z.string().describe('the peers in words, as "care home units in Cherwell"'),
      registered: z.number().int().describe('other units of the sector in the group, registered (not all report every day)'),
    }),
    minimumPeers: z.number().int(),
    measures: z.array(
      z.object({
        measure: z.enum(MEASURES),
        label: z.string(),
        kind: z.enum(['rate', 'hours', 'count']),
        higherIsWorse: z.boolean(),
        days: z.array(comparisonDaySchema),
      }),
    ),
  })
  .describe(`Never a peer's name, id or single figure: only the median and quartiles of at least ${MIN_PEERS} peers.`);
export type ComparisonView = z.infer<typeof comparisonViewSchema>;

/** A sector in a sentence: "care home", "primary care (GP)". */
const sectorWords = (s: Sector) => SECTOR_LABELS[s].charAt(0).toLowerCase() + SECTOR_LABELS[s].slice(1);

const isRegisteredBetween = (p: Provider, from: string, to: string) => p.activeFrom <= to && (p.activeTo === null || p.activeTo >= from);

export interface ComparisonInput {
  unit: Provider;
  dates: readonly string[];
  providers: readonly Provider[];
  localities: readonly Locality[];
  /** The unit's locality's unit days for `dates` (every sector). */
  unitDays: readonly UnitDay[];
  /**
   * For the whole-system group: each date's distributions of the unit's sector, only where they
   * count every current return of that date (so the unit's own current figure is in them when it has one).
   */
  system?: ReadonlyMap<string, Partial<Record<Measure, Distribution>>>;
  /** Today's service date: the whole system's figures of a day are gathered once it is over. */
  today: string;
}

/**
 * Who a unit is compared with, from the register: the other units of its sector in its locality
 * registered over the dates, or the whole system's when there are fewer than MIN_PEERS of them.
 */
export function peerGroupOf(input: Pick<ComparisonInput, 'unit' | 'dates' | 'providers' | 'localities'>): ComparisonView['peerGroup'] {
  const { unit, dates } = input;
  const kind = `${sectorWords(unit.sector)} units`;
  const others = input.providers.filter(
    (p) => p.sector === unit.sector && p.providerId !== unit.providerId && isRegisteredBetween(p, dates[0], dates.at(-1)!),
  );
  const inLocality = others.filter((p) => p.localityId === unit.localityId).length;
  return inLocality >= MIN_PEERS
    ? { scope: 'locality', description: `${kind} in ${localityName(input.localities, unit.localityId)}`, registered: inLocality }
    : { scope: 'system', description: `${kind} across the whole system`, registered: others.length };
}

/** The unit's own measures beside its peers' quartiles, per compared measure and day. */
export function comparisonOf(input: ComparisonInput): Omit<ComparisonView, 'asAt'> {
  const { unit, dates } = input;
  const peerGroup = peerGroupOf(input);
  const { scope, description } = peerGroup;
  const kind = `${sectorWords(unit.sector)} units`;

  const own = new Map<string, UnitDay>();
  const localPeers = new Map<string, UnitDay[]>();
  for (const u of input.unitDays) {
    if (u.providerId === unit.providerId) own.set(u.date, u);
    else if (u.sector === unit.sector && u.localityId === unit.localityId) localPeers.set(u.date, [...(localPeers.get(u.date) ?? []), u]);
  }

  const dayOf = (measure: Measure, date: string): ComparisonDay => {
    const ownDay = own.get(date);
    const ownValue = ownDay ? measureOf(measure, ownDay.totals).value : null;
    const label = measureInfo(measure).label.toLowerCase();
    const none = (peers: number, reason: string): ComparisonDay => ({ date, own: ownValue, peerMedian: null, peerLower: null, peerUpper: null, peers, reason });
    let result: { quartiles: { lower: number; median: number; upper: number } | null; peers: number };
    if (scope === 'locality') {
      const values = (localPeers.get(date) ?? []).flatMap((u) => measureValuesOf(u)[measure] ?? []);
      result = { quartiles: values.length >= MIN_PEERS ? quartilesOf(values) : null, peers: values.length };
    } else {
      const gathered = input.system?.get(date);
      if (!gathered)
        return none(
          0,
          date >= input.today
            ? `The figures of ${kind} across the whole system are gathered once the day is over.`
            : date < peerGatheringDates(input.today)[0]
              ? `The figures of ${kind} across the whole system are kept for the last ${COMPARISON_DAYS.max} days only.`
              : `The figures of ${kind} across the whole system for this day are not gathered yet; they are gathered every 15 minutes.`,
        );
      // The system's figures count the unit's own current return (when in this sector): leave it out.
      const counted = ownDay && ownDay.sector === unit.sector ? measureValuesOf(ownDay)[measure] : undefined;
      result = quartilesFrom(gathered[measure] ?? distributionOf([]), counted);
    }
    if (!result.quartiles)
      return none(
        result.peers,
        `${result.peers === 0 ? 'No' : `Only ${result.peers}`} other ${description} had a ${label} that day: at least ${MIN_PEERS} are needed to compare.`,
      );
    return {
      date,
      own: ownValue,
      peerMedian: result.quartiles.median,
      peerLower: result.quartiles.lower,
      peerUpper: result.quartiles.upper,
      peers: result.peers,
      reason: null,
    };
  };

  return {
    providerId: unit.providerId,
    name: unit.name,
    sector: unit.sector,
    from: dates[0],
    to: dates.at(-1)!,
    peerGroup,
    minimumPeers: MIN_PEERS,
    measures: COMPARED_MEASURES.map((measure) => ({
      measure,
      label: measureInfo(measure).label,
      kind: measureInfo(measure).kind,
      higherIsWorse: measureInfo(measure).higherIsWorse,
      days: dates.map((date) => dayOf(measure, date)),
    })),
  };
}
