import type { AppLogger, Identity } from './deps';

/** Hono context variables set by the app's middleware, typed for every sub-app. */
export type AppEnv = {
  Variables: {
    identity: Identity;
    requestId: string;
    /** This request's logger: its lines carry the request id. */
    log: AppLogger;
    /** Verifies the bearer token and reads the caller's units: set per request by createApp, called by a route's access rule. */
    authenticate: () => Promise<Identity>;
  };
};
