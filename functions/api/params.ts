import type { Provider } from '#domain';
import type { Store } from '#store/types';
import { ProblemError } from './problem';

/** The unit named in the path (already checked to be a valid id by the route's schema), or 404. */
export async function providerOr404(store: Store, providerId: string): Promise<Provider> {
  const provider = await store.getProvider(providerId);
  if (!provider)
    throw new ProblemError(404, 'No such unit', `There is no unit ${providerId}.`, [{ path: 'providerId', message: 'no such unit' }]);
  return provider;
}
