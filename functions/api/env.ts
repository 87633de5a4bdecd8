import type { Identity } from './deps';

/** Hono context variables set by the app's middleware, typed for every sub-app. */
export type AppEnv = {
  Variables: {
    identity: Identity;
    requestId: string;
  };
};
