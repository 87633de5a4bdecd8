import { CAPACITY_QUESTIONS, type Capacity, type Issue } from '#domain';
import type { ImportResult } from '#domain/imports';
import { ApiError } from './api';
import { accessToken } from './auth.svelte';
import { STAFFING_QUESTIONS, type StaffingField } from './return-form';

export type { ImportResult };

const STAFFING_COLUMN: Record<string, StaffingField> = {
  establishmentWte: 'establishmentWte',
  inPostWte: 'inPostWte',
  vacancyWte: 'vacancyWte',
  absentWte: 'absentWte',
  plannedHours: 'plannedHours',
  filledPermanent: 'filledHours.permanent',
  filledBank: 'filledHours.bank',
  filledAgency: 'filledHours.agency',
};
const OTHER_COLUMNS: Record<string, string> = {
  providerId: 'unit id',
  date: 'date',
  staffGroup: 'staff group',
  pressureLevel: 'pressure level (1 to 4)',
  pressureNote: 'note',
  '(file)': 'the file',
  '(row)': 'the row',
};

/** A column as people read it: `absentWte` → "Absent today (WTE), column absentWte". */
export function columnText(path: string): string {
  const name = path.replace(/^header\./, '');
  const staffing = STAFFING_COLUMN[name];
  if (staffing) return `${STAFFING_QUESTIONS[staffing].label} (${STAFFING_QUESTIONS[staffing].unit}), column ${name}`;
  const capacity = CAPACITY_QUESTIONS[name as keyof Capacity];
  if (capacity) return `${capacity.label}, column ${name}`;
  const other = OTHER_COLUMNS[name];
  return other ? (name.startsWith('(') ? other : `${other[0].toUpperCase()}${other.slice(1)}, column ${name}`) : `Column ${name}`;
}

/**
 * Send a CSV file to POST /api/imports. XMLHttpRequest rather than fetch: it reports how
 * much of a large file has gone up, so the page can show progress.
 */
export function sendImport(csv: string, dryRun: boolean, onProgress: (sent: number, total: number) => void): Promise<ImportResult> {
  const token = accessToken();
  if (!token) return Promise.reject(new ApiError(401, 'Not signed in', 'Please sign in again.'));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/imports?dryRun=${dryRun}`);
    xhr.setRequestHeader('Content-Type', 'text/csv; charset=utf-8');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total);
    xhr.onerror = () => reject(new ApiError(0, 'No connection', 'The file could not reach the server. Check your connection and try again; nothing was imported.'));
    xhr.onload = () => {
      let body: { title?: string; detail?: string; errors?: Issue[] } & Partial<ImportResult> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: fall back to the status line below.
      }
      if (xhr.status === 200) resolve(body as ImportResult);
      else reject(new ApiError(xhr.status, body.title ?? `Error ${xhr.status}`, body.detail ?? xhr.statusText, body.errors ?? []));
    };
    xhr.send(csv);
  });
}
