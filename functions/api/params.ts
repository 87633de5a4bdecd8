import { isRealDate, type Provider } from '#domain';
import type { Store } from '#store/types';
import { ProblemError } from './problem';

/** A date in the path: a real calendar date written YYYY-MM-DD, else 400 naming `date`. */
export function dateParam(value: string): string {
  if (!isRealDate(value))
    throw new ProblemError(400, 'Invalid date', `${value} is not a date.`, [
      { path: 'date', message: 'must be a real calendar date written YYYY-MM-DD' },
    ]);
  return value;
}

/** The unit named in the path, or 404. */
export async function providerOr404(store: Store, providerId: string): Promise<Provider> {
  const provider = await store.getProvider(providerId);
  if (!provider)
    throw new ProblemError(404, 'No such unit', `There is no unit ${providerId}.`, [{ path: 'providerId', message: 'no such unit' }]);
  return provider;
}
