import { describe, expect, it } from 'vitest';
import { demoRegister } from '../../functions/local/demo/register';
import { demoReturns, demoWindow } from '../../functions/local/demo/returns';
import { SECTORS, isExpectedOn, measureOf, returnBodySchema, returnErrors, sumLines, weekdayOf, type ReturnVersion } from '../../functions/domain';

// A winter morning at 09:30 UK time: today only partly reported.
const now = new Date('2026-01-14T09:30:00Z');
const providers = demoRegister();
const returns = demoReturns(providers, demoWindow('oxfordshire-demo-1', 60, now)).map((d) => d.record);

describe('the demo system', () => {
  it('is a whole Oxfordshire system: five localities, every sector, at least 250 units, marked synthetic', () => {
    expect(providers.length).toBeGreaterThanOrEqual(250);
    expect(new Set(providers.map((p) => p.localityId)).size).toBe(5);
    for (const s of SECTORS) expect(providers.some((p) => p.sector === s)).toBe(true);
    expect(providers.filter((p) => p.sector === 'care-home').length).toBeGreaterThanOrEqual(100);
    expect(providers.filter((p) => p.sector === 'homecare').length).toBeGreaterThanOrEqual(70);
    expect(providers.every((p) => p.organisation.includes('(demo)') || p.name.includes('(demo)'))).toBe(true);
  });

  it('only makes returns that the API itself would accept', () => {
    const byId = new Map(providers.map((p) => [p.providerId, p]));
    for (const r of returns) {
      const parsed = returnBodySchema.safeParse({ staffing: r.staffing, capacity: r.capacity, pressure: r.pressure });
      expect(parsed.success, `${r.providerId} ${r.date}`).toBe(true);
      expect(returnErrors(r, byId.get(r.providerId)!, r.date, '2026-01-14'), `${r.providerId} ${r.date}`).toEqual([]);
    }
  });

  it('has nurse and care-worker vacancy rates around 8-12%', () => {
    for (const group of ['registered-nurse', 'care-worker'] as const) {
      const lines = returns.flatMap((r) => r.staffing.filter((l) => l.staffGroup === group));
      const rate = measureOf('vacancy-rate', sumLines(lines)).value!;
      expect(rate).toBeGreaterThan(0.06);
      expect(rate).toBeLessThan(0.14);
    }
  });

  it('has more absence on Mondays than mid-week', () => {
    const absence = (day: number) =>
      measureOf('absence-rate', sumLines(returns.filter((r) => weekdayOf(r.date) === day).flatMap((r) => r.staffing))).value!;
    expect(absence(1)).toBeGreaterThan(absence(3));
  });

  it('has homecare unmet hours rising with care-worker gaps', () => {
    const homecare = returns.filter((r) => providers.find((p) => p.providerId === r.providerId)!.sector === 'homecare');
    const unmetShare = (rs: ReturnVersion[]) =>
      rs.reduce((a, r) => a + (r.capacity.homecareHoursUnmet ?? 0), 0) /
      rs.reduce((a, r) => a + (r.capacity.homecareHoursDelivered ?? 0) + (r.capacity.homecareHoursUnmet ?? 0), 0);
    const vacancy = (r: ReturnVersion) => measureOf('vacancy-rate', sumLines(r.staffing.filter((l) => l.staffGroup === 'care-worker'))).value ?? 0;
    const sorted = [...homecare].sort((a, b) => vacancy(a) - vacancy(b));
    const third = Math.floor(sorted.length / 3);
    expect(unmetShare(sorted.slice(-third))).toBeGreaterThan(unmetShare(sorted.slice(0, third)));
  });

  it('leaves today only partly reported, and some units missing days', () => {
    const today = '2026-01-14';
    const expected = providers.filter((p) => isExpectedOn(p, today)).length;
    const received = returns.filter((r) => r.date === today).length;
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(expected);
    const yesterday = '2026-01-13';
    const missedYesterday = providers.filter((p) => isExpectedOn(p, yesterday)).length - returns.filter((r) => r.date === yesterday).length;
    expect(missedYesterday).toBeGreaterThan(0);
  });
});
