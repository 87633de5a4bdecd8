import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ProblemError } from './problem';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export const titleOf = (status: number): string => TITLES[status] ?? 'Error';

/** The one place a problem becomes a response: application/problem+json (RFC 9457). */
export function problemResponse(c: Context, problem: ProblemError): Response {
  const body = {
    type: 'about:blank',
    title: problem.title,
    status: problem.status,
    detail: problem.detail ?? problem.title,
    errors: problem.errors,
    ...problem.extra,
  };
  const res = c.json(body, problem.status as ContentfulStatusCode, problem.headers);
  res.headers.set('Content-Type', 'application/problem+json');
  return res;
}
