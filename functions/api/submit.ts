import { addDays, bodyOf, returnWarnings, type Provider, type ReturnBody, type ReturnVersion } from '#domain';
import type { SaveOutcome } from '#store/types';
import type { AppDeps } from './deps';

/** How far back a return is compared with the unit's own recent returns. */
const HISTORY_DAYS = 28;

/**
 * Writes the version after `previous` (version 1 when there is none) with its warnings.
 * The caller has already checked the rules; the store decides, atomically, whether this
 * version number was still free.
 */
export async function saveNextVersion(
  deps: AppDeps,
  provider: Provider,
  date: string,
  body: ReturnBody,
  submittedBy: string,
  previous: ReturnVersion | null,
): Promise<SaveOutcome> {
  const history = await deps.store.returnsInRange(provider.providerId, addDays(date, -HISTORY_DAYS), addDays(date, -1));
  const now = deps.clock.now().toISOString();
  const ret: ReturnVersion = {
    ...bodyOf(body),
    providerId: provider.providerId,
    date,
    version: (previous?.version ?? 0) + 1,
    submittedAt: now,
    submittedBy,
    firstSubmittedAt: previous?.firstSubmittedAt ?? now,
    warnings: returnWarnings(body, history),
  };
  return deps.store.saveVersion(ret, { localityId: provider.localityId, sector: provider.sector });
}
