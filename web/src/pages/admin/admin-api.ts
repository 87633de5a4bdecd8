import type { Locality, Provider, Role, Thresholds } from '#domain';
import type { AuditEntry, AuditKind } from '#domain/audit';
import type { RegisterImport } from '#domain/imports';
import type { User } from '#domain/users';
import { getAllPages, getJson, pathWith, send, type Query } from '../../lib/api';

export type { RegisterImport, User };

/** A write to the API (JSON or CSV body); a problem+json answer is thrown as an ApiError the page shows field by field. */
async function write<T>(method: 'PUT' | 'POST' | 'PATCH' | 'DELETE', path: string, body: { json?: unknown; csv?: string } = {}, query: Query = {}): Promise<T> {
  const res = await send(pathWith(path, query), { method, ...body, offline: 'The dashboard could not reach the server; nothing was saved. Check your connection and try again.' });
  return (await res.json()) as T;
}

export type UnitBody = Omit<Provider, 'providerId'>;

export type UserFields = Pick<User, 'name' | 'role' | 'providerIds'>;

export const adminApi = {
  users: () => getAllPages<User>('/api/users'),
  invite: (u: UserFields & { email: string }) => write<User>('POST', '/api/users', { json: u }),
  changeUser: (id: string, u: UserFields) => write<User>('PUT', `/api/users/${encodeURIComponent(id)}`, { json: u }),
  disableUser: (id: string) => write<User>('DELETE', `/api/users/${encodeURIComponent(id)}`),
  enableUser: (id: string) => write<User>('PATCH', `/api/users/${encodeURIComponent(id)}`, { json: { status: 'active' } }),
  putLocality: (id: string, name: string) => write<Locality>('PUT', `/api/localities/${encodeURIComponent(id)}`, { json: { name } }),
  putUnit: (id: string, unit: UnitBody) => write<Provider>('PUT', `/api/providers/${encodeURIComponent(id)}`, { json: unit }),
  importRegister: (csv: string, dryRun: boolean) => write<RegisterImport>('POST', '/api/imports/register', { csv }, { dryRun: String(dryRun) }),
  thresholds: () => getJson<Thresholds>('/api/settings/thresholds'),
  putThresholds: (t: Thresholds) => write<Thresholds>('PUT', '/api/settings/thresholds', { json: t }),
  audit: (q: { from?: string; to?: string; kind?: AuditKind | '' }, signal?: AbortSignal) => getJson<AuditEntry[]>('/api/audit', q, signal),
};
