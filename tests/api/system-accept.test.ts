import { describe, expect, it } from 'vitest';
import type { Context } from 'hono';
import { prefersCsv as prefersCsvOf } from '#api/csv-answer';

/** The negotiation reads only the request's Accept header. */
const prefersCsv = (accept: string | undefined) => prefersCsvOf({ req: { header: () => accept } } as unknown as Context);

describe('CSV or JSON by the Accept header', () => {
  it('answers CSV only when the client prefers it', () => {
    expect(prefersCsv('text/csv')).toBe(true);
    expect(prefersCsv('text/csv, application/json;q=0.9')).toBe(true);
    expect(prefersCsv('application/json, text/csv;q=0.5')).toBe(false);
    expect(prefersCsv('text/csv;q=0.8, */*;q=0.8')).toBe(true);
    expect(prefersCsv('text/*')).toBe(true);
  });
  it('answers JSON without a header, for anything, or when CSV is refused', () => {
    expect(prefersCsv(undefined)).toBe(false);
    expect(prefersCsv('*/*')).toBe(false);
    expect(prefersCsv('application/json')).toBe(false);
    expect(prefersCsv('text/csv;q=0')).toBe(false);
    expect(prefersCsv('text/html')).toBe(false);
  });
});
