import { measuresOf, sumLines } from '../measures';
import { isExpectedOn, type Locality, type Provider, type Sector, type StaffGroup } from '../register';
import type { ReturnVersion } from '../return';
import { isOnTime } from './completeness';
import { absentStatus } from './coverage';
import { localityName, sectorsOf, unitOrder, type SectorOrFamily } from './scope';
import type { DayReturnRow, DayReturnsView } from './types';

/**
 * The current returns behind a cell: those of one date, narrowed by locality, sector (or family)
 * and unit, with their measures and warnings, ordered like the heatmap's unit rows.
 * With `staffGroup` (a locality x staff-group cell) only units that report that group are
 * listed, each with the measures of that group's line alone (what the cell counted), and the
 * missing are the units that owe a line for it. Given `now`, a unit without a return before
 * the deadline is 'not-in-yet' rather than 'missing'.
 */
export function dayReturnsOf(input: {
  date: string;
  returns: readonly (ReturnVersion & { localityId: string; sector: Sector })[];
  providers: readonly Provider[];
  localities: readonly Locality[];
  locality?: string;
  sector?: SectorOrFamily;
  provider?: string;
  staffGroup?: StaffGroup;
  deadlineMinutes?: number;
  now?: Date;
}): DayReturnsView {
  const { staffGroup } = input;
  const sectors = sectorsOf(input.sector);
  const names = new Map(input.providers.map((p) => [p.providerId, p.name]));
  const matches = (u: { sector: Sector; localityId: string; providerId: string }) =>
    sectors.includes(u.sector) &&
    (input.locality === undefined || u.localityId === input.locality) &&
    (input.provider === undefined || u.providerId === input.provider);
  const linesOf = (r: ReturnVersion) => (staffGroup === undefined ? r.staffing : r.staffing.filter((l) => l.staffGroup === staffGroup));
  const returns = input.returns
    .filter((r) => r.date === input.date && matches(r) && linesOf(r).length > 0)
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
        measures: measuresOf(sumLines(linesOf(r))),
        warnings: r.warnings,
      }),
    )
    .sort(unitOrder);
  const received = new Set(input.returns.filter((r) => r.date === input.date).map((r) => r.providerId));
  const status = absentStatus(input.date, input.now, input.deadlineMinutes);
  const missing = input.providers
    .filter(
      (p) =>
        isExpectedOn(p, input.date) &&
        matches(p) &&
        (staffGroup === undefined || p.staffGroups.includes(staffGroup)) &&
        !received.has(p.providerId),
    )
    .map((p) => ({
      status,
      providerId: p.providerId,
      name: p.name,
      localityId: p.localityId,
      locality: localityName(input.localities, p.localityId),
      sector: p.sector,
    }))
    .sort(unitOrder);
  return { date: input.date, ...(staffGroup ? { staffGroup } : {}), returns, missing };
}
