import type { Role } from '#api/deps';
import { createApp } from '#api/app';
import type { Clock, Provider, ReturnBody } from '#domain';
import { createLocalIssuer } from '#local/issuer';
import { localDirectory } from '#store/directory-local';
import type { Store } from '#store/types';
import { startTestDb, type TestDb } from '../support/dynalite';

/**
 * The whole app on a real dynalite, with tokens from the local issuer and a clock the test
 * can move. Seeded with two localities, two units and four users.
 */
export const ACUTE = 'jr-hospital';
export const CARE_HOME = 'sunrise-care';

export const USERS = {
  admin: { subject: 'admin-1', roles: ['admin'] as Role[] },
  leader: { subject: 'leader-1', roles: ['leader'] as Role[] },
  /** belongs to the hospital unit only */
  nurse: { subject: 'provider-jr', roles: ['provider'] as Role[] },
  /** belongs to the care home only */
  carer: { subject: 'provider-sunrise', roles: ['provider'] as Role[] },
};
export type User = keyof typeof USERS;

export interface LogLine {
  level: 'info' | 'error';
  message: string;
  attributes: Record<string, unknown>[];
}

export interface Api {
  db: TestDb;
  store: Store;
  /** Set the instant the app believes it is. */
  setNow(iso: string): void;
  logs: LogLine[];
  token(user: User): Promise<string>;
  /** A token for anyone: a user invited during the test, say. */
  tokenFor(subject: string, roles: Role[]): Promise<string>;
  request(path: string, init?: RequestInit & { as?: User; json?: unknown }): Promise<Response>;
  stop(): Promise<void>;
}

export async function startApi(opts: { wrapStore?: (store: Store) => Store } = {}): Promise<Api> {
  const db = await startTestDb();
  const issuer = await createLocalIssuer();
  let now = new Date('2026-06-15T10:00:00Z');
  const clock: Clock = { now: () => now };
  const logs: LogLine[] = [];
  const store = opts.wrapStore ? opts.wrapStore(db.store) : db.store;
  const app = createApp({
    store,
    clock,
    verifyToken: issuer.verifyToken,
    directory: localDirectory(),
    logger: {
      info: (message, ...attributes) => logs.push({ level: 'info', message, attributes }),
      error: (message, ...attributes) => logs.push({ level: 'error', message, attributes }),
    },
  });
  await seed(db.store);
  const tokens = new Map<User, string>();
  const token = async (user: User) => {
    if (!tokens.has(user)) tokens.set(user, await issuer.signToken(USERS[user]));
    return tokens.get(user)!;
  };
  return {
    db,
    store: db.store,
    setNow: (iso) => {
      now = new Date(iso);
    },
    logs,
    token,
    tokenFor: (subject, roles) => issuer.signToken({ subject, roles }),
    async request(path, init = {}) {
      const { as, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (as) headers.set('Authorization', `Bearer ${await token(as)}`);
      if (json !== undefined) {
        if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
        rest.body = typeof json === 'string' ? json : JSON.stringify(json);
      }
      return app.request(path, { ...rest, headers });
    },
    stop: () => db.stop(),
  };
}

async function seed(store: Store) {
  await store.putLocality({ localityId: 'oxford', name: 'Oxford' });
  await store.putLocality({ localityId: 'cherwell', name: 'Cherwell' });
  await store.putProvider({
    providerId: ACUTE,
    name: 'John Radcliffe Hospital',
    organisation: 'Oxford University Hospitals',
    localityId: 'oxford',
    sector: 'acute',
    staffGroups: ['registered-nurse', 'healthcare-support-worker', 'medical'],
    reportingDays: 'every-day',
    activeFrom: '2025-01-01',
    activeTo: null,
  });
  await store.putProvider({
    providerId: CARE_HOME,
    name: 'Sunrise Care Home',
    organisation: 'Sunrise Care Group',
    localityId: 'cherwell',
    sector: 'care-home',
    staffGroups: ['registered-nurse', 'care-worker', 'non-care'],
    reportingDays: 'every-day',
    activeFrom: '2026-01-01',
    activeTo: null,
  });
  await store.setUnitsOf(USERS.nurse.subject, [ACUTE]);
  await store.setUnitsOf(USERS.carer.subject, [CARE_HOME]);
}

/** A care home that reports every day, for tests that need units beside the seed's two. */
export const aCareHome = (providerId: string, localityId = 'oxford', name = `${providerId} (test)`): Provider => ({
  providerId,
  name,
  organisation: 'Test Care',
  localityId,
  sector: 'care-home',
  staffGroups: ['care-worker'],
  reportingDays: 'every-day',
  activeFrom: '2026-01-01',
  activeTo: null,
});

/** A valid hospital return; `inPost` varies it so tests can tell versions apart. */
export function hospitalReturn(inPost = 90): ReturnBody {
  return {
    staffing: [
      {
        staffGroup: 'registered-nurse',
        establishmentWte: 100,
        inPostWte: inPost,
        vacancyWte: 100 - inPost,
        absentWte: 4.5,
        plannedHours: 2000,
        filledHours: { permanent: 1700, bank: 150, agency: 50 },
      },
      {
        staffGroup: 'medical',
        establishmentWte: 40,
        inPostWte: 38,
        vacancyWte: 2,
        absentWte: 1,
        plannedHours: 800,
        filledHours: { permanent: 780, bank: 0, agency: 20 },
      },
    ],
    capacity: { bedsOpen: 500, bedsClosedStaffing: 12, patientsNoCriteriaToReside: 60, awaitingPathway1: 30, awaitingPathway3: 10 },
    pressure: { level: 3, note: 'Two wards short of nurses' },
  };
}

/** The problem document of a rejected request, asserting its media type. */
export async function problemOf(res: Response): Promise<{ status: number; title: string; detail: string; errors: { path: string; message: string }[] } & Record<string, unknown>> {
  const type = res.headers.get('Content-Type') ?? '';
  if (!type.startsWith('application/problem+json')) throw new Error(`expected application/problem+json, got ${type} (${res.status})`);
  return (await res.json()) as never;
}

export const pathsOf = (problem: { errors: { path: string }[] }) => problem.errors.map((e) => e.path);

/** A valid care-home return. */
export function careHomeReturn(careWorkers = 30): ReturnBody {
  return {
    staffing: [
      {
        staffGroup: 'care-worker',
        establishmentWte: 35,
        inPostWte: careWorkers,
        vacancyWte: 35 - careWorkers,
        absentWte: 2,
        plannedHours: 700,
        filledHours: { permanent: 560, bank: 40, agency: 80 },
      },
    ],
    capacity: { bedsOpen: 60, bedsVacant: 3, bedsClosedStaffing: 2 },
    pressure: { level: 2 },
  };
}
