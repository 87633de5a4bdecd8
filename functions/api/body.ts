import type { Context } from 'hono';
import type { z } from 'zod';
import type { Issue } from '#domain';
import { ProblemError } from './problem';
import { duplicateKeyPath } from './json-duplicates';

/** Fields the server sets itself: a client sending one is told so, not silently ignored. */
const SERVER_OWNED = new Set(['providerId', 'date', 'version', 'submittedAt', 'submittedBy', 'firstSubmittedAt', 'warnings', 'measures']);

const joinPath = (path: PropertyKey[]) => path.map(String).join('.');

/** Requires the request's media type to be `type` (parameters such as charset allowed); 415 otherwise. */
export function requireMediaType(c: Context, type: 'application/json' | 'text/csv'): void {
  const given = (c.req.header('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  if (given !== type)
    throw new ProblemError(415, 'Unsupported media type', `The body must be sent as ${type}.`, [
      { path: 'Content-Type', message: given ? `${given} is not accepted; send ${type}` : `missing; send ${type}` },
    ]);
}

/**
 * Reads a JSON body strictly: 415 unless application/json; 400 for malformed JSON, a key
 * given twice, or a field the schema does not know (including `__proto__` and fields the
 * server owns); 422 listing every other broken field.
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  requireMediaType(c, 'application/json');
  const text = await c.req.text();
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
  const result = schema.safeParse(value);
  if (result.success) return result.data;

  const unknown: Issue[] = result.error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({
          path: joinPath([...i.path, key]),
          message: i.path.length === 0 && SERVER_OWNED.has(key) ? 'is set by the server and must not be sent' : 'is not a known field',
        }))
      : [],
  );
  if (unknown.length > 0) throw new ProblemError(400, 'Unknown fields', 'The body has fields that are not part of it.', unknown);
  throw new ProblemError(
    422,
    'Invalid fields',
    'Some fields are not valid.',
    result.error.issues.map((i) => ({ path: joinPath(i.path) || '(body)', message: i.message })),
  );
}
