import type { Provider, ReturnBody, ReturnVersion } from '#domain';
import { ApiError, call, getJson, readProblem } from './api';

/** A return as the API answers it: the stored version with the submitter's name (null when not in the directory). */
export type SubmittedReturn = Omit<ReturnVersion, 'submittedByName' | 'firstSubmittedAt'> & { submittedByName: string | null };

export interface MeUnit extends Provider {
  locality: string;
}
export interface Me {
  subject: string;
  name: string | null;
  email: string | null;
  roles: string[];
  units: MeUnit[];
  today: string;
  now: string;
  deadline: string;
}

export type SubmitResult =
  | { kind: 'saved'; ret: SubmittedReturn; created: boolean }
  /** Someone else saved a version since the one this amends (412), or a first return met one already there (409). */
  | { kind: 'conflict'; current: SubmittedReturn }
  | { kind: 'refused'; problem: ApiError }
  /** "Nothing has changed" on a date that already has a return (a second press, or a retry whose answer was lost). */
  | { kind: 'already'; current: SubmittedReturn };

const path = (providerId: string, date: string) => `/api/providers/${encodeURIComponent(providerId)}/returns/${date}`;

/** Saving a return: what was typed stays on this device whatever happens, and the messages say so. */
const keep = (method: 'PUT' | 'POST', url: string, c: { json?: unknown; headers?: Record<string, string> } = {}) =>
  call(url, {
    method,
    ...c,
    offline: 'Your return could not reach the server. It is kept on this device: check your connection and try again.',
    signedOut: 'Your session has ended. Please sign in again; what you typed is kept on this device.',
  });

const problemWithCurrent = async (res: Response) => {
  const { problem, body } = await readProblem(res);
  return { problem, current: body.current as SubmittedReturn | undefined };
};

export const returnsApi = {
  me: () => getJson<Me>('/api/me'),
  /** The current version of a date, or null when there is none yet. */
  async current(providerId: string, date: string): Promise<SubmittedReturn | null> {
    try {
      return await getJson<SubmittedReturn>(path(providerId, date));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  },
  range: (providerId: string, from: string, to: string) =>
    getJson<SubmittedReturn[]>(`/api/providers/${encodeURIComponent(providerId)}/returns`, { from, to }),
  versions: (providerId: string, date: string) => getJson<SubmittedReturn[]>(`${path(providerId, date)}/versions`),

  /**
   * Submit or amend. Safe to repeat after a lost answer: the server answers an identical body
   * with the version it already holds (200), so a retry never makes a second version.
   */
  async submit(providerId: string, date: string, body: ReturnBody, amends: number | null): Promise<SubmitResult> {
    const res = await keep('PUT', path(providerId, date), { json: body, headers: amends === null ? {} : { 'If-Match': `"${amends}"` } });
    if (res.ok) return { kind: 'saved', ret: (await res.json()) as SubmittedReturn, created: res.status === 201 };
    const { problem, current } = await problemWithCurrent(res);
    if ((res.status === 412 || res.status === 409) && current) return { kind: 'conflict', current };
    if (res.status === 409) {
      const now = await returnsApi.current(providerId, date);
      if (now) return { kind: 'conflict', current: now };
    }
    if (res.status === 0 || res.status >= 500) throw problem;
    return { kind: 'refused', problem };
  },

  /** "Nothing has changed": the unit's most recent earlier return copied to this date. */
  async unchanged(providerId: string, date: string): Promise<SubmitResult> {
    const res = await keep('POST', `${path(providerId, date)}/unchanged`);
    if (res.ok) return { kind: 'saved', ret: (await res.json()) as SubmittedReturn, created: true };
    const { problem } = await problemWithCurrent(res);
    if (res.status === 409) {
      const now = await returnsApi.current(providerId, date);
      if (now) return { kind: 'already', current: now };
    }
    if (res.status >= 500) throw problem;
    return { kind: 'refused', problem };
  },
};
