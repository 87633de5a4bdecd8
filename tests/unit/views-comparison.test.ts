import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measureOf, sumLines } from '#domain';
import {
  COMPARED_MEASURES,
  MIN_PEERS,
  comparisonOf,
  distributionOf,
  quantileSorted,
  quartilesFrom,
  quartilesOf,
  systemDistributionsOf,
} from '#domain/views/comparison';
import { LOCALITIES, line, ret, unit, unitDaysOf } from './views-fixtures';

const values = fc.array(fc.integer({ min: 0, max: 400 }).map((n) => n / 400), { minLength: 1, maxLength: 40 });

describe('quartiles', () => {
  it('interpolate between the nearest values, as a spreadsheet QUARTILE.INC does', () => {
    // 1..9: positions 2, 4 and 6 exactly; 1..4: positions 0.75, 1.5, 2.25.
    expect(quartilesOf([9, 1, 8, 2, 7, 3, 6, 4, 5])).toEqual({ lower: 3, median: 5, upper: 7 });
    expect(quartilesOf([4, 1, 3, 2])).toEqual({ lower: 1.75, median: 2.5, upper: 3.25 });
    expect(quartilesOf([])).toBeNull();
  });

  it('of a whole group, from the few values a distribution keeps, equal those of all its values', () => {
    fc.assert(
      fc.property(values, (vs) => {
        const { quartiles, peers } = quartilesFrom(distributionOf(vs));
        expect(peers).toBe(vs.length);
        expect(quartiles).toEqual(vs.length >= MIN_PEERS ? quartilesOf(vs) : null);
      }),
    );
  });

  it('of a group without one of its members, from the same few values, equal those of the others', () => {
    fc.assert(
      fc.property(values, fc.nat(), (vs, pick) => {
        const left = pick % vs.length;
        const others = vs.filter((_, i) => i !== left);
        const { quartiles, peers } = quartilesFrom(distributionOf(vs), vs[left]);
        expect(peers).toBe(others.length);
        expect(quartiles).toEqual(others.length >= MIN_PEERS ? quartilesOf(others) : null);
      }),
    );
  });

  it('keep at most 9 values whatever the size of the group', () => {
    const d = distributionOf(Array.from({ length: 30_000 }, (_, i) => (i * 7919) % 1000));
    expect(d.n).toBe(30_000);
    expect(d.windows.flat().length).toBeLessThanOrEqual(9);
  });

  it('quantileSorted of one value is that value', () => {
    expect(quantileSorted([0.3], 0.25)).toBe(0.3);
  });
});

describe('a unit beside its peers', () => {
  const DATE = '2026-06-14';
  const DAY_BEFORE = '2026-06-13';
  /** A return whose vacancy rate is `vacant` / 10. */
  const withVacancy = (providerId: string, date: string, vacant: number) =>
    ret(providerId, date, { staffing: [line({ establishmentWte: 10, vacancyWte: vacant })] });
  const vacancyOf = (r: ReturnType<typeof ret>) => measureOf('vacancy-rate', sumLines(r.staffing)).value!;
  const homes = Array.from({ length: 7 }, (_, i) => unit(`home-${i}`, 'cherwell', 'care-home'));
  const own = homes[0];
  const elsewhere = unit('oxford-home', 'oxford', 'care-home');
  const acute = unit('horton', 'cherwell', 'acute');
  const providers = [...homes, elsewhere, acute];
  // On DATE all 7 homes report (6 peers); the day before only 5 (4 peers besides the unit).
  const returns = [
    ...homes.map((h, i) => withVacancy(h.providerId, DATE, i + 1)),
    ...homes.slice(0, 5).map((h, i) => withVacancy(h.providerId, DAY_BEFORE, i)),
    withVacancy(elsewhere.providerId, DATE, 9),
    withVacancy(acute.providerId, DATE, 9),
  ];
  const base = { unit: own, dates: [DAY_BEFORE, DATE], providers, localities: LOCALITIES, today: '2026-06-15' };
  const view = comparisonOf({ ...base, unitDays: unitDaysOf(providers, returns.filter((r) => r.providerId !== elsewhere.providerId)) });
  const vacancy = view.measures.find((m) => m.measure === 'vacancy-rate')!;

  it('compares every rate, and no count (a count grows with the size of the unit)', () => {
    expect(view.measures.map((m) => m.measure)).toEqual(COMPARED_MEASURES);
    expect(COMPARED_MEASURES).not.toContain('unfilled-hours');
  });

  it('with 5 or more others of its sector in its locality, compares it with them, never itself or other sectors', () => {
    expect(view.peerGroup).toEqual({ scope: 'locality', description: 'care home units in Cherwell', registered: 6 });
    const peers = returns.filter((r) => r.date === DATE && r.providerId.startsWith('home-') && r.providerId !== own.providerId).map(vacancyOf);
    const q = quartilesOf(peers)!;
    expect(vacancy.days[1]).toEqual({ date: DATE, own: 0.1, peerMedian: q.median, peerLower: q.lower, peerUpper: q.upper, peers: 6, reason: null });
  });

  it('with fewer than 5 peers with a figure that day, says so and shows nothing of them', () => {
    expect(vacancy.days[0]).toMatchObject({ own: 0, peerMedian: null, peerLower: null, peerUpper: null, peers: 4 });
    expect(vacancy.days[0].reason).toBe('Only 4 other care home units in Cherwell had a vacancy rate that day: at least 5 are needed to compare.');
  });

  it('with fewer than 5 of its kind in its locality, compares it with the whole system, itself left out', () => {
    const hospitals = [acute, ...Array.from({ length: 6 }, (_, i) => unit(`hospital-${i}`, i < 3 ? 'oxford' : 'banbury', 'acute'))];
    const hospitalReturns = hospitals.map((h, i) => withVacancy(h.providerId, DATE, i));
    const all = unitDaysOf(hospitals, hospitalReturns);
    const system = new Map([[DATE, systemDistributionsOf(all).acute]]);
    const v = comparisonOf({ ...base, unit: acute, providers: [...providers, ...hospitals.slice(1)], unitDays: all.filter((u) => u.localityId === 'cherwell'), system });
    expect(v.peerGroup).toEqual({ scope: 'system', description: 'acute hospital units across the whole system', registered: 6 });
    const others = hospitalReturns.slice(1).map(vacancyOf);
    const q = quartilesOf(others)!;
    expect(v.measures[0].days[1]).toMatchObject({ own: 0, peerMedian: q.median, peerLower: q.lower, peerUpper: q.upper, peers: 6, reason: null });
    // The day before was not gathered (its figures changed since): nothing shown, and why.
    expect(v.measures[0].days[0]).toMatchObject({ peerMedian: null, peers: 0 });
    expect(v.measures[0].days[0].reason).toMatch(/not gathered yet/);
    // Today is gathered once it is over; days older than the comparison's longest reach never are.
    const old = comparisonOf({ ...base, unit: acute, providers: [...providers, ...hospitals.slice(1)], unitDays: [], system: new Map(), dates: ['2026-04-01', DATE], today: DATE });
    expect(old.measures[0].days.map((d) => d.reason)).toEqual([
      'The figures of acute hospital units across the whole system are kept for the last 56 days only.',
      'The figures of acute hospital units across the whole system are gathered once the day is over.',
    ]);
  });
});
