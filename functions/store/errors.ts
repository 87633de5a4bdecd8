import { StoreUnavailableError } from './types';

/** Throttling is reported as the client's fault by the service model, but waiting is the cure. */
const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);
/** Socket-level failures: the request never got an answer. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const TIMEOUTS = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

interface SdkLikeError {
  name?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  errors?: unknown[];
}

/** Is this failure DynamoDB's (or the network's), not a fault in what we asked? */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof StoreUnavailableError) return true;
  if (!err || typeof err !== 'object') return false;
  const e = err as SdkLikeError;
  if (e.$fault === 'server') return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (e.name && (THROTTLING.has(e.name) || TIMEOUTS.has(e.name))) return true;
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  // Node reports a refused connection to a host with several addresses as an AggregateError.
  if (Array.isArray(e.errors)) return e.errors.some(isUnavailable);
  return false;
}

export function toStoreError(err: unknown): unknown {
  return isUnavailable(err) && !(err instanceof StoreUnavailableError) ? new StoreUnavailableError(err) : err;
}

/** Wrap every method so that callers see StoreUnavailableError, and only it, for outages. */
export function guarded<T extends object>(target: T): T {
  const out = {} as Record<string, unknown>;
  for (const [name, fn] of Object.entries(target)) {
    out[name] =
      typeof fn === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await fn(...args);
            } catch (err) {
              throw toStoreError(err);
            }
          }
        : fn;
  }
  return out as T;
}

export const isConditionFailed = (err: unknown): boolean =>
  !!err && typeof err === 'object' && (err as { name?: string }).name === 'ConditionalCheckFailedException';
