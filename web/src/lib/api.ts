import type {
  CompletenessView,
  DayReturnRow,
  DayReturnsView,
  DischargeView,
  HeatmapView,
  Issue,
  Locality,
  Measure,
  Provider,
  ReturnVersion,
  Sector,
  SummaryView,
  TrendsView,
} from '#domain';
import type { ComparisonView } from '#domain/views/comparison';
import { accessToken, signOut } from './auth.svelte';
import { nextPageOf } from './pages';

/** A problem+json answer (RFC 9457) as the pages show it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: Issue[] = [],
  ) {
    super(detail || title);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | undefined | null>;

export function pathWith(path: string, query: Query = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** A problem+json answer read once: the error the pages show, and the body for any extra members (a 412's `current`). */
export async function readProblem(res: Response): Promise<{ problem: ApiError; body: Record<string, unknown> }> {
  let body: { title?: string; detail?: string; errors?: Issue[] } & Record<string, unknown> = {};
  try {
    body = await res.json();
  } catch {
    // Not problem+json (a proxy's error page): fall back to the status line.
  }
  const title = body.title ?? (res.statusText || `Error ${res.status}`);
  return { problem: new ApiError(res.status, title, body.detail ?? title, body.errors ?? []), body };
}

export const problemOf = async (res: Response): Promise<ApiError> => (await readProblem(res)).problem;

export interface Call {
  method?: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  accept?: string;
  /** A JSON body, or a CSV one. */
  json?: unknown;
  csv?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** What the person is told when the server cannot be reached or they must sign in again (e.g. that what they typed is kept). */
  offline?: string;
  signedOut?: string;
}

/**
 * Every call to the API: the bearer token, the body, a plain message when there is no
 * connection, and signing out on a 401. The answer is returned whatever its status.
 */
export async function call(path: string, c: Call = {}): Promise<Response> {
  const token = accessToken();
  if (!token) throw new ApiError(401, 'Not signed in', c.signedOut ?? 'Please sign in to see this page.');
  const headers: Record<string, string> = { Accept: c.accept ?? 'application/json', Authorization: `Bearer ${token}`, ...c.headers };
  let body: string | undefined;
  if (c.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(c.json);
  } else if (c.csv !== undefined) {
    headers['Content-Type'] = 'text/csv';
    body = c.csv;
  }
  let res: Response;
  try {
    res = await fetch(path, { method: c.method ?? 'GET', headers, body, signal: c.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'No connection', c.offline ?? 'The dashboard could not reach the server. Check your connection and try again.');
  }
  if (res.status === 401) await signOut(c.signedOut ?? 'Your session has ended. Please sign in again.');
  return res;
}

/** A call whose refusal is thrown as the ApiError the page shows field by field. */
export async function send(path: string, c: Call = {}): Promise<Response> {
  const res = await call(path, c);
  if (!res.ok) throw await problemOf(res);
  return res;
}

export async function getJson<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return (await send(pathWith(path, query), { signal })).json() as Promise<T>;
}

/** Every page of a list that pages (GET /api/providers, /api/users), one after another. */
export async function getAllPages<T>(path: string): Promise<T[]> {
  const all: T[] = [];
  for (let next: string | null = path; next !== null; ) {
    const res = await send(next);
    all.push(...((await res.json()) as T[]));
    next = nextPageOf(res.headers.get('Link'));
  }
  return all;
}

/** Save text as a file through a Blob link (the bearer token never goes in a link). */
export function saveFile(text: string | Blob, filename: string, type = 'text/csv;charset=utf-8'): void {
  const blob = typeof text === 'string' ? new Blob([text], { type }) : text;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The API's own CSV of a view (`Accept: text/csv`), saved as a download. */
export async function downloadCsv(path: string, query: Query, filename: string): Promise<void> {
  const res = await send(pathWith(path, query), { accept: 'text/csv' });
  saveFile(await res.blob(), filename);
}

/** A drill-down row: a unit with its current return for the day, or the return it still owes. */
export interface DayReturn {
  providerId: string;
  name: string;
  locality: string;
  sector: Sector;
  status: 'on-time' | 'late' | 'missing' | 'not-in-yet';
  return: DayReturnRow | null;
}

/** Received returns and missing units in one list, so a missing unit is shown rather than left out. */
export const dayReturnRows = (view: DayReturnsView): DayReturn[] => [
  ...view.returns.map((r) => ({ providerId: r.providerId, name: r.name, locality: r.locality, sector: r.sector, status: r.status, return: r })),
  ...view.missing.map((m) => ({ ...m, return: null })),
];

export interface HeatmapQuery {
  date: string;
  measure: Measure;
  rows: 'locality' | 'provider';
  columns: 'staff-group' | 'day';
  days?: number;
  sector?: Sector | '';
  locality?: string;
}

export const api = {
  summary: (date: string, signal?: AbortSignal) => getJson<SummaryView>('/api/system/summary', { date }, signal),
  heatmap: (q: HeatmapQuery, signal?: AbortSignal) => getJson<HeatmapView>('/api/system/heatmap', { ...q }, signal),
  trends: (q: { measure: Measure; from?: string; to: string; by: 'sector-family' | 'locality' }, signal?: AbortSignal) =>
    getJson<TrendsView>('/api/system/trends', q, signal),
  discharge: (date: string, signal?: AbortSignal) => getJson<DischargeView>('/api/system/discharge', { date }, signal),
  completeness: (date: string, signal?: AbortSignal) => getJson<CompletenessView>('/api/system/completeness', { date }, signal),
  dayReturns: async (q: { date: string; locality?: string; sector?: string; provider?: string; staffGroup?: string }, signal?: AbortSignal) =>
    dayReturnRows(await getJson<DayReturnsView>('/api/system/day-returns', q, signal)),
  localities: () => getJson<Locality[]>('/api/localities'),
  providers: () => getAllPages<Provider>('/api/providers'),
  provider: (id: string) => getJson<Provider>(`/api/providers/${encodeURIComponent(id)}`),
  returns: (id: string, from: string, to: string, signal?: AbortSignal) =>
    getJson<ReturnVersion[]>(`/api/providers/${encodeURIComponent(id)}/returns`, { from, to }, signal),
  versions: (id: string, date: string, signal?: AbortSignal) =>
    getJson<ReturnVersion[]>(`/api/providers/${encodeURIComponent(id)}/returns/${date}/versions`, {}, signal),
  /** The unit's rates over 28 days up to `date` beside its peers' median and quartiles. */
  comparison: (id: string, date: string) => getJson<ComparisonView & { asAt: string }>(`/api/providers/${encodeURIComponent(id)}/comparison`, { date }),
};
