import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { createJwtVerifier } from '#api/auth/verifier';
import type { VerifyToken } from '#api/deps';
import { createLocalIssuer } from '#local/issuer';

const ISSUER = 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Test';
let sign: (claims: JWTPayload, opts?: { issuer?: string; expires?: string | number }) => Promise<string>;
let verify: VerifyToken;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
  verify = createJwtVerifier({ issuer: ISSUER, clientId: 'dashboard', jwks: createLocalJWKSet({ keys: [jwk] }) });
  sign = (claims, opts = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(opts.issuer ?? ISSUER)
      .setSubject('user-1')
      .setExpirationTime(opts.expires ?? '1h')
      .sign(privateKey);
});

const access = { token_use: 'access', client_id: 'dashboard' };

describe('the JWT verifier', () => {
  test('reads the subject and the roles named exactly by cognito:groups', async () => {
    const token = await sign({ ...access, 'cognito:groups': ['leader', 'Admin', 'admins', 'provider', 'leader'] });
    expect(await verify(token)).toEqual({ subject: 'user-1', roles: ['leader', 'provider'] });
  });

  test('a token without groups has no roles', async () => {
    expect((await verify(await sign(access))).roles).toEqual([]);
  });

  test.each([
    ['an id token', { token_use: 'id', client_id: 'dashboard' }, {}],
    ['a token for another app client', { token_use: 'access', client_id: 'other' }, {}],
    ['a token from another issuer', access, { issuer: 'https://evil.example' }],
    ['an expired token', access, { expires: Math.floor(Date.now() / 1000) - 60 }],
  ])('refuses %s', async (_, claims, opts) => {
    await expect(verify(await sign(claims, opts))).rejects.toThrow();
  });

  test('refuses an unsigned token and one signed with another algorithm', async () => {
    const header = (h: object) => Buffer.from(JSON.stringify(h)).toString('base64url');
    const payload = header({ ...access, iss: ISSUER, sub: 'x', exp: Math.floor(Date.now() / 1000) + 60, 'cognito:groups': ['admin'] });
    await expect(verify(`${header({ alg: 'none' })}.${payload}.`)).rejects.toThrow();
    const hs = await new SignJWT({ ...access, 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-shared-secret-of-32-characters!'));
    await expect(verify(hs)).rejects.toThrow();
  });
});

describe('the local issuer', () => {
  test('signs Cognito-shaped access tokens that its verifier accepts', async () => {
    const issuer = await createLocalIssuer();
    const token = await issuer.signToken({ subject: 'demo-admin', roles: ['admin'] });
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ token_use: 'access', client_id: 'local-dashboard', 'cognito:groups': ['admin'], iss: 'http://localhost/local-issuer' });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(8 * 60 * 60);
    expect(await issuer.verifyToken(token)).toEqual({ subject: 'demo-admin', roles: ['admin'] });
  });

  test('keeps its key under the data directory, so tokens survive a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'issuer-'));
    try {
      const first = await createLocalIssuer({ dataDir });
      const token = await first.signToken({ subject: 'u', roles: ['leader'] });
      const restarted = await createLocalIssuer({ dataDir });
      expect(await restarted.verifyToken(token)).toEqual({ subject: 'u', roles: ['leader'] });
      const elsewhere = await createLocalIssuer();
      await expect(elsewhere.verifyToken(token)).rejects.toThrow();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
