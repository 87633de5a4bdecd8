import type { Clock, Person, Role } from '#domain';
import type { Directory } from '#domain/users';
import type { Store } from '#store/types';

export { ROLES, type Role } from '#domain';

/** Who is calling, from a verified token plus the server-side memberships. */
export interface Identity {
  subject: string;
  roles: Role[];
  /** Units this user may touch (providers only), read from the store, never from the token. */
  providerIds: string[];
  /** The person as the directory knows them, or null for someone not in it (a token made by hand). */
  person: Person | null;
}

/** Verifies a bearer token; throws on any failure (bad signature, expired, wrong issuer/client/use). */
export type VerifyToken = (token: string) => Promise<{ subject: string; roles: Role[] }>;

export interface AppDeps {
  store: Store;
  clock: Clock;
  verifyToken: VerifyToken;
  /** The identity provider, for inviting and disabling users (Cognito in AWS, the table on a laptop); without it /api/users cannot invite. */
  directory?: Directory;
  /** Daily on-time deadline in minutes past midnight, UK time (default 11:00). */
  deadlineMinutes?: number;
  /** Request and error log lines (default: a Powertools Logger). */
  logger?: AppLogger;
}

/** Where the app writes its JSON log lines: Powertools Logger by default; tests pass a recorder. */
export interface AppLogger {
  info(message: string, ...attributes: Record<string, unknown>[]): void;
  error(message: string, ...attributes: Record<string, unknown>[]): void;
}
