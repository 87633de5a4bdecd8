import { describe, expect, it } from 'vitest';
import { isMultipleOf, returnBodySchema, returnErrors, returnWarnings, canonicalBody, isExpectedOn, type Provider, type ReturnBody } from '#domain';

const provider: Provider = {
  providerId: 'rose-court',
  name: 'Rose Court',
  organisation: 'Rose Care',
  localityId: 'oxford',
  sector: 'care-home',
  staffGroups: ['care-worker', 'registered-manager'],
  reportingDays: 'every-day',
  activeFrom: '2026-01-01',
  activeTo: null,
};

const body = (over: Partial<ReturnBody> = {}): ReturnBody => ({
  staffing: [
    {
      staffGroup: 'care-worker',
      establishmentWte: 40,
      inPostWte: 36,
      vacancyWte: 4,
      absentWte: 2,
      plannedHours: 300,
      filledHours: { permanent: 250, bank: 20, agency: 10 },
    },
  ],
  capacity: { bedsOpen: 40, bedsVacant: 2 },
  pressure: { level: 2 },
  ...over,
});

const pathsOf = (input: unknown) => {
  const r = returnBodySchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code }));
};

describe('the return schema', () => {
  it('accepts a well-formed return', () => {
    expect(pathsOf(body())).toEqual([]);
  });

  it.each([
    ['negative', -1],
    ['not a multiple of 0.01', 1.005],
    ['a billionth over a whole number', 1 + 1e-9],
    ['a billionth', 1e-9],
    ['below what the database can hold', 1e-320],
    ['absurd', 1e9],
    ['not finite', Infinity],
    ['not a number', '4'],
  ])('rejects a number that is %s, naming the field', (_, value) => {
    const b = body();
    (b.staffing[0] as Record<string, unknown>).inPostWte = value;
    expect(pathsOf(b).map((p) => p.path)).toContain('staffing.0.inPostWte');
  });

  it('rejects unknown keys, __proto__ and server-owned fields at every level', () => {
    for (const extra of ['providerId', 'version', 'submittedBy', 'colour']) {
      expect(pathsOf({ ...body(), [extra]: 1 }).map((p) => p.code)).toContain('unrecognized_keys');
    }
    const proto = JSON.parse('{"__proto__": {"admin": true}, "staffing": [], "pressure": {"level": 1}}');
    expect(pathsOf(proto).map((p) => p.code)).toContain('unrecognized_keys');
    const nested = body();
    (nested.staffing[0].filledHours as Record<string, unknown>).overtime = 3;
    expect(pathsOf(nested)).toContainEqual({ path: 'staffing.0.filledHours', code: 'unrecognized_keys' });
  });

  it('wants whole numbers for beds and people', () => {
    expect(pathsOf(body({ capacity: { bedsOpen: 2.5 } })).map((p) => p.path)).toEqual(['capacity.bedsOpen']);
  });

  it('knows pressure levels 1 to 4 only', () => {
    expect(pathsOf(body({ pressure: { level: 5 as 1 } })).map((p) => p.path)).toEqual(['pressure.level']);
  });
});

describe('rules that need the unit and the calendar', () => {
  it('rejects a future date, a date before the unit was active, and unreported or repeated staff groups', () => {
    const b = body();
    b.staffing.push({ ...b.staffing[0] }, { ...b.staffing[0], staffGroup: 'medical' });
    const errors = returnErrors(b, provider, '2026-11-23', '2026-11-22');
    expect(errors.map((e) => e.path)).toEqual(['date', 'staffing.1.staffGroup', 'staffing.2.staffGroup']);
    expect(returnErrors(body(), provider, '2025-12-31', '2026-11-22').map((e) => e.path)).toEqual(['date']);
    expect(returnErrors(body(), provider, '2026-11-22', '2026-11-22')).toEqual([]);
  });

  it('rejects more patients awaiting pathways than have no criteria to reside', () => {
    const b = body({ capacity: { patientsNoCriteriaToReside: 3, awaitingPathway1: 2, awaitingPathway3: 2 } });
    expect(returnErrors(b, provider, '2026-11-22', '2026-11-22').map((e) => e.path)).toEqual(['capacity.patientsNoCriteriaToReside']);
  });
});

describe('warnings', () => {
  it('warns when vacancy is far from establishment minus in post, and when fill is over 150%', () => {
    const b = body();
    b.staffing[0].vacancyWte = 12;
    b.staffing[0].filledHours = { permanent: 400, bank: 60, agency: 0 };
    const paths = returnWarnings(b, []).map((w) => w.path);
    expect(paths).toEqual(['staffing.0.vacancyWte', 'staffing.0.filledHours']);
  });

  it("warns on a value far outside the unit's own last 28 days, and on a sudden change of establishment", () => {
    const history = Array.from({ length: 28 }, (_, i) => ({
      date: `2026-10-${String(i + 1).padStart(2, '0')}`,
      staffing: [{ ...body().staffing[0], absentWte: 2 + (i % 3) * 0.5 }],
    }));
    const b = body();
    b.staffing[0].absentWte = 15;
    expect(returnWarnings(b, history).map((w) => w.path)).toContain('staffing.0.absentWte');
    const c = body();
    c.staffing[0] = { ...c.staffing[0], establishmentWte: 60, inPostWte: 56 };
    expect(returnWarnings(c, history).map((w) => w.path)).toContain('staffing.0.establishmentWte');
    expect(returnWarnings(body(), history)).toEqual([]);
  });
});

describe('identical bodies', () => {
  it('are recognised whatever the key and line order', () => {
    const a = body();
    a.staffing.push({ ...a.staffing[0], staffGroup: 'registered-manager' });
    const b: ReturnBody = { pressure: a.pressure, capacity: { bedsVacant: 2, bedsOpen: 40 }, staffing: [...a.staffing].reverse() };
    expect(canonicalBody(b)).toBe(canonicalBody(a));
    expect(canonicalBody({ ...b, pressure: { level: 3 } })).not.toBe(canonicalBody(a));
  });
});

describe('reporting days', () => {
  it('expects weekday reporters only on weekdays, and only while active', () => {
    const gp: Provider = { ...provider, reportingDays: 'weekdays', activeTo: '2026-12-31' };
    expect(isExpectedOn(gp, '2026-11-20')).toBe(true); // Friday
    expect(isExpectedOn(gp, '2026-11-21')).toBe(false); // Saturday
    expect(isExpectedOn(provider, '2026-11-21')).toBe(true);
    expect(isExpectedOn(gp, '2027-01-04')).toBe(false);
    expect(isExpectedOn(gp, '2025-12-31')).toBe(false);
  });
});

describe('exact hundredths', () => {
  it('accepts every figure with at most two decimal places, however it is written', () => {
    for (let k = 0; k <= 100_000; k += 7) expect(isMultipleOf(k / 100, 0.01), String(k / 100)).toBe(true);
    for (const text of ['0.07', '0.29', '1.1', '4.35', '199999.99', '0.01']) expect(isMultipleOf(JSON.parse(text), 0.01), text).toBe(true);
  });

  it('refuses anything finer, however small the difference', () => {
    for (const n of [0.001, 0.015, 1e-9, 1 + 1e-9, 1e-320, 5e-324, 0.07 + 1e-12]) expect(isMultipleOf(n, 0.01), String(n)).toBe(false);
  });
});
