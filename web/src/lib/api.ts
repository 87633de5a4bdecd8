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
import { accessToken, signOut } from './auth.svelte';

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

export async function problemOf(res: Response): Promise<ApiError> {
  let body: { title?: string; detail?: string; errors?: Issue[] } = {};
  try {
    body = await res.json();
  } catch {
    // Not problem+json (a proxy's error page): fall back to the status line.
  }
  const title = body.title ?? (res.statusText || `Error ${res.status}`);
  return new ApiError(res.status, title, body.detail ?? title, body.errors ?? []);
}

async function send(path: string, accept: string, signal?: AbortSignal): Promise<Response> {
  const token = accessToken();
  if (!token) throw new ApiError(401, 'Not signed in', 'Please sign in to see this page.');
  let res: Response;
  try {
    res = await fetch(path, { headers: { Accept: accept, Authorization: `Bearer ${token}` }, signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'No connection', 'The dashboard could not reach the server. Check your connection and try again.');
  }
  if (res.status === 401) {
    await signOut('Your session has ended. Please sign in again.');
  }
  if (!res.ok) throw await problemOf(res);
  return res;
}

export async function getJson<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return (await send(pathWith(path, query), 'application/json', signal)).json() as Promise<T>;
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
  const res = await send(pathWith(path, query), 'text/csv');
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
  providers: () => getJson<Provider[]>('/api/providers'),
  provider: (id: string) => getJson<Provider>(`/api/providers/${encodeURIComponent(id)}`),
  returns: (id: string, from: string, to: string, signal?: AbortSignal) =>
    getJson<ReturnVersion[]>(`/api/providers/${encodeURIComponent(id)}/returns`, { from, to }, signal),
  versions: (id: string, date: string, signal?: AbortSignal) =>
    getJson<ReturnVersion[]>(`/api/providers/${encodeURIComponent(id)}/returns/${date}/versions`, {}, signal),
};
