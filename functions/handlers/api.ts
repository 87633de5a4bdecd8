import { handle } from 'hono/aws-lambda';
import { systemClock } from '#domain';
import { createCognitoVerifier } from '#api/auth/verifier';
import { createApp } from '#api/app';
import { createDocumentClient } from '#store/client';
import { createDynamoStore } from '#store/dynamo-store';

/**
 * Lambda entry for the HTTP API. Environment: TABLE_NAME, USER_POOL_ID, USER_POOL_CLIENT_ID,
 * AWS_REGION (set by Lambda). DYNAMODB_ENDPOINT is for tests only: it points the client at
 * dynalite; unset in AWS. Clients are built once here, at module scope, so warm invocations
 * reuse their connections and the key set cache.
 */
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const endpoint = process.env.DYNAMODB_ENDPOINT || undefined;
const doc = createDocumentClient({ endpoint, region: process.env.AWS_REGION });
const app = createApp({
  store: createDynamoStore({ doc, tableName: env('TABLE_NAME') }),
  clock: systemClock,
  verifyToken: createCognitoVerifier({
    userPoolId: env('USER_POOL_ID'),
    region: env('AWS_REGION'),
    clientId: env('USER_POOL_CLIENT_ID'),
  }),
});

export const handler = handle(app);
