import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SECTORS, STAFF_GROUPS, addDays, isExpectedOn, type Provider } from '#domain';
import { expectedCount, sectorsOf, SECTOR_OR_FAMILY } from '#domain/views/scope';

const FIRST = '2026-01-01';
const day = fc.integer({ min: 0, max: 60 }).map((n) => addDays(FIRST, n));
const unit = fc.record({
  n: fc.nat(),
  localityId: fc.constantFrom('north', 'south', 'east'),
  sector: fc.constantFrom(...SECTORS),
  staffGroups: fc.subarray([...STAFF_GROUPS], { minLength: 1 }),
  reportingDays: fc.constantFrom('every-day' as const, 'weekdays' as const),
  activeFrom: day,
  // Some units ended (one ends before it starts: never expected), most are still active.
  activeTo: fc.option(day, { freq: 2 }),
});

describe('units expected on a date', () => {
  it('are counted as isExpectedOn would find them one by one, for any locality, sector filter and staff group', () => {
    fc.assert(
      // Several dates of one register: what is merged for a set of sectors is made once and asked again.
      fc.property(fc.array(unit, { maxLength: 60 }), fc.array(day, { minLength: 1, maxLength: 4 }), fc.constantFrom(undefined, ...SECTOR_OR_FAMILY), fc.constantFrom(undefined, 'north', 'west'), fc.constantFrom(undefined, ...STAFF_GROUPS), (units, dates, filter, localityId, staffGroup) => {
        const providers: Provider[] = units.map((u, i) => ({ ...u, providerId: `u-${i}`, name: `Unit ${i}`, organisation: 'Org' }));
        const sectors = sectorsOf(filter);
        for (const date of dates) {
          const oneByOne = providers.filter(
            (p) => isExpectedOn(p, date) && sectors.includes(p.sector) && (localityId === undefined || p.localityId === localityId) && (staffGroup === undefined || p.staffGroups.includes(staffGroup)),
          ).length;
          expect(expectedCount(providers, date, sectors, localityId, staffGroup)).toBe(oneByOne);
        }
      }),
      { numRuns: 300 },
    );
  });
});
