import { beforeAll, describe, expect, it } from 'vitest';
import {
  bodyOf,
  isExpectedOn,
  returnBodySchema,
  returnErrors,
  SECTORS,
  weekdayOf,
  type Provider,
  type StaffGroup,
} from '#domain';
import { DEMO_LOCALITIES, DEMO_MARK, DEMO_SEED, demoRegister } from '#local/demo/register';
import { demoPeople, unitManagerOf } from '#local/demo/people';
import { demoReturns, demoReturnsOf, demoWindow, type DemoReturn } from '#local/demo/returns';
import type { ReturnRecord } from '#store/types';

// 14:00 UK time on a Tuesday in January: today is partly reported, with some late returns in.
const NOW = new Date('2026-01-20T14:00:00Z');
const window = demoWindow(DEMO_SEED, 120, NOW);

let register: Provider[];
let demo: DemoReturn[];
let records: ReturnRecord[];

beforeAll(() => {
  register = demoRegister();
  demo = demoReturns(register, window);
  records = demo.map((d) => d.record);
});

const ratio = (pairs: [number, number][]) => {
  const [n, d] = pairs.reduce(([a, b], [x, y]) => [a + x, b + y], [0, 0]);
  return n / d;
};
const linesOf = (rs: ReturnRecord[], groups: StaffGroup[]) => rs.flatMap((r) => r.staffing.filter((l) => groups.includes(l.staffGroup)));

describe('demo register', () => {
  it('has at least 250 units across every sector and the five Oxfordshire localities, all marked as invented', () => {
    expect(register.length).toBeGreaterThanOrEqual(250);
    expect(new Set(register.map((p) => p.sector))).toEqual(new Set(SECTORS));
    expect(new Set(register.map((p) => p.localityId))).toEqual(new Set(DEMO_LOCALITIES.map((l) => l.localityId)));
    expect(DEMO_LOCALITIES.map((l) => l.localityId)).toEqual(['oxford', 'cherwell', 'west-oxfordshire', 'south-oxfordshire', 'vale-of-white-horse']);
    for (const p of register) {
      expect(p.name.endsWith(DEMO_MARK)).toBe(true);
      expect(p.organisation.endsWith(DEMO_MARK)).toBe(true);
    }
    expect(new Set(register.map((p) => p.providerId)).size).toBe(register.length);
  });

  it('registers each acute hospital site as its own unit of one trust, and GP and council teams report on weekdays', () => {
    const acute = register.filter((p) => p.sector === 'acute');
    expect(acute.length).toBeGreaterThanOrEqual(3);
    expect(new Set(acute.map((p) => p.organisation)).size).toBe(1);
    for (const p of register.filter((p) => p.sector === 'primary-care' || p.sector === 'local-authority')) expect(p.reportingDays).toBe('weekdays');
    const count = (s: string) => register.filter((p) => p.sector === s).length;
    expect(count('care-home')).toBeGreaterThanOrEqual(100);
    expect(count('homecare')).toBeGreaterThanOrEqual(60);
    expect(count('primary-care')).toBeGreaterThanOrEqual(35);
  });

  it('gives nursing homes registered nurses and other care homes none; homecare reports care workers', () => {
    const homes = register.filter((p) => p.sector === 'care-home');
    const nursing = homes.filter((p) => p.staffGroups.includes('registered-nurse'));
    expect(nursing.length).toBeGreaterThan(0);
    expect(nursing.length).toBeLessThan(homes.length);
    for (const p of homes) expect(p.staffGroups).toEqual(expect.arrayContaining(['care-worker', 'registered-manager', 'non-care']));
    for (const p of register.filter((p) => p.sector === 'homecare')) expect(p.staffGroups).not.toContain('registered-nurse');
  });

  it('is the same for the same seed', () => {
    expect(demoRegister()).toEqual(register);
  });
});

describe('demo returns', () => {
  it('every return and amendment passes the schema and the rules', () => {
    const byId = new Map(register.map((p) => [p.providerId, p]));
    const versions = demo.flatMap((d) => (d.amendment ? [d.record, d.amendment] : [d.record]));
    const failures = versions.flatMap((r) => {
      const parsed = returnBodySchema.safeParse(bodyOf(r));
      const errors = parsed.success ? returnErrors(parsed.data, byId.get(r.providerId)!, r.date, window.to) : parsed.error.issues;
      return errors.length > 0 ? [{ providerId: r.providerId, date: r.date, errors }] : [];
    });
    expect(failures).toEqual([]);
  });

  it("covers the window, only on days a unit owes a return, submitted on the day by the unit's manager, named", () => {
    const byId = new Map(register.map((p) => [p.providerId, p]));
    expect(records.length).toBeGreaterThan(register.length * 80);
    for (const r of records) {
      expect(r.date >= window.from && r.date <= window.to).toBe(true);
      expect(isExpectedOn(byId.get(r.providerId)!, r.date)).toBe(true);
      const manager = unitManagerOf(DEMO_SEED, r);
      expect([r.submittedBy, r.submittedByName]).toEqual([manager.subject, manager.name]);
      expect(r.version).toBe(1);
      expect(r.firstSubmittedAt).toBe(r.submittedAt);
      expect(Date.parse(r.submittedAt)).toBeLessThanOrEqual(NOW.getTime());
    }
    const amended = demo.filter((d) => d.amendment).map((d) => d.amendment!);
    expect(amended.length).toBeGreaterThan(0);
    for (const a of amended) {
      expect(a.version).toBe(2);
      expect(a.submittedAt > a.firstSubmittedAt).toBe(true);
    }
  });

  it('is the same whether made in one go or day by day (so a top-up matches a first load)', () => {
    const unit = register.find((p) => p.sector === 'homecare')!;
    const whole = demoReturnsOf(unit, window).map((d) => d.record);
    const lastWeek = demoReturnsOf(unit, { ...window, from: '2026-01-14' }).map((d) => d.record);
    expect(lastWeek).toEqual(whole.filter((r) => r.date >= '2026-01-14'));
  });

  it('has nurse and care-worker vacancy rates averaging 8-12%', () => {
    const lines = linesOf(records, ['registered-nurse', 'care-worker']);
    const rate = ratio(lines.map((l) => [l.vacancyWte, l.establishmentWte]));
    expect(rate).toBeGreaterThanOrEqual(0.08);
    expect(rate).toBeLessThanOrEqual(0.12);
  });

  it('has more absence on Mondays than mid-week, and lower fill rates at weekends', () => {
    const absence = (days: number[]) =>
      ratio(records.filter((r) => days.includes(weekdayOf(r.date))).flatMap((r) => r.staffing.map((l): [number, number] => [l.absentWte, l.inPostWte])));
    expect(absence([1])).toBeGreaterThan(absence([2, 3, 4]));
    const fill = (days: number[]) =>
      ratio(
        records
          .filter((r) => days.includes(weekdayOf(r.date)) && r.sector !== 'primary-care' && r.sector !== 'local-authority')
          .flatMap((r) => r.staffing.map((l): [number, number] => [l.filledHours.permanent + l.filledHours.bank + l.filledHours.agency, l.plannedHours])),
      );
    expect(fill([0, 6])).toBeLessThan(fill([2, 3, 4]));
  });

  it('has more absence in winter than in summer', () => {
    const units = register.filter((_, i) => i % 10 === 0);
    const year = demoReturns(units, { seed: DEMO_SEED, from: '2025-01-01', to: '2025-12-31', now: new Date('2026-01-01T12:00:00Z') }).map((d) => d.record);
    const absence = (months: string[]) =>
      ratio(year.filter((r) => months.includes(r.date.slice(5, 7))).flatMap((r) => r.staffing.map((l): [number, number] => [l.absentWte, l.inPostWte])));
    // NHS Sickness Absence Rates since 2021: about 5% in summer, 5.6% in winter.
    expect(absence(['01', '02', '12'])).toBeGreaterThan(absence(['06', '07', '08']) + 0.004);
    expect(absence(['01', '02', '12'])).toBeLessThan(0.065);
  });

  it('has homecare unmet hours rising with care-worker vacancy', () => {
    const points = records
      .filter((r) => r.sector === 'homecare')
      .map((r) => {
        const care = r.staffing.find((l) => l.staffGroup === 'care-worker')!;
        const unmet = r.capacity.homecareHoursUnmet!;
        return [care.vacancyWte / care.establishmentWte, unmet / (unmet + r.capacity.homecareHoursDelivered!)];
      });
    expect(correlation(points)).toBeGreaterThan(0.5);
  });

  it('has hospital delays to pathway 1 rising with homecare unmet hours in the same locality', () => {
    const byKey = new Map<string, { p1: number; beds: number; unmet: number; delivered: number }>();
    for (const r of records) {
      const k = `${r.localityId}|${r.date}`;
      const e = byKey.get(k) ?? { p1: 0, beds: 0, unmet: 0, delivered: 0 };
      if (r.sector === 'acute' || r.sector === 'community') {
        e.p1 += r.capacity.awaitingPathway1 ?? 0;
        e.beds += r.capacity.bedsOpen ?? 0;
      }
      if (r.sector === 'homecare') {
        e.unmet += r.capacity.homecareHoursUnmet ?? 0;
        e.delivered += r.capacity.homecareHoursDelivered ?? 0;
      }
      byKey.set(k, e);
    }
    const points = [...byKey.values()].filter((e) => e.beds > 0 && e.delivered > 0).map((e) => [e.unmet / (e.unmet + e.delivered), e.p1 / e.beds]);
    expect(correlation(points)).toBeGreaterThan(0.2);
  });

  it('uses some agency, and pressure levels that rise with strain', () => {
    const lines = records.flatMap((r) => r.staffing);
    const agency = ratio(lines.map((l) => [l.filledHours.agency, l.filledHours.permanent + l.filledHours.bank + l.filledHours.agency]));
    expect(agency).toBeGreaterThan(0.01);
    expect(agency).toBeLessThan(0.1);
    const levels = new Set(records.map((r) => r.pressure.level));
    expect(levels).toEqual(new Set([1, 2, 3, 4]));
    const fillAt = (level: number) =>
      ratio(
        records
          .filter((r) => r.pressure.level === level)
          .flatMap((r) => r.staffing.map((l): [number, number] => [l.filledHours.permanent + l.filledHours.bank + l.filledHours.agency, l.plannedHours])),
      );
    expect(fillAt(4)).toBeLessThan(fillAt(1));
  });

  it('has a few units that miss days', () => {
    const expectedDays = register.map((p) => ({ p, owed: datesIn(window).filter((d) => d < window.to && isExpectedOn(p, d)).length }));
    const counts = new Map<string, number>();
    for (const r of records) if (r.date < window.to) counts.set(r.providerId, (counts.get(r.providerId) ?? 0) + 1);
    const missing = expectedDays.filter(({ p, owed }) => (counts.get(p.providerId) ?? 0) < owed);
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.length).toBeLessThan(register.length);
  });

  it('has today only partly reported: about 60% of the units due, by the current UK time, some after 11:00', () => {
    const due = register.filter((p) => isExpectedOn(p, window.to)).length;
    const today = records.filter((r) => r.date === window.to);
    expect(today.length / due).toBeGreaterThan(0.45);
    expect(today.length / due).toBeLessThan(0.8);
    const late = today.filter((r) => r.firstSubmittedAt >= '2026-01-20T11:00:00.000Z');
    expect(late.length).toBeGreaterThan(0);

    // At 08:00 UK time, fewer have reported and none late.
    const early = demoReturns(register, { ...window, from: window.to, now: new Date('2026-01-20T08:00:00Z') }).map((d) => d.record);
    expect(early.length).toBeLessThan(today.length);
    for (const r of early) expect(r.firstSubmittedAt <= '2026-01-20T08:00:00.000Z').toBe(true);
  });
});

function datesIn(w: { from: string; to: string }): string[] {
  const out: string[] = [];
  for (let d = new Date(`${w.from}T00:00:00Z`); d.toISOString().slice(0, 10) <= w.to; d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

function correlation(points: number[][]): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('demo people', () => {
  it('gives every unit a named manager, one address per person, and groups and the trust a person reporting for several units', () => {
    const people = demoPeople(DEMO_SEED, register);
    expect(new Set(people.map((p) => p.email)).size).toBe(people.length);
    expect(new Set(people.map((p) => p.subject)).size).toBe(people.length);
    for (const p of people) {
      expect(p.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
      expect(p.email).toMatch(/^[a-z]+\.[a-z]+@[a-z0-9-]+\.example$/);
    }
    for (const unit of register) expect(people.filter((p) => p.providerIds.length === 1 && p.providerIds[0] === unit.providerId)).toHaveLength(1);
    const several = people.filter((p) => p.providerIds.length > 1);
    expect(several.length).toBeGreaterThanOrEqual(2);
    expect(several.some((p) => p.providerIds.every((id) => register.find((u) => u.providerId === id)?.sector === 'acute'))).toBe(true);
    expect(people.filter((p) => p.role === 'leader').length).toBeGreaterThan(0);
    expect(people.filter((p) => p.role === 'admin').length).toBeGreaterThan(0);
    expect(people.filter((p) => p.role !== 'provider').every((p) => p.providerIds.length === 0)).toBe(true);
  });
});
