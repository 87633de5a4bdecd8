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
  /** Local runtime only: the token request to repeat before the token runs out. */
  renew?: LocalTokenRequest;
}

/** What the local sign-in asks for: a person of the demo directory, or a made-up user of a role. */
export type LocalTokenRequest = { email: string } | { role: Role; providerIds?: string[] };

/** How long before a token runs out it is renewed, so nobody is signed out in the middle of a form. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

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

let renewTimer: ReturnType<typeof setTimeout> | undefined;

function keep(session: Session | null) {
  auth.session = session;
  if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(STORAGE_KEY);
  clearTimeout(renewTimer);
  // Locally the token request is simply repeated; in AWS oidc-client renews with the refresh token (automaticSilentRenew).
  if (session?.renew) {
    const request = session.renew;
    renewTimer = setTimeout(
      () => {
        localToken(request).then(keep, () => undefined);
      },
      Math.max(0, session.expiresAt - Date.now() - RENEW_BEFORE_MS),
    );
  }
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
        // Renewed with the refresh token (Cognito issues one with the code grant) about a minute
        // before the access token expires: nobody is signed out in the middle of a form.
        automaticSilentRenew: true,
        userStore: new WebStorageStateStore({ store: window.sessionStorage }),
        stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
      }),
  );
  return manager.then((um) => {
    if (!renewing) {
      renewing = true;
      um.events.addUserLoaded((user) => keep(sessionFromToken(user.access_token, (user.expires_at ?? 0) * 1000)));
    }
    return um;
  });
}
let renewing = false;

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
    if (s.expiresAt > Date.now()) keep(s);
    else sessionStorage.removeItem(STORAGE_KEY);
  }
}

/** Local runtime only: a token from the local issuer for a person of the demo directory or a made-up user. */
export async function localToken(request: LocalTokenRequest): Promise<Session> {
  const res = await fetch('/auth/local/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(request),
  });
  if (!res.ok) throw new Error(`The local sign-in service answered ${res.status}.`);
  const body = (await res.json()) as { access_token: string; expires_in: number };
  return { ...sessionFromToken(body.access_token, Date.now() + body.expires_in * 1000), renew: request };
}

export async function signInLocal(request: LocalTokenRequest): Promise<Session> {
  auth.notice = null;
  const session = await localToken(request);
  keep(session);
  return session;
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
