import { createHmac } from 'node:crypto';
import { createLocalJWKSet, exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { createJwtVerifier } from '#api/auth/verifier';
import type { VerifyToken } from '#api/deps';

/**
 * A token issuer whose keys the test holds, checked by the very verifier the Lambda uses
 * (createJwtVerifier), so each forged or broken token below meets the real checks.
 */
export const ISSUER = 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_test';
export const CLIENT_ID = 'dashboard-client';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

export interface TestIssuer {
  verifyToken: VerifyToken;
  /** A Cognito-shaped access token; `claims` and `header` override or add. */
  sign(subject: string, groups: unknown, opts?: { claims?: JWTPayload; expiresIn?: number; notBefore?: number; kid?: string }): Promise<string>;
  /** The same claims signed with the public key as an HS256 secret (the classic key-confusion attack). */
  signHs256WithPublicKey(subject: string, groups: unknown): Promise<string>;
  /** The same claims with `alg: none` and no signature. */
  unsigned(subject: string, groups: unknown): string;
  /** A valid token whose payload is rewritten after signing. */
  tampered(token: string, change: (payload: Record<string, unknown>) => void): string;
  /** A token signed by another key that the verifier does not know. */
  foreign(subject: string, groups: unknown): Promise<string>;
}

export async function createTestIssuer(): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'test-key-1';
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] });
  const other = await generateKeyPair('RS256');
  const now = () => Math.floor(Date.now() / 1000);
  const claimsOf = (subject: string, groups: unknown) => ({ token_use: 'access', client_id: CLIENT_ID, 'cognito:groups': groups, sub: subject, iss: ISSUER, iat: now(), exp: now() + 3600 });

  const sign: TestIssuer['sign'] = (subject, groups, opts = {}) => {
    const jwt = new SignJWT({ ...claimsOf(subject, groups), ...(opts.expiresIn !== undefined ? { exp: now() + opts.expiresIn } : {}), ...opts.claims })
      .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? kid });
    if (opts.notBefore !== undefined) jwt.setNotBefore(now() + opts.notBefore);
    return jwt.sign(privateKey);
  };
  return {
    verifyToken: createJwtVerifier({ issuer: ISSUER, clientId: CLIENT_ID, jwks }),
    sign,
    async signHs256WithPublicKey(subject, groups) {
      const input = `${b64({ alg: 'HS256', typ: 'JWT', kid })}.${b64(claimsOf(subject, groups))}`;
      const secret = await exportSPKI(publicKey);
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    },
    unsigned: (subject, groups) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claimsOf(subject, groups))}.`,
    tampered(token, change) {
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      change(claims);
      return `${header}.${b64(claims)}.${signature}`;
    },
    foreign: (subject, groups) =>
      new SignJWT(claimsOf(subject, groups)).setProtectedHeader({ alg: 'RS256', kid: 'someone-elses-key' }).sign(other.privateKey),
  };
}
