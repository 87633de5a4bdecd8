import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ROLES, type Role, type VerifyToken } from '../deps';

const isRole = (g: unknown): g is Role => typeof g === 'string' && (ROLES as readonly string[]).includes(g);

/**
 * Verifies access tokens shaped like Cognito's: RS256, issuer and expiry checked, an access
 * token (not an id token) issued to our app client. Roles are the `cognito:groups` that
 * exactly name a role; any other group is ignored (no roles is a 403 later, not a 401).
 */
export function createJwtVerifier(opts: { issuer: string; clientId: string; jwks: JWTVerifyGetKey }): VerifyToken {
  return async (token) => {
    const { payload } = await jwtVerify(token, opts.jwks, {
      issuer: opts.issuer,
      algorithms: ['RS256'],
      requiredClaims: ['exp', 'sub'],
    });
    if (payload.token_use !== 'access') throw new Error('not an access token');
    if (payload.client_id !== opts.clientId) throw new Error('token issued to another client');
    const groups = payload['cognito:groups'];
    const roles = Array.isArray(groups) ? [...new Set(groups.filter(isRole))] : [];
    return { subject: payload.sub!, roles };
  };
}

/** The verifier for a Cognito user pool; jose caches the pool's key set between requests. */
export function createCognitoVerifier(opts: { userPoolId: string; region: string; clientId: string }): VerifyToken {
  const issuer = `https://cognito-idp.${opts.region}.amazonaws.com/${opts.userPoolId}`;
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  return createJwtVerifier({ issuer, clientId: opts.clientId, jwks });
}
