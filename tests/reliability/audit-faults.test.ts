import { setTimeout } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createApp } from '#api/app';
import { addDays, type Clock } from '#domain';
import type { AuditEntry } from '#domain/audit';
import { localDirectory } from '#store/directory-local';
import type { Store } from '#store/types';
import { ACUTE, CARE_HOME, USERS, hospitalReturn, startApi, type Api } from '../api/harness';
import { connectionReset, interceptingHandler, makeStore, type InterceptedRequest } from '../support/dynalite';
import { createTestIssuer, type TestIssuer } from './tokens';

/**
 * Issue 10: an admin change is never left without its audit entry, and no entry is shown for
 * a change that was not made. Each admin change below goes through the whole app with a
 * DynamoDB client whose request handler wraps the real one, and at each of its DynamoDB
 * requests in turn (found by watching a clean run) the process dies (that request and every
 * later one fail) or the answer of that request is lost after it was done. Then, read through
 * a clean app: the trail has exactly one entry for the change if the change is in the table,
 * and none if it is not; and the admin's retry leaves the change made with exactly one entry.
 */
// Each test makes its change some 20-50 times over; on a shared 2-core machine that can take a minute.
vi.setConfig({ testTimeout: 180_000 });

let api: Api;
let issuer: TestIssuer;
const clock: Clock = { now: () => new Date('2026-06-15T10:00:00Z') };

type Fault = 'crash' | 'drop';
let plan: { step: number; fault: Fault } | null = null;
let seen: InterceptedRequest[] = [];
/** DynamoDB requests not yet answered: work an import left running after its answer fails too, as in a process that died. */
let inFlight = 0;
/** Run before a request is sent on: another admin's change, made in the moment between our read and our write. */
let meanwhile: ((req: InterceptedRequest) => Promise<void>) | null = null;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  api = await startApi();
  issuer = await createTestIssuer();
  const faulty: Store = makeStore(api.db.endpoint, api.db.tableName, {
    maxAttempts: 3,
    requestHandler: interceptingHandler(async (req, forward) => {
      const index = seen.push(req) - 1;
      inFlight++;
      try {
        await meanwhile?.(req);
        if (!plan) return await forward();
        if (plan.fault === 'crash' && index >= plan.step) throw Object.assign(new Error('the process was killed'), { name: 'ProcessKilled' });
        if (plan.fault === 'drop' && index === plan.step) {
          await forward(); // done in the table, but the answer never arrives: the SDK retries
          throw connectionReset();
        }
        return await forward();
      } finally {
        inFlight--;
      }
    }),
  });
  app = createApp({ store: faulty, clock, verifyToken: issuer.verifyToken, directory: localDirectory(), logger: { info() {}, error() {} } });
});
afterAll(() => api.stop());

/** The admin's request through the faulty app, the request count starting at 0. */
async function asAdmin(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, fault: typeof plan = null) {
  seen = [];
  plan = fault;
  try {
    const token = await issuer.sign(USERS.admin.subject, ['admin']);
    const isCsv = typeof body === 'string';
    return await app.request(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': isCsv ? 'text/csv' : 'application/json' }), ...headers },
      body: body === undefined ? undefined : isCsv ? body : JSON.stringify(body),
    });
  } finally {
    // Dead means dead: writes still running after the answer (an import's other returns) fail too, until all is quiet.
    if (plan?.fault === 'crash') for (let quiet = 0; quiet < 4; quiet = inFlight === 0 ? quiet + 1 : 0) await setTimeout(5);
    plan = null;
  }
}

const trail = async () => (await (await api.request('/api/audit', { as: 'admin' })).json()) as AuditEntry[];

interface Change {
  name: string;
  /** Made afresh for each run: what the change is made to, set up cleanly. */
  prepare(run: number): Promise<{
    send: (fault?: typeof plan) => Promise<Response>;
    made: () => Promise<boolean>;
    entries: (all: AuditEntry[]) => AuditEntry[];
    /** What the entries say was done agrees with the table; without it, exactly one entry after the retry. */
    agree?: (entries: AuditEntry[], where: string) => Promise<void>;
  }>;
}

const IMPORT_HEADER =
  'providerId,date,staffGroup,establishmentWte,inPostWte,vacancyWte,absentWte,plannedHours,filledPermanent,filledBank,filledAgency,bedsOpen,pressureLevel,pressureNote';

const listed = (entries: AuditEntry[]) => entries.flatMap((e) => (e.after as { written: { providerId: string; date: string }[] }).written.map((w) => `${w.providerId}/${w.date}`));

const changes: Change[] = [
  {
    name: 'renaming a locality',
    async prepare(run) {
      const id = `faulty-town-${run}`;
      expect((await api.request(`/api/localities/${id}`, { method: 'PUT', as: 'admin', json: { name: 'Before' } })).status).toBe(201);
      return {
        send: (fault) => asAdmin('PUT', `/api/localities/${id}`, { name: 'After' }, {}, fault),
        made: async () => (await api.store.listLocalities()).some((l) => l.localityId === id && l.name === 'After'),
        entries: (all) => all.filter((e) => e.target === id && e.summary === 'Renamed locality Before to After'),
      };
    },
  },
  {
    name: 'disabling a user',
    async prepare(run) {
      const invited = await api.request('/api/users', { method: 'POST', as: 'admin', json: { email: `leaving.${run}@county.example`, name: `Leaving ${run}`, role: 'leader' } });
      const { userId } = (await invited.json()) as { userId: string };
      return {
        send: (fault) => asAdmin('DELETE', `/api/users/${userId}`, undefined, {}, fault),
        // The Users page lists the directory entry, which holds the whole person.
        made: async () => (await api.store.listPeople()).find((p) => p.subject === userId)?.disabled === true,
        entries: (all) => all.filter((e) => e.target === userId && e.summary.startsWith('Disabled')),
      };
    },
  },
  {
    name: 'changing a threshold',
    async prepare() {
      const amber = ++thresholdRuns / 100;
      return {
        send: (fault) => asAdmin('PUT', '/api/settings/thresholds', { 'vacancy-rate': { amber, red: 0.3 } }, {}, fault),
        made: async () => (await api.store.getThresholds())?.['vacancy-rate']?.amber === amber,
        entries: (all) => all.filter((e) => e.kind === 'thresholds' && (e.after as Record<string, { amber: number }>)['vacancy-rate'].amber === amber),
      };
    },
  },
  {
    name: "amending a unit's return",
    async prepare(run) {
      const date = addDays('2026-06-14', -run);
      expect((await api.request(`/api/providers/${ACUTE}/returns/${date}`, { method: 'PUT', as: 'nurse', json: hospitalReturn(90) })).status).toBe(201);
      return {
        send: (fault) => asAdmin('PUT', `/api/providers/${ACUTE}/returns/${date}`, hospitalReturn(85), { 'If-Match': '"1"' }, fault),
        made: async () => (await api.store.currentReturn(ACUTE, date))?.version === 2,
        entries: (all) => all.filter((e) => e.kind === 'return-amendment' && e.target === `${ACUTE}/${date}`),
      };
    },
  },
  {
    name: "importing two units' returns from a file",
    async prepare(run) {
      const date = addDays('2026-05-31', -run);
      const file = [
        IMPORT_HEADER,
        `${ACUTE},${date},registered-nurse,100,90,10,4,2000,1700,150,50,500,3,`,
        `${CARE_HOME},${date},care-worker,30,30,0,1,600,600,0,0,,2,`,
      ].join('\n');
      const written = async () =>
        (await Promise.all([ACUTE, CARE_HOME].map(async (id) => ((await api.store.currentReturn(id, date)) ? id : null)))).filter((id) => id !== null);
      return {
        send: (fault) => asAdmin('POST', '/api/imports', file, {}, fault),
        made: async () => (await written()).length > 0,
        entries: (all) => all.filter((e) => e.kind === 'returns-import' && listed([e]).some((w) => w.endsWith(`/${date}`))),
        // Every return written is listed once, in one entry or the other (a retry after a cut-off writes the rest in its own).
        agree: async (entries, where) => expect(listed(entries).sort(), where).toEqual((await written()).map((id) => `${id}/${date}`).sort()),
      };
    },
  },
];

let run = 0;
let thresholdRuns = 0;
describe('an admin change and its audit entry, with a fault at each DynamoDB request', () => {
  for (const change of changes)
    test(`${change.name}: killed or answer lost at each step, the trail has the entry exactly when the change is made; the retry leaves one`, async () => {
      // Once before counting: a record changed before also has its previous entry settled, a request more.
      expect((await (await change.prepare(run++)).send()).status).toBeLessThan(300);
      const clean = await change.prepare(run++);
      const ok = await clean.send();
      expect(ok.status, await ok.clone().text()).toBeLessThan(300);
      const steps = seen.map((r) => r.operation);
      expect(await clean.made()).toBe(true);
      expect(clean.entries(await trail())).toHaveLength(1);
      expect(steps.length).toBeGreaterThan(3);

      for (const fault of ['crash', 'drop'] as const)
        for (let step = 0; step < steps.length; step++) {
          const where = `${fault} at step ${step} of ${steps.length} (${steps[step]})`;
          const c = await change.prepare(run++);
          const res = await c.send({ step, fault });
          if (fault === 'drop') expect(res.status, `${where}: ${await res.clone().text()}`).toBeLessThan(300);
          const made = await c.made();
          const entries = c.entries(await trail());
          expect(entries, `${where}: the change is ${made ? '' : 'not '}in the table`).toHaveLength(made ? 1 : 0);
          await c.agree?.(entries, where);
          // The admin tries again: the change is made, with its entry, once.
          const retry = await c.send();
          expect(retry.status, `${where}, the retry: ${await retry.clone().text()}`).toBeLessThan(300);
          expect(await c.made(), `${where}, the retry`).toBe(true);
          const after = c.entries(await trail());
          if (c.agree) await c.agree(after, `${where}, after the retry`);
          else expect(after, `${where}, after the retry`).toHaveLength(1);
        }
    });
});

describe('two admins changing one record in the same moment', () => {
  test('the one whose write comes second gets a 409 and writes nothing, and the trail has only the change made', async () => {
    expect((await api.request('/api/localities/race-town', { method: 'PUT', as: 'admin', json: { name: 'Before' } })).status).toBe(201);
    let done = false;
    meanwhile = async (req) => {
      // Just before our write of the locality itself, someone else renames it.
      if (done || req.operation !== 'PutItem' || !req.body.includes('LOCALITY#race-town') || !req.body.includes('auditRef')) return;
      done = true;
      expect((await api.request('/api/localities/race-town', { method: 'PUT', as: 'admin', json: { name: 'Other' } })).status).toBe(200);
    };
    try {
      const res = await asAdmin('PUT', '/api/localities/race-town', { name: 'After' });
      expect(done).toBe(true);
      expect(res.status).toBe(409);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/Someone else changed this a moment ago, so nothing was saved/);
    } finally {
      meanwhile = null;
    }
    expect((await api.store.listLocalities()).find((l) => l.localityId === 'race-town')?.name).toBe('Other');
    const entries = (await trail()).filter((e) => e.target === 'race-town').map((e) => e.summary);
    expect(entries.sort()).toEqual(['Created locality Before', 'Renamed locality Before to Other']);
  });
});
