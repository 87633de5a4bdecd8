import type { UserManager } from 'oidc-client-ts';
import { ROLES, type Role } from '#domain';

export type { Role };
export const ROLE_LABELS: Record<Role, string> = { admin: 'Administrator', leader: 'System leader', provider: 'Provider unit' };

/** Settings served at /config.json: `{ "auth": "local" }` on a laptop, Cognito's in AWS. */
export type AuthConfig =
  | { auth: 'local' }
  | { auth: 'cognito'; authority: string; clientId: string; redirectUri: string; domain?: string; logoutUri?: string; scope?: string };

export interface Session {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  subject: string;
  roles: Role[];
}

// The token lives in memory and in sessionStorage (per tab, gone when the tab closes): never in a URL or a log.
const STORAGE_KEY = 'staffing.session';

export const auth = $state<{ config: AuthConfig | null; session: Session | null; notice: string | null }>({
  config: null,
  session: null,
  notice: null,
});

/** Reads roles from a JWT shaped like a Cognito access token, only to decide what to show; the API decides access. */
export function sessionFromToken(token: string, expiresAt: number): Session {
  const payload = token.split('.')[1] ?? '';
  const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=')));
  const groups: unknown[] = Array.isArray(json['cognito:groups']) ? json['cognito:groups'] : [];
  const roles = groups.filter((g): g is Role => (ROLES as readonly unknown[]).includes(g));
  return { token, expiresAt, subject: String(json.sub ?? ''), roles };
}

export const isSystemReader = (s: Session | null) => !!s && (s.roles.includes('leader') || s.roles.includes('admin'));

function keep(session: Session | null) {
  auth.session = session;
  if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(STORAGE_KEY);
}

let manager: Promise<UserManager> | null = null;
function cognitoManager(config: Extract<AuthConfig, { auth: 'cognito' }>): Promise<UserManager> {
  // Loaded only in AWS, so the laptop bundle does not carry the OIDC client.
  manager ??= import('oidc-client-ts').then(
    ({ UserManager, WebStorageStateStore }) =>
      new UserManager({
        authority: config.authority,
        client_id: config.clientId,
        redirect_uri: config.redirectUri,
        response_type: 'code',
        scope: config.scope ?? 'openid email',
        loadUserInfo: false,
        automaticSilentRenew: false,
        userStore: new WebStorageStateStore({ store: window.sessionStorage }),
        stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
      }),
  );
  return manager;
}

/** Load /config.json, finish a Cognito redirect if one is in the URL, and restore this tab's session. */
export async function startAuth(): Promise<void> {
  const res = await fetch('/config.json', { headers: { Accept: 'application/json' } });
  auth.config = res.ok ? ((await res.json()) as AuthConfig) : { auth: 'local' };
  const config = auth.config;
  if (config.auth === 'cognito') {
    const um = await cognitoManager(config);
    const query = new URLSearchParams(location.search);
    if (query.has('code') && query.has('state')) {
      const user = await um.signinRedirectCallback();
      // The authorization code must not stay in the address bar or in history.
      history.replaceState(null, '', location.pathname + location.hash);
      keep(sessionFromToken(user.access_token, (user.expires_at ?? 0) * 1000));
      return;
    }
    const user = await um.getUser();
    if (user && !user.expired) keep(sessionFromToken(user.access_token, (user.expires_at ?? 0) * 1000));
    return;
  }
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (stored) {
    const s = JSON.parse(stored) as Session;
    if (s.expiresAt > Date.now()) auth.session = s;
    else sessionStorage.removeItem(STORAGE_KEY);
  }
}

/** Local runtime only: a token from the local issuer for a demo user. */
export async function localToken(role: Role, providerIds?: string[]): Promise<Session> {
  const res = await fetch('/auth/local/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(providerIds ? { role, providerIds } : { role }),
  });
  if (!res.ok) throw new Error(`The local sign-in service answered ${res.status}.`);
  const body = (await res.json()) as { access_token: string; expires_in: number };
  return sessionFromToken(body.access_token, Date.now() + body.expires_in * 1000);
}

export async function signInLocal(role: Role, providerIds?: string[]): Promise<void> {
  auth.notice = null;
  keep(await localToken(role, providerIds));
}

export async function signInCognito(): Promise<void> {
  if (auth.config?.auth !== 'cognito') return;
  await (await cognitoManager(auth.config)).signinRedirect();
}

export async function signOut(notice: string | null = null): Promise<void> {
  const config = auth.config;
  keep(null);
  auth.notice = notice;
  if (config?.auth === 'cognito') {
    await (await cognitoManager(config)).removeUser();
    if (config.domain && config.logoutUri && !notice) {
      const q = new URLSearchParams({ client_id: config.clientId, logout_uri: config.logoutUri });
      location.assign(`${config.domain}/logout?${q}`);
    }
  }
}

/** The bearer token for the API, or null once it has expired. */
export function accessToken(): string | null {
  const s = auth.session;
  if (!s) return null;
  if (s.expiresAt <= Date.now()) {
    void signOut('Your session has expired. Please sign in again.');
    return null;
  }
  return s.token;
}
