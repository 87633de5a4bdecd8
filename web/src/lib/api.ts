import type {
  CompletenessView,
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
} from '../../../functions/domain';
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

async function problemOf(res: Response): Promise<ApiError> {
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

/** A drill-down row: one unit's current return for the day, or its absence. */
export interface DayReturn {
  providerId: string;
  name?: string;
  localityId?: string;
  locality?: string;
  sector?: Sector;
  status?: 'on-time' | 'late' | 'missing';
  return?: ReturnVersion | null;
}

export interface HeatmapQuery {
  date: string;
  measure: Measure;
  rows: 'locality' | 'provider';
  columns: 'staff-group' | 'day';
  days?: number;
  sector?: Sector | '';
  locality?: string;
}

/** A drill-down row may come as the return itself (with unit fields beside it) or wrapped with its unit. */
function dayReturnOf(x: Record<string, unknown>): DayReturn {
  if ('staffing' in x) {
    const unit = (x.provider ?? {}) as Record<string, unknown>;
    return {
      providerId: String(x.providerId),
      name: (x.name ?? x.providerName ?? unit.name) as string | undefined,
      localityId: (x.localityId ?? unit.localityId) as string | undefined,
      locality: x.locality as string | undefined,
      sector: (x.sector ?? unit.sector) as Sector | undefined,
      status: x.status as DayReturn['status'],
      return: x as unknown as ReturnVersion,
    };
  }
  const ret = (x.return ?? x.current ?? null) as ReturnVersion | null;
  return { ...(x as unknown as DayReturn), return: ret };
}

/** The API names a list either as the body or as its only array member; accept both. */
function listOf<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    const arr = Object.values(body).find(Array.isArray);
    if (arr) return arr as T[];
  }
  return [];
}

export const api = {
  summary: (date: string, signal?: AbortSignal) => getJson<SummaryView>('/api/system/summary', { date }, signal),
  heatmap: (q: HeatmapQuery, signal?: AbortSignal) => getJson<HeatmapView>('/api/system/heatmap', { ...q }, signal),
  trends: (q: { measure: Measure; from: string; to: string; by: 'sector-family' | 'locality' }, signal?: AbortSignal) =>
    getJson<TrendsView>('/api/system/trends', q, signal),
  discharge: (date: string, signal?: AbortSignal) => getJson<DischargeView>('/api/system/discharge', { date }, signal),
  completeness: (date: string, signal?: AbortSignal) => getJson<CompletenessView>('/api/system/completeness', { date }, signal),
  dayReturns: async (q: { date: string; locality?: string; sector?: string; provider?: string }, signal?: AbortSignal) =>
    listOf<Record<string, unknown>>(await getJson<unknown>('/api/system/day-returns', q, signal)).map(dayReturnOf),
  localities: async () => listOf<Locality>(await getJson<unknown>('/api/localities')),
  providers: async () => listOf<Provider>(await getJson<unknown>('/api/providers')),
  provider: (id: string) => getJson<Provider>(`/api/providers/${encodeURIComponent(id)}`),
  returns: async (id: string, from: string, to: string, signal?: AbortSignal) =>
    listOf<ReturnVersion>(await getJson<unknown>(`/api/providers/${encodeURIComponent(id)}/returns`, { from, to }, signal)),
  versions: async (id: string, date: string, signal?: AbortSignal) =>
    listOf<ReturnVersion>(await getJson<unknown>(`/api/providers/${encodeURIComponent(id)}/returns/${date}/versions`, {}, signal)),
};
