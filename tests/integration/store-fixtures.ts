import { expect } from 'vitest';
import { aggregateOf, type ReturnVersion, type Sector } from '#domain';
import type { ReturnRecord, Store } from '#store/types';

/** A plausible return of one unit and date; `size` varies the figures so aggregates differ. */
export function aReturn(providerId: string, date: string, version = 1, size = 10): ReturnVersion {
  return {
    providerId,
    date,
    version,
    submittedAt: `${date}T09:0${version % 10}:00.000Z`,
    submittedBy: `user-of-${providerId}`,
    firstSubmittedAt: `${date}T09:00:00.000Z`,
    staffing: [
      {
        staffGroup: 'registered-nurse',
        establishmentWte: size * 2,
        inPostWte: size * 2 - 1,
        vacancyWte: 1,
        absentWte: version,
        plannedHours: size * 15,
        filledHours: { permanent: size * 12, bank: version * 3, agency: 1.5 },
      },
      {
        staffGroup: 'care-worker',
        establishmentWte: size,
        inPostWte: size,
        vacancyWte: 0,
        absentWte: 0.25,
        plannedHours: size * 7.5,
        filledHours: { permanent: size * 7.5, bank: 0, agency: 0 },
      },
    ],
    capacity: { bedsOpen: size * 3, bedsClosedStaffing: version },
    pressure: { level: ((size + version) % 4) + 1 as 1 | 2 | 3 | 4, note: 'steady' },
    warnings: version > 1 ? [{ path: 'staffing.0.absentWte', message: 'higher than usual' }] : [],
  };
}

export const aRecord = (ret: ReturnVersion, localityId: string, sector: Sector = 'care-home'): ReturnRecord => ({
  ...ret,
  localityId,
  sector,
});

/** The sums as they should be: recomputed from the current view. */
export async function expectAggregateMatchesCurrent(store: Store, date: string, localityId: string) {
  const current = await store.currentForDay(date, localityId);
  const [stored] = await store.aggregates([date], localityId);
  const expected = aggregateOf(
    date,
    localityId,
    current.map(({ localityId: _l, sector, ...ret }) => ({ ret, sector })),
  );
  expect(stored, `aggregate ${localityId} ${date}`).toBeDefined();
  expect(stored).toEqual(expected);
}
