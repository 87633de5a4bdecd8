import { measuresOf, sumLines } from '../measures';
import { isExpectedOn, type Locality, type Provider, type Sector } from '../register';
import type { ReturnVersion } from '../return';
import { isOnTime } from './completeness';
import { localityName, sectorsOf, unitOrder, type SectorOrFamily } from './scope';
import type { DayReturnRow, DayReturnsView } from './types';

/**
 * The current returns behind a cell: those of one date, narrowed by locality, sector (or family)
 * and unit, with their measures and warnings, ordered like the heatmap's unit rows.
 */
export function dayReturnsOf(input: {
  date: string;
  returns: readonly (ReturnVersion & { localityId: string; sector: Sector })[];
  providers: readonly Provider[];
  localities: readonly Locality[];
  locality?: string;
  sector?: SectorOrFamily;
  provider?: string;
  deadlineMinutes?: number;
}): DayReturnsView {
  const sectors = sectorsOf(input.sector);
  const names = new Map(input.providers.map((p) => [p.providerId, p.name]));
  const matches = (u: { sector: Sector; localityId: string; providerId: string }) =>
    sectors.includes(u.sector) &&
    (input.locality === undefined || u.localityId === input.locality) &&
    (input.provider === undefined || u.providerId === input.provider);
  const returns = input.returns
    .filter((r) => r.date === input.date && matches(r))
    .map(
      (r): DayReturnRow => ({
        providerId: r.providerId,
        name: names.get(r.providerId) ?? r.providerId,
        localityId: r.localityId,
        locality: localityName(input.localities, r.localityId),
        sector: r.sector,
        status: isOnTime(r.firstSubmittedAt, input.date, input.deadlineMinutes) ? 'on-time' : 'late',
        version: r.version,
        submittedAt: r.submittedAt,
        submittedBy: r.submittedBy,
        firstSubmittedAt: r.firstSubmittedAt,
        staffing: r.staffing,
        capacity: r.capacity,
        pressure: r.pressure,
        measures: measuresOf(sumLines(r.staffing)),
        warnings: r.warnings,
      }),
    )
    .sort(unitOrder);
  const received = new Set(returns.map((r) => r.providerId));
  const missing = input.providers
    .filter((p) => isExpectedOn(p, input.date) && matches(p) && !received.has(p.providerId))
    .map((p) => ({
      providerId: p.providerId,
      name: p.name,
      localityId: p.localityId,
      locality: localityName(input.localities, p.localityId),
      sector: p.sector,
    }))
    .sort(unitOrder);
  return { date: input.date, returns, missing };
}
