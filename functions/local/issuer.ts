import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { createJwtVerifier } from '#api/auth/verifier';
import type { Role, VerifyToken } from '#api/deps';

export const LOCAL_ISSUER = 'http://localhost/local-issuer';
export const LOCAL_CLIENT_ID = 'local-dashboard';
const EIGHT_HOURS = 8 * 60 * 60;

export interface LocalIssuer {
  issuer: string;
  clientId: string;
  signToken(claims: { subject: string; roles: Role[] }, expiresInSeconds?: number): Promise<string>;
  verifyToken: VerifyToken;
}

type KeyFile = { privateJwk: JWK; publicJwk: JWK };

async function newKeys(): Promise<KeyFile> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = crypto.randomUUID();
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
}

/** Keys kept under the data directory, so tokens handed out survive a restart. */
async function persistentKeys(dataDir: string): Promise<KeyFile> {
  const file = join(dataDir, 'issuer-key.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as KeyFile;
  } catch {
    const keys = await newKeys();
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(keys), { mode: 0o600 });
    return keys;
  }
}

/**
 * The laptop's stand-in for Cognito: signs access tokens with the same claims
 * (`token_use`, `client_id`, `cognito:groups`), checked by the very verifier the Lambda uses.
 * Only the local runtime mounts a route that hands these out.
 */
export async function createLocalIssuer(opts: { dataDir?: string } = {}): Promise<LocalIssuer> {
  const keys = opts.dataDir ? await persistentKeys(opts.dataDir) : await newKeys();
  const privateKey = await importJWK(keys.privateJwk, 'RS256');
  const jwks = createLocalJWKSet({ keys: [keys.publicJwk] });
  return {
    issuer: LOCAL_ISSUER,
    clientId: LOCAL_CLIENT_ID,
    signToken: ({ subject, roles }, expiresInSeconds = EIGHT_HOURS) =>
      new SignJWT({ token_use: 'access', client_id: LOCAL_CLIENT_ID, 'cognito:groups': roles, username: subject, scope: 'openid' })
        .setProtectedHeader({ alg: 'RS256', kid: keys.privateJwk.kid })
        .setIssuer(LOCAL_ISSUER)
        .setSubject(subject)
        .setIssuedAt()
        .setJti(crypto.randomUUID())
        .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
        .sign(privateKey),
    verifyToken: createJwtVerifier({ issuer: LOCAL_ISSUER, clientId: LOCAL_CLIENT_ID, jwks }),
  };
}
