import type { z } from 'zod';
import type { Issue } from '#domain';

/**
 * Any error a route answers with. The app's onError turns it into
 * application/problem+json (RFC 9457); nothing else ever reaches a client.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors: Issue[] = [],
    /** Extra members of the problem document (e.g. `current` on a 412). */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }
}

/** zod issues as `{ path: "staffing.0.inPostWte", message }`. */
export const issuesOf = (error: z.ZodError, prefix: (string | number)[] = []): Issue[] =>
  error.issues.map((i) => ({
    path: [...prefix, ...i.path].map(String).join('.') || '(body)',
    message: i.code === 'unrecognized_keys' ? `unknown field${i.keys.length > 1 ? 's' : ''}: ${i.keys.join(', ')}` : i.message,
  }));

/** A 400 naming the query parameter at fault. */
export const invalid = (path: string, message: string) =>
  new ProblemError(400, 'Invalid query parameters', 'Some query parameters are not valid.', [{ path, message }]);
