import { ApiError } from '../../lib/api';

/** The message for one field from a refused save (problem+json `errors`), or undefined. */
export function fieldError(error: unknown, ...paths: string[]): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.errors.find((e) => paths.some((p) => e.path === p || e.path.startsWith(`${p}.`)))?.message;
}

/** A lower-case id from a name: "West Oxfordshire" → "west-oxfordshire". */
export const idFromName = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
