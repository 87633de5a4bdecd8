import { auth } from './auth.svelte';
import { returnsApi, type Me } from './returns-api';

/** Who is signed in (GET /api/me), read once per session: the header and the provider pages share it. */
export const me = $state<{ data: Me | null; error: unknown; subject: string | null }>({ data: null, error: null, subject: null });

let pending: Promise<Me> | null = null;

export function loadMe(force = false): Promise<Me> {
  const subject = auth.session?.subject ?? null;
  if (!force && pending && me.subject === subject) return pending;
  me.subject = subject;
  pending = returnsApi.me().then(
    (data) => {
      me.data = data;
      me.error = null;
      return data;
    },
    (error: unknown) => {
      me.error = error;
      pending = null;
      throw error;
    },
  );
  return pending;
}
