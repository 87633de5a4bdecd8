import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { decodeJwt } from 'jose';
import { systemClock } from '#domain';
import { createCognitoVerifier } from '#api/auth/verifier';
import { createApp } from '#api/app';
import type { VerifyToken } from '#api/deps';
import { createDocumentClient } from '#store/client';
import { cognitoDirectory } from '#store/directory-cognito';
import { OPEN_DAY_CACHE_MS } from '#store/day-cache';
import { createDynamoStore } from '#store/dynamo-store';
import { originCheck } from './origin-check';

/**
 * Lambda entry for the HTTP API. Environment: TABLE_NAME, USER_POOL_ID, USER_POOL_CLIENT_IDS
 * (the dashboard's client, then the scripts client, comma-separated), ORIGIN_SECRET (what
 * CloudFront sends in x-origin-verify), AWS_REGION (set by Lambda). DYNAMODB_ENDPOINT is for
 * tests only: it points the client at dynalite; unset in AWS. Clients are built once here, at
 * module scope, so warm invocations reuse their connections and the key set cache.
 */
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

/**
 * Access tokens from either app client: the token's own client_id picks the verifier, which
 * then checks signature, issuer, expiry and that same client, so the unverified peek decides nothing.
 */
function cognitoTokens(userPoolId: string, region: string, clientIds: string[]): VerifyToken {
  const verifiers = new Map(clientIds.map((clientId) => [clientId, createCognitoVerifier({ userPoolId, region, clientId })]));
  const fallback = verifiers.get(clientIds[0]!)!;
  return async (token) => {
    const verify = verifiers.get(String(decodeJwt(token).client_id)) ?? fallback;
    return verify(token);
  };
}

const logger = new Logger({ serviceName: 'staffing-api' });
const endpoint = process.env.DYNAMODB_ENDPOINT || undefined;
const doc = createDocumentClient({ endpoint, region: process.env.AWS_REGION });
const app = createApp({
  store: createDynamoStore({ doc, tableName: env('TABLE_NAME'), openDayCacheMs: OPEN_DAY_CACHE_MS }),
  clock: systemClock,
  verifyToken: cognitoTokens(env('USER_POOL_ID'), env('AWS_REGION'), env('USER_POOL_CLIENT_IDS').split(',')),
  directory: cognitoDirectory({ userPoolId: env('USER_POOL_ID'), region: env('AWS_REGION') }),
  logger,
});
const serve = handle(app);
const refuseUnlessViaCloudFront = originCheck(env('ORIGIN_SECRET'));

/** What the HTTP API's routes send: payload format 2.0. */
type HttpApiEvent = Extract<LambdaEvent, { rawPath: string; version: string }>;

export async function handler(event: HttpApiEvent, context: Context) {
  // Every log line of this invocation carries cold_start and the Lambda request id.
  logger.addContext(context);
  const refused = refuseUnlessViaCloudFront(event);
  if (refused) {
    logger.warn('refused: not through CloudFront', { sourceIp: event.requestContext?.http?.sourceIp, path: event.rawPath });
    return refused;
  }
  return serve(event, context);
}
