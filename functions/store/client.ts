import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface ClientOptions {
  /** Set for dynalite on a laptop or in tests; unset in AWS. */
  endpoint?: string;
  region?: string;
  /** A custom HTTP handler: tests wrap the real one to inject faults. */
  requestHandler?: unknown;
  /** Total attempts per request, the first included. */
  maxAttempts?: number;
}

/**
 * Bounded on purpose: a request-path Lambda has about 10 s in front of API Gateway's 30 s
 * limit, so an unreachable database must fail in seconds and become a 503, not hang.
 * 1 s to connect is generous inside a region (and on a laptop); 3 s covers any single-item
 * operation or a page of a Query. With 3 attempts and the SDK's backoff the worst case
 * stays under about 13 s.
 */
export const CONNECTION_TIMEOUT_MS = 1_000;
export const REQUEST_TIMEOUT_MS = 3_000;
export const DEFAULT_MAX_ATTEMPTS = 3;

/** Created once per process (module scope in a Lambda) so warm invocations reuse its connections. */
export function createDocumentClient(opts: ClientOptions = {}): DynamoDBDocumentClient {
  const local = opts.endpoint !== undefined;
  const client = new DynamoDBClient({
    endpoint: opts.endpoint,
    region: opts.region ?? (local ? 'local' : process.env.AWS_REGION),
    maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    requestHandler: (opts.requestHandler as NodeHttpHandler | undefined) ?? defaultRequestHandler(),
    // dynalite checks that a request is signed, not by whom; in AWS the default chain applies.
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** The HTTP handler createDocumentClient uses by default, for tests that wrap it. */
export function defaultRequestHandler(): NodeHttpHandler {
  return new NodeHttpHandler({
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Without this a breached requestTimeout is only logged, and the request waits on.
    throwOnRequestTimeout: true,
  });
}
