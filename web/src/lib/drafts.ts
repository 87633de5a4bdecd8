import type { FormValues } from './return-form';

/**
 * What a person is typing, kept in the browser until it is submitted or discarded, so a
 * reload, a lost connection or a sign-in that ran out loses nothing. Keyed by person, unit
 * and date: two people sharing a computer never see each other's drafts.
 */
export interface Draft {
  values: FormValues;
  /** The version being amended when the draft was typed (null for a first return). */
  amends: number | null;
  savedAt: string;
}

const PREFIX = 'staffing.draft';
const keyOf = (subject: string, providerId: string, date: string) => `${PREFIX}:${subject}:${providerId}:${date}`;

export function loadDraft(storage: Storage, subject: string, providerId: string, date: string): Draft | null {
  try {
    const raw = storage.getItem(keyOf(subject, providerId, date));
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

export function saveDraft(storage: Storage, subject: string, providerId: string, date: string, draft: Draft): void {
  try {
    storage.setItem(keyOf(subject, providerId, date), JSON.stringify(draft));
  } catch {
    // Storage full or switched off: the form still works, it just cannot survive a reload.
  }
}

export function clearDraft(storage: Storage, subject: string, providerId: string, date: string): void {
  storage.removeItem(keyOf(subject, providerId, date));
}

/** Dates of a unit that have a draft waiting, for the home page to say so. */
export function draftDates(storage: Storage, subject: string, providerId: string): string[] {
  const prefix = `${PREFIX}:${subject}:${providerId}:`;
  const out: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(prefix)) out.push(key.slice(prefix.length));
  }
  return out.sort();
}
