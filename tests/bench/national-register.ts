/**
 * The national bench's register, figures and callers (issue 7): seeded, so the same on every
 * machine, and shared by the bench and its worker threads (the API instances and the senders).
 */
import type { Provider, ReturnBody, Sector, StaffGroup } from '#domain';
import type { ReturnRecord } from '#store/types';

/** `NATIONAL_SMOKE=1` runs a tenth of the register over 10 days: a quick check of the bench itself, not a figure. */
const SMOKE = process.env.NATIONAL_SMOKE === '1';
export const LOCALITIES = SMOKE ? 15 : 150;
export const UNITS = SMOKE ? 3_000 : 30_000;
export const HISTORY_DAYS = SMOKE ? 10 : 90;

// ---- seeded figures -------------------------------------------------------------------
/** mulberry32: small, seeded, the same numbers on every machine. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const hash = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7);

const MIX: [Sector, number, StaffGroup[]][] = [
  ['care-home', 0.45, ['care-worker', 'registered-nurse', 'registered-manager']],
  ['homecare', 0.3, ['care-worker', 'registered-manager']],
  ['primary-care', 0.15, ['medical', 'registered-nurse', 'non-care']],
  ['local-authority', 0.04, ['social-worker', 'care-worker']],
  ['community', 0.03, ['registered-nurse', 'allied-health', 'healthcare-support-worker']],
  ['mental-health', 0.02, ['registered-nurse', 'medical', 'healthcare-support-worker']],
  ['acute', 0.01, ['registered-nurse', 'healthcare-support-worker', 'medical', 'allied-health']],
];
const sectorAt = (i: number) => {
  let x = (i % 100) / 100;
  for (const m of MIX) if ((x -= m[1]) < 0) return m;
  return MIX[0];
};
export const localityId = (l: number) => `loc-${String(l).padStart(3, '0')}`;
/** loc-000 is the rush locality (200 units); loc-149 has 50 units; the others share the rest. */
export function register(): Provider[] {
  const sizes: number[] = Array.from({ length: LOCALITIES }, (_, l) => (l === 0 ? 200 : l === LOCALITIES - 1 ? 50 : 0));
  let left = UNITS - 250;
  for (let l = 1; l < LOCALITIES - 1; l++) {
    sizes[l] = Math.round(left / (LOCALITIES - 1 - l));
    left -= sizes[l];
  }
  return sizes.flatMap((n, l) =>
    Array.from({ length: n }, (_, u) => {
      const [sector, , staffGroups] = sectorAt(u);
      return {
        providerId: `u-${l}-${u}`,
        name: `Unit ${l}-${u} (bench)`,
        organisation: `Org ${l}`,
        localityId: localityId(l),
        sector,
        staffGroups,
        reportingDays: 'every-day' as const,
        activeFrom: '2024-01-01',
        activeTo: null,
      };
    }),
  );
}
/** Units of each locality whose amendments are metered (cost per submission). */
export const COST_SAMPLE = 20;
/**
 * The 50-unit locality's metered units report what the rush locality's do, every day (their
 * figures, history and so warnings): the two cost rows then differ only in the locality's size.
 */
export const figuresSeedOf = (providerId: string) => {
  const [, l, u] = providerId.split('-').map(Number);
  return l === LOCALITIES - 1 && u < COST_SAMPLE ? `u-0-${u}` : providerId;
};
export function bodyOf(p: Provider, date: string): ReturnBody {
  const r = rng(hash(`${figuresSeedOf(p.providerId)}|${date}`));
  const h = (n: number) => Math.round(n * 100) / 100;
  return {
    staffing: p.staffGroups.map((staffGroup) => {
      const est = 5 + Math.floor(r() * 40);
      const planned = est * 7.5;
      const perm = h(planned * (0.7 + r() * 0.2));
      return {
        staffGroup,
        establishmentWte: est,
        inPostWte: h(est * (0.85 + r() * 0.1)),
        vacancyWte: h(est * r() * 0.15),
        absentWte: h(est * r() * 0.06),
        plannedHours: planned,
        filledHours: { permanent: perm, bank: h(planned * r() * 0.1), agency: h(planned * r() * 0.05) },
      };
    }),
    capacity: p.sector === 'care-home' ? { bedsOpen: 40, bedsVacant: Math.floor(r() * 4), bedsClosedStaffing: Math.floor(r() * 2) } : {},
    pressure: { level: (1 + Math.floor(r() * 4)) as 1 | 2 | 3 | 4 },
  };
}
export const versionOf = (p: Provider, date: string): ReturnRecord => {
  const at = `${date}T08:${String(hash(p.providerId) % 60).padStart(2, '0')}:00.000Z`;
  return { ...bodyOf(p, date), providerId: p.providerId, date, version: 1, submittedAt: at, firstSubmittedAt: at, submittedBy: 'bench', warnings: [], localityId: p.localityId, sector: p.sector };
};

/**
 * Returns are sent as each unit's own provider user (token `unit.<id>`), as in life: an admin's
 * amendment also writes an audit entry, which a provider's does not. Views are read as an admin.
 */
export const subjectOf = (providerId: string) => `bench-user-${providerId}`;
export const verifyToken = async (token: string) =>
  token.startsWith('unit.') ? { subject: subjectOf(token.slice(5)), roles: ['provider' as const] } : { subject: 'bench-admin', roles: ['admin' as const] };
/** A unit's return sent by its own user to the API at `base` (an amendment names the version it replaces). */
export const putReturn = (base: string, p: Provider, date: string, body: ReturnBody, ifMatch?: number) =>
  fetch(`${base}/api/providers/${p.providerId}/returns/${date}`, {
    method: 'PUT',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      Authorization: `Bearer unit.${p.providerId}`,
      ...(ifMatch ? { 'If-Match': `"${ifMatch}"` } : {}),
    },
    body: JSON.stringify(body),
  });
