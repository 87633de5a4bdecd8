import { addDays, bodyOf, canonicalBody, returnErrors, returnWarnings, today, type Issue, type Provider, type ReturnBody, type ReturnVersion } from '#domain';
import type { AppDeps, Identity } from './deps';

/** How far back a return is compared with the unit's own recent returns. */
const HISTORY_DAYS = 28;

export interface Submission {
  provider: Provider;
  date: string;
  body: ReturnBody;
  submittedBy: string;
  /** The submitter's name, kept on the version so the history reads as people, not ids. */
  submittedByName?: string;
  /** The version the client says it amends (If-Match), or undefined when it said none. */
  ifMatch?: number;
  /** Decide only: nothing is written or repaired. */
  dryRun?: boolean;
  /** An admin's write: its audit entry's ticket id, saved on the version as the entry's evidence. */
  auditRef?: string;
}

export type SubmitOutcome =
  /** The body breaks the rules that need the unit and the calendar; nothing was read or written. */
  | { kind: 'invalid'; errors: Issue[] }
  /** Identical to the current version: a retry after a lost answer. Any write it cut off is finished. */
  | { kind: 'unchanged'; current: ReturnVersion }
  /** A return exists and the client did not say which version it amends. */
  | { kind: 'exists'; current: ReturnVersion }
  /** The client amends a version that is no longer current (or lost a race to another writer). */
  | { kind: 'stale'; current: ReturnVersion }
  /** Dry run: this would be saved as `version`. */
  | { kind: 'would-save'; version: number }
  | { kind: 'saved'; ret: ReturnVersion; created: boolean };

/**
 * The one submit decision, shared by PUT .../returns/{date}, POST .../unchanged and the
 * CSV import: rules; identical to the current version → repair and answer it; a version
 * exists → the client must name it (else `exists`), and it must be current (else `stale`);
 * otherwise write the next version with its warnings. The store decides, atomically,
 * whether that version number was still free.
 */
export async function submitReturn(deps: AppDeps, s: Submission): Promise<SubmitOutcome> {
  const errors = returnErrors(s.body, s.provider, s.date, today(deps.clock));
  if (errors.length > 0) return { kind: 'invalid', errors };
  const { providerId } = s.provider;
  // One read for the decision and the warnings: a retry or a conflict reads the 28 days it does not need, a save one request fewer.
  const { current, placement, history } = await deps.store.currentWithHistory(providerId, addDays(s.date, -HISTORY_DAYS), s.date);
  if (current && isSame(current, s.body)) {
    if (!s.dryRun) await deps.store.repair(providerId, s.date);
    return { kind: 'unchanged', current };
  }
  if (current && s.ifMatch === undefined) return { kind: 'exists', current };
  if (current && s.ifMatch !== current.version) return { kind: 'stale', current };
  const version = (current?.version ?? 0) + 1;
  if (s.dryRun) return { kind: 'would-save', version };

  const now = deps.clock.now().toISOString();
  const ret: ReturnVersion = {
    ...bodyOf(s.body),
    providerId,
    date: s.date,
    version,
    submittedAt: now,
    submittedBy: s.submittedBy,
    ...(s.submittedByName ? { submittedByName: s.submittedByName } : {}),
    firstSubmittedAt: current?.firstSubmittedAt ?? now,
    warnings: returnWarnings(s.body, history),
  };
  // An amendment is summed where the date's first version was, even if the unit has moved since.
  const where = placement ?? (await deps.store.placementOf(s.provider));
  const saved = await deps.store.saveVersion(ret, where, s.auditRef);
  if (saved.saved) return { kind: 'saved', ret: saved.ret, created: version === 1 };
  // Another writer took this version number first: the same body (a client's own retry racing
  // itself) is that client's write; anything else is the conflict it would have met a moment later.
  if (isSame(saved.current, s.body)) return { kind: 'unchanged', current: saved.current };
  return s.ifMatch === undefined ? { kind: 'exists', current: saved.current } : { kind: 'stale', current: saved.current };
}

const isSame = (current: ReturnVersion, body: ReturnBody) => canonicalBody(bodyOf(current)) === canonicalBody(body);

/** Who a submission is by: the subject, and the name the directory gives them. */
export const submitterOf = (identity: Identity): Pick<Submission, 'submittedBy' | 'submittedByName'> => ({
  submittedBy: identity.subject,
  ...(identity.person ? { submittedByName: identity.person.name } : {}),
});
