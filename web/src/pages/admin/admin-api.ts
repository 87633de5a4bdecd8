import type { Locality, Provider, Role, Thresholds } from '#domain';
import type { AuditEntry, AuditKind } from '#domain/audit';
import { ApiError, getJson, pathWith, problemOf, type Query } from '../../lib/api';
import { accessToken, signOut } from '../../lib/auth.svelte';

/** A write to the API (JSON or CSV body); a problem+json answer is thrown as an ApiError the page shows field by field. */
async function write<T>(method: 'PUT' | 'POST' | 'DELETE', path: string, body?: { json?: unknown; csv?: string }, query: Query = {}): Promise<T> {
  const token = accessToken();
  if (!token) throw new ApiError(401, 'Not signed in', 'Please sign in again.');
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  let payload: string | undefined;
  if (body?.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body?.csv !== undefined) {
    headers['Content-Type'] = 'text/csv';
    payload = body.csv;
  }
  let res: Response;
  try {
    res = await fetch(pathWith(path, query), { method, headers, body: payload });
  } catch {
    throw new ApiError(0, 'No connection', 'The dashboard could not reach the server; nothing was saved. Check your connection and try again.');
  }
  if (res.status === 401) await signOut('Your session has ended. Please sign in again.');
  if (!res.ok) throw await problemOf(res);
  return (await res.json()) as T;
}

export interface RegisterImport {
  dryRun: boolean;
  rows: number;
  errors: { row: number; path: string; message: string }[];
  units: { row: number; providerId: string; name: string; outcome: 'created' | 'updated' | 'unchanged'; changed: string[] }[];
  localities: { localityId: string; name: string; outcome: 'created' | 'renamed' }[];
  summary: { created: number; updated: number; unchanged: number; invalidRows: number; localitiesCreated: number };
}

export type UnitBody = Omit<Provider, 'providerId'>;

export interface User {
  userId: string;
  name: string;
  email: string;
  role: Role;
  providerIds: string[];
  status: 'active' | 'disabled';
}
export type UserFields = Pick<User, 'name' | 'role' | 'providerIds'>;

export const adminApi = {
  users: () => getJson<User[]>('/api/users'),
  invite: (u: UserFields & { email: string }) => write<User>('POST', '/api/users', { json: u }),
  changeUser: (id: string, u: UserFields) => write<User>('PUT', `/api/users/${encodeURIComponent(id)}`, { json: u }),
  disableUser: (id: string) => write<User>('DELETE', `/api/users/${encodeURIComponent(id)}`),
  putLocality: (id: string, name: string) => write<Locality>('PUT', `/api/localities/${encodeURIComponent(id)}`, { json: { name } }),
  putUnit: (id: string, unit: UnitBody) => write<Provider>('PUT', `/api/providers/${encodeURIComponent(id)}`, { json: unit }),
  importRegister: (csv: string, dryRun: boolean) => write<RegisterImport>('POST', '/api/imports/register', { csv }, { dryRun: String(dryRun) }),
  thresholds: () => getJson<Thresholds>('/api/settings/thresholds'),
  putThresholds: (t: Thresholds) => write<Thresholds>('PUT', '/api/settings/thresholds', { json: t }),
  audit: (q: { from?: string; to?: string; kind?: AuditKind | '' }, signal?: AbortSignal) => getJson<AuditEntry[]>('/api/audit', q, signal),
};
