import type { Hook } from '@hono/zod-openapi';
import type { z } from 'zod';
import type { Issue } from '#domain';
import type { AppEnv } from './env';
import { ProblemError, issuesOf } from './problem';

/** Fields the server sets itself: a client sending one is told so, not silently ignored. */
const SERVER_OWNED = new Set(['providerId', 'date', 'version', 'submittedAt', 'submittedBy', 'firstSubmittedAt', 'warnings', 'measures']);

/** Titles for a path parameter that is not valid, by name. */
const PARAM_TITLES: Record<string, string> = { date: 'Invalid date', providerId: 'Invalid unit id' };

const joinPath = (path: PropertyKey[]) => path.map(String).join('.');

function bodyProblem(error: z.ZodError): ProblemError {
  const unknown: Issue[] = error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({
          path: joinPath([...i.path, key]),
          message: i.path.length === 0 && SERVER_OWNED.has(key) ? 'is set by the server and must not be sent' : 'is not a known field',
        }))
      : [],
  );
  if (unknown.length > 0) return new ProblemError(400, 'Unknown fields', 'The body has fields that are not part of it.', unknown);
  return new ProblemError(422, 'Invalid fields', 'Some fields are not valid.', issuesOf(error));
}

function queryProblem(error: z.ZodError, given: Record<string, unknown>): ProblemError {
  // The router hands a repeated parameter over as a list: say so, rather than "expected string".
  const repeated = Object.entries(given).filter(([, v]) => Array.isArray(v));
  const errors =
    repeated.length > 0
      ? repeated.map(([name]) => ({ path: `query.${name}`, message: 'is given more than once; give it once' }))
      : issuesOf(error, ['query']);
  return new ProblemError(400, 'Invalid query parameters', 'Some query parameters are not valid.', errors);
}

function paramProblem(error: z.ZodError): ProblemError {
  const errors = issuesOf(error);
  const names = [...new Set(errors.map((e) => e.path))];
  const title = names.length === 1 ? (PARAM_TITLES[names[0]] ?? 'Invalid path') : 'Invalid path';
  return new ProblemError(400, title, 'The address names something that cannot exist.', errors);
}

/**
 * The app's answer to a request that its route's schemas refuse, in place of the library's
 * default: problem+json with every field at fault. Params and query: 400 naming them
 * (`date`, `query.measure`); body: 400 for unknown fields, 422 for any other broken field.
 */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  const { target, error } = result;
  if (target === 'json') throw bodyProblem(error);
  // zod-validator hands the hook the value it validated as `data`, beside the error.
  if (target === 'query') throw queryProblem(error, (result as unknown as { data?: Record<string, unknown> }).data ?? {});
  if (target === 'param') throw paramProblem(error);
  throw new ProblemError(400, 'Bad request', 'The request is not valid.', issuesOf(error, [target]));
};
