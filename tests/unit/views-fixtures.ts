import { addDays, aggregateOf, localityTotalsOf, reportedIn, totalsAcross, unitDayOf, type LocalityDay, type LocalityTotals, type UnitDay, type Provider, type ReturnVersion, type Sector, type SectorFamily, type StaffingLine } from '#domain';
import { sectorsOf, type SectorOrFamily } from '#domain/views/scope';
import { toSubtract, unitsInCommon } from '#domain/views/like-for-like';
import { familyFilters } from '#domain/views/trends';

/** Small factories for the system-view unit tests: a register, returns and the aggregates built from them. */
export function unit(providerId: string, localityId: string, sector: Sector, over: Partial<Provider> = {}): Provider {
  return {
    providerId,
    name: providerId.replace(/-/g, ' '),
    organisation: 'Org',
    localityId,
    sector,
    staffGroups: ['registered-nurse', 'care-worker', 'medical'],
    reportingDays: 'every-day',
    activeFrom: '2025-01-01',
    activeTo: null,
    ...over,
  };
}

export function line(over: Partial<StaffingLine> = {}): StaffingLine {
  return {
    staffGroup: 'registered-nurse',
    establishmentWte: 10,
    inPostWte: 9,
    vacancyWte: 1,
    absentWte: 0.5,
    plannedHours: 100,
    filledHours: { permanent: 80, bank: 10, agency: 5 },
    ...over,
  };
}

export function ret(providerId: string, date: string, over: Partial<ReturnVersion> = {}): ReturnVersion {
  return {
    providerId,
    date,
    version: 1,
    submittedAt: `${date}T08:00:00Z`,
    submittedBy: 'user-1',
    firstSubmittedAt: `${date}T08:00:00Z`,
    staffing: [line()],
    capacity: {},
    pressure: { level: 2 },
    warnings: [],
    ...over,
  };
}

/** Aggregates of the given returns, one per date and locality, as the store would keep them. */
export function aggregatesOf(providers: Provider[], returns: ReturnVersion[]): LocalityDay[] {
  const byKey = new Map<string, { date: string; localityId: string; current: { ret: ReturnVersion; sector: Sector }[] }>();
  for (const r of returns) {
    const p = providers.find((x) => x.providerId === r.providerId)!;
    const key = `${r.date}|${p.localityId}`;
    if (!byKey.has(key)) byKey.set(key, { date: r.date, localityId: p.localityId, current: [] });
    byKey.get(key)!.current.push({ ret: r, sector: p.sector });
  }
  return [...byKey.values()].map((k) => aggregateOf(k.date, k.localityId, k.current));
}

/** Each unit's day, as the store keeps it beside its current return. */
export const unitDaysOf = (providers: Provider[], returns: ReturnVersion[]): UnitDay[] =>
  returns.map((r) => unitDayOf(r, providers.find((p) => p.providerId === r.providerId)!));

/**
 * Each family's units in common as the summary's route makes them for `date` (functions/api/routes/system.ts),
 * from the units' days: the date's sums and the units they count, the week-ago units, and the date's
 * figures of the units toSubtract names.
 */
export function inCommonFrom(unitDays: readonly UnitDay[], aggregates: readonly LocalityDay[], date: string) {
  const today = unitDays.filter((u) => u.date === date);
  const weekAgo = unitDays.filter((u) => u.date === addDays(date, -7));
  const counted = today.map(({ providerId, sector, version }) => ({ providerId, sector, version }));
  const subtract = new Set(toSubtract(counted, weekAgo).map((u) => u.providerId));
  return unitsInCommon({ days: aggregates.filter((a) => a.date === date), counted, weekAgo, subtracted: today.filter((u) => subtract.has(u.providerId)) });
}

export const LOCALITIES = [
  { localityId: 'oxford', name: 'Oxford' },
  { localityId: 'cherwell', name: 'Cherwell' },
];

/** Each locality's totals over some sectors, as the store's localityTotals answers them (only where a unit reported). */
export const localityTotalsIn = (aggregates: readonly LocalityDay[], sectors: readonly Sector[]): LocalityTotals[] =>
  aggregates.map((d) => localityTotalsOf(d, sectors)).filter((t) => t.reported > 0);

/** The whole system's totals of each family a trend by family draws, as the store's systemTotals answers them. */
export function familyTotalsIn(aggregates: readonly LocalityDay[], sector?: SectorOrFamily): Map<SectorFamily, LocalityTotals[]> {
  const dates = [...new Set(aggregates.map((a) => a.date))].sort();
  return new Map(
    familyFilters(sector).map(({ family, filter }) => [
      family,
      dates
        .map((date) => {
          const days = aggregates.filter((a) => a.date === date);
          return { date, localityId: '*', reported: reportedIn(days, sectorsOf(filter)), totals: totalsAcross(days, sectorsOf(filter)) };
        })
        .filter((t) => t.reported > 0),
    ]),
  );
}
