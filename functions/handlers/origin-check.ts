import { createHash, timingSafeEqual } from 'node:crypto';
import { titleOf } from '#api/problem-response';

/** The header CloudFront adds to every request it forwards to the API (infra/constructs/web-distribution.ts). */
export const ORIGIN_HEADER = 'x-origin-verify';

/** An API Gateway (payload 2.0) answer. */
export interface Refusal {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

// Hashing first makes the comparison constant-time whatever length the caller sent.
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The API answers only through CloudFront, where the WAF, geo restriction and security headers
 * apply: a request sent straight to the execute-api address lacks the secret CloudFront adds
 * and is refused with a 403 before the app runs. Used only by the Lambda entry: a laptop never
 * has CloudFront in front, and never runs this. API Gateway lower-cases header names.
 */
export function originCheck(secret: string): (event: { headers?: Record<string, string | undefined> }) => Refusal | null {
  if (!secret) throw new Error('the origin secret is empty');
  const expected = digest(secret);
  return (event) => {
    const sent = event.headers?.[ORIGIN_HEADER];
    if (sent !== undefined && timingSafeEqual(digest(sent), expected)) return null;
    return {
      statusCode: 403,
      headers: { 'content-type': 'application/problem+json' },
      body: JSON.stringify({
        type: 'about:blank',
        title: titleOf(403),
        status: 403,
        detail: "This API answers only at the dashboard's own address (https://<dashboard>/api/…), not at its API Gateway address.",
        errors: [{ path: '(url)', message: 'not the dashboard address' }],
      }),
    };
  };
}
