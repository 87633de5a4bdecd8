import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import type { VerifyToken } from '../deps';
import { ProblemError } from '../problem';
import { titleOf } from '../problem-response';

export interface RateLimit {
  /** Requests one caller may make in a window. */
  limit: number;
  windowMs: number;
}

/**
 * 1,200 requests a minute for each person: twenty times what a provider's busiest visit or a
 * leader opening every view needs, so only a runaway script or a hammering client meets it.
 */
export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 1_200, windowMs: 60_000 };

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i;

/**
 * One caller hammering the API is answered 429 with Retry-After, while everyone else goes on
 * as before: hono-rate-limiter's fixed window, counted per person. The person is the verified
 * subject of the bearer token (so new tokens do not reset the count, and a forged token cannot
 * spend someone else's); a request without a valid token counts against its client address.
 * Counts live in this process's memory: right for the laptop server, which is one process.
 * In AWS the stage's throttling protects the whole API (infra/), see docs/reliability.md.
 */
export function perUserRateLimit(opts: RateLimit & { verifyToken: VerifyToken; clientAddress: (c: Context) => string }): MiddlewareHandler {
  return rateLimiter({
    windowMs: opts.windowMs,
    limit: opts.limit,
    standardHeaders: 'draft-6',
    keyGenerator: async (c) => {
      const token = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
      if (token) {
        try {
          return `user:${(await opts.verifyToken(token)).subject}`;
        } catch {
          // Not a valid token: counted by address; the API itself answers it 401.
        }
      }
      return `address:${opts.clientAddress(c)}`;
    },
    handler: (c) => {
      const info = c.get('rateLimit' as never) as { resetTime?: Date } | undefined;
      const seconds = Math.max(1, Math.ceil(((info?.resetTime?.getTime() ?? Date.now() + opts.windowMs) - Date.now()) / 1000));
      throw new ProblemError(
        429,
        titleOf(429),
        `Too many requests from you in a short time; try again in ${seconds} seconds.`,
        [{ path: '(request)', message: `more than ${opts.limit} requests in ${opts.windowMs / 1000} seconds` }],
        {},
        { 'Retry-After': String(seconds) },
      );
    },
  });
}
