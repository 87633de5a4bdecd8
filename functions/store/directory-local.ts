import type { Directory } from '#domain/users';

/**
 * The laptop's directory: the people items in the table are the whole of it (the local token
 * route signs a token for a person found there by e-mail, with the role found there), so
 * inviting only mints a subject, and a role change, a disabling or an enabling is the person item's own.
 */
export function localDirectory(): Directory {
  return {
    invite: async () => ({ subject: `local-${crypto.randomUUID()}` }),
    setRole: async () => {},
    disable: async () => {},
    enable: async () => {},
  };
}
