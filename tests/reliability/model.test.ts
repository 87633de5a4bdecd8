import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { addDays, canonicalBody, type ReturnBody } from '#domain';
import { ACUTE, CARE_HOME, startApi, type Api, type User } from '../api/harness';
import { expectViewsMatchVersions } from './views-check';

/**
 * Issue 11, item 5: model-based testing with fast-check commands. Random sequences of
 * submit, retry, amend with a fresh or a stale version, "no change since yesterday", import,
 * reconcile and reads run against the real app on dynalite and, beside it, against a model
 * that is only a list of versions per unit and date. After every command the API's answer is
 * the one the model predicts, and reads (the return, its versions, the heatmap) agree with it.
 * fast-check shrinks a failure to the shortest sequence and prints it with its seed.
 */
let api: Api;
beforeAll(async () => {
  api = await startApi(); // today is 2026-06-15
});
afterAll(() => api.stop());

const UNITS = [
  { providerId: ACUTE, localityId: 'oxford', user: 'nurse' as User, group: 'registered-nurse' },
  { providerId: CARE_HOME, localityId: 'cherwell', user: 'carer' as User, group: 'care-worker' },
];
type Unit = (typeof UNITS)[number];

/** Three bodies per unit, small enough to write as CSV too. */
const bodyOf = (unit: Unit, variant: number): ReturnBody => ({
  staffing: [
    {
      staffGroup: unit.group as ReturnBody['staffing'][number]['staffGroup'],
      establishmentWte: 20,
      inPostWte: 17 + variant,
      vacancyWte: 3 - variant,
      absentWte: 1,
      plannedHours: 300,
      filledHours: { permanent: 250 + variant, bank: 10, agency: 5 },
    },
  ],
  capacity: {},
  pressure: { level: ((variant % 4) + 1) as 1 | 2 | 3 | 4 },
});
const csvOf = (unit: Unit, date: string, b: ReturnBody) => {
  const l = b.staffing[0];
  return (
    'providerId,date,staffGroup,establishmentWte,inPostWte,vacancyWte,absentWte,plannedHours,filledPermanent,filledBank,filledAgency,pressureLevel\n' +
    `${unit.providerId},${date},${l.staffGroup},${l.establishmentWte},${l.inPostWte},${l.vacancyWte},${l.absentWte},${l.plannedHours},${l.filledHours.permanent},${l.filledHours.bank},${l.filledHours.agency},${b.pressure.level}\n`
  );
};

/** What the system must hold: the bodies of every version, per unit and date. */
interface Model {
  dates: string[];
  versions: Map<string, ReturnBody[]>;
  /** The last request sent, for Retry. */
  last: Command | null;
}
interface Real {
  api: Api;
}
type Command = fc.AsyncCommand<Model, Real>;

const key = (unit: Unit, date: string) => `${unit.providerId}|${date}`;
const same = (a: ReturnBody, b: ReturnBody) => canonicalBody(a) === canonicalBody(b);
const versionsIn = (m: Model, unit: Unit, date: string) => m.versions.get(key(unit, date)) ?? [];

/** The one rule of a PUT, as the model sees it: status, and the versions after. */
function expectedPut(held: ReturnBody[], body: ReturnBody, ifMatch: number | undefined): { status: number; versions: ReturnBody[] } {
  const current = held.at(-1);
  if (!current) return { status: 201, versions: [body] };
  if (same(current, body)) return { status: 200, versions: held };
  if (ifMatch === undefined) return { status: 409, versions: held };
  if (ifMatch !== held.length) return { status: 412, versions: held };
  return { status: 200, versions: [...held, body] };
}

class Put implements Command {
  constructor(
    readonly unit: Unit,
    readonly day: number,
    readonly variant: number,
    readonly ifMatch: 'none' | 'fresh' | 'stale',
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const date = m.dates[this.day];
    const held = versionsIn(m, this.unit, date);
    const ifMatch = this.ifMatch === 'none' ? undefined : this.ifMatch === 'fresh' ? held.length : Math.max(0, held.length - 1) || 7;
    const body = bodyOf(this.unit, this.variant);
    const res = await r.api.request(`/api/providers/${this.unit.providerId}/returns/${date}`, {
      method: 'PUT',
      as: this.unit.user,
      json: body,
      headers: ifMatch === undefined ? {} : { 'If-Match': `"${ifMatch}"` },
    });
    const want = expectedPut(held, body, ifMatch);
    expect(res.status, this.toString()).toBe(want.status);
    m.versions.set(key(this.unit, date), want.versions);
    m.last = this;
  }
  toString = () => `PUT ${this.unit.providerId} day ${this.day} body ${this.variant} If-Match ${this.ifMatch}`;
}

class Retry implements Command {
  check = (m: Readonly<Model>) => m.last !== null;
  async run(m: Model, r: Real) {
    // The same request again, as a client does after a lost answer: the model's rules give its answer.
    await m.last!.run(m, r);
  }
  toString = () => 'retry the last request';
}

class NoChange implements Command {
  constructor(
    readonly unit: Unit,
    readonly day: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const date = m.dates[this.day];
    const held = versionsIn(m, this.unit, date);
    const earlier = m.dates.filter((d) => d < date && versionsIn(m, this.unit, d).length > 0).sort().at(-1);
    const res = await r.api.request(`/api/providers/${this.unit.providerId}/returns/${date}/unchanged`, { method: 'POST', as: this.unit.user });
    const status = held.length > 0 ? 409 : earlier ? 201 : 404;
    expect(res.status, this.toString()).toBe(status);
    if (status === 201) m.versions.set(key(this.unit, date), [versionsIn(m, this.unit, earlier!).at(-1)!]);
    m.last = this;
  }
  toString = () => `no change since yesterday ${this.unit.providerId} day ${this.day}`;
}

class Import implements Command {
  constructor(
    readonly unit: Unit,
    readonly day: number,
    readonly variant: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const date = m.dates[this.day];
    const held = versionsIn(m, this.unit, date);
    const body = bodyOf(this.unit, this.variant);
    const res = await r.api.request('/api/imports', { method: 'POST', as: this.unit.user, headers: { 'Content-Type': 'text/csv' }, body: csvOf(this.unit, date, body) });
    expect(res.status, this.toString()).toBe(200);
    const result = (await res.json()) as { errors: unknown[]; returns: { outcome: string }[] };
    expect(result.errors).toEqual([]);
    const want = held.length === 0 ? 'written' : same(held.at(-1)!, body) ? 'unchanged' : 'conflict';
    expect(result.returns.map((x) => x.outcome), this.toString()).toEqual([want]);
    if (want === 'written') m.versions.set(key(this.unit, date), [body]);
    m.last = this;
  }
  toString = () => `import ${this.unit.providerId} day ${this.day} body ${this.variant}`;
}

class Reconcile implements Command {
  check = () => true;
  async run(_m: Model, r: Real) {
    await r.api.store.reconcile();
  }
  toString = () => 'reconcile';
}

class Read implements Command {
  constructor(readonly day: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const date = m.dates[this.day];
    for (const unit of UNITS) {
      const held = versionsIn(m, unit, date);
      const versions = await r.api.store.versions(unit.providerId, date);
      expect(versions.map((v) => canonicalBody({ staffing: v.staffing, capacity: v.capacity, pressure: v.pressure })), `${unit.providerId} day ${this.day}`).toEqual(
        held.map((b) => canonicalBody(b)),
      );
    }
    await expectViewsMatchVersions(r.api, UNITS, date);
  }
  toString = () => `read day ${this.day}`;
}

const DAYS = 3;
const unitArb = fc.constantFrom(...UNITS);
const dayArb = fc.integer({ min: 0, max: DAYS - 1 });
const variantArb = fc.integer({ min: 0, max: 2 });
const commands = [
  fc.tuple(unitArb, dayArb, variantArb, fc.constantFrom('none' as const, 'fresh' as const, 'stale' as const)).map(([u, d, v, i]) => new Put(u, d, v, i)),
  fc.constant(new Retry()),
  fc.tuple(unitArb, dayArb).map(([u, d]) => new NoChange(u, d)),
  fc.tuple(unitArb, dayArb, variantArb).map(([u, d, v]) => new Import(u, d, v)),
  fc.constant(new Reconcile()),
  dayArb.map((d) => new Read(d)),
];

describe('model-based', () => {
  test('any sequence of submissions, retries, amendments, "no change", imports, reconciles and reads agrees with the model', { timeout: 240_000 }, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 15 }), async (cmds) => {
        // Each run has days of its own, further back each time, so runs never see each other's returns.
        const first = addDays('2026-06-14', -DAYS * ++run);
        const model: Model = { dates: Array.from({ length: DAYS }, (_, i) => addDays(first, i)), versions: new Map(), last: null };
        await fc.asyncModelRun(() => ({ model, real: { api } }), cmds);
        for (let d = 0; d < DAYS; d++) await new Read(d).run(model, { api });
      }),
      { numRuns: 15 },
    );
  });
});
