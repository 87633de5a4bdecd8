import type { Context, MiddlewareHandler } from 'hono';
import { ProblemError } from './problem';
import { duplicateKeyPath } from './json-duplicates';

/** Requires the request's media type to be `type` (parameters such as charset allowed); 415 otherwise. */
export function requireMediaType(c: Context, type: 'application/json' | 'text/csv'): void {
  const given = (c.req.header('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  if (given !== type)
    throw new ProblemError(415, 'Unsupported media type', `The body must be sent as ${type}.`, [
      { path: 'Content-Type', message: given ? `${given} is not accepted; send ${type}` : `missing; send ${type}` },
    ]);
}

/** Parses JSON text strictly: 400 for malformed JSON or a key given twice. */
export function parseJsonStrict(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ProblemError(400, 'Malformed JSON', 'The body is not valid JSON.', [{ path: '(body)', message: (e as Error).message }]);
  }
  const duplicate = duplicateKeyPath(text);
  if (duplicate !== null)
    throw new ProblemError(400, 'Duplicate key', `The key ${duplicate} is given more than once.`, [
      { path: duplicate, message: 'is given more than once' },
    ]);
  return value;
}

/** A CSV body (imports): 415 unless text/csv. The route reads and checks the rows itself. */
export const requireCsv: MiddlewareHandler = async (c, next) => {
  requireMediaType(c, 'text/csv');
  return next();
};

/**
 * Reads a JSON body strictly before the route's schema sees it: 415 unless application/json;
 * 400 for malformed JSON or a key given twice. The schema's own failures (a field the body
 * does not know: 400; any other broken field: 422) are answered by the validation hook.
 */
export const requireJson: MiddlewareHandler = async (c, next) => {
  requireMediaType(c, 'application/json');
  parseJsonStrict(await c.req.text());
  return next();
};
