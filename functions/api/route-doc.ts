import type { z } from 'zod';

/**
 * How a route describes itself for the OpenAPI document. Each route module exports its
 * docs beside its routes, built from the very schemas that validate the request; a test
 * fails when the app serves a route that has no doc (or no ACCESS rule).
 */
export interface RouteDoc {
  method: 'get' | 'put' | 'post';
  /** OpenAPI style: /api/providers/{providerId} */
  path: string;
  summary: string;
  tags?: string[];
  query?: z.ZodType;
  body?: z.ZodType;
  /** Request body media type when not application/json. */
  bodyType?: 'text/csv';
  responses: Record<number, { description: string; schema?: z.ZodType; csv?: boolean }>;
}
