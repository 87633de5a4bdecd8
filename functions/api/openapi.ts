import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from './env';
import { accessOf, defineRoute } from './route';
import { json, problems } from './schemas';

const documentSchema = z.looseObject({ openapi: z.string() });

export const getOpenApi = defineRoute({
  method: 'get',
  path: '/api/openapi.json',
  operationId: 'getOpenApiDocument',
  summary: 'This document (OpenAPI 3.1)',
  tags: ['operations'],
  access: { public: true },
  responses: { 200: json('the OpenAPI document', documentSchema), ...problems(429) },
});

const TAGS = [
  { name: 'operations', description: 'Health and this document.' },
  { name: 'people', description: 'Who is signed in: name, role and units.' },
  { name: 'register', description: 'Localities, staff groups, sectors and the reporting units.' },
  { name: 'returns', description: 'Daily staffing returns: submit, amend, read, import.' },
  { name: 'system views', description: 'What leaders see: summary, heatmaps, trends, discharge, completeness and the returns behind a cell.' },
  { name: 'settings', description: 'Red/amber/green thresholds per measure.' },
  { name: 'administration', description: 'Admins: the register from CSV, users and their units, the audit trail of every change.' },
];

/** The OpenAPI 3.1 document of every declared route, generated from the schemas that validate the requests. */
export function openApiDocument(app: OpenAPIHono<AppEnv>): z.infer<typeof documentSchema> {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const document = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Staffing dashboard API',
      version: '1.0.0',
      description:
        'Daily staffing returns from every provider in a health-and-care system, and the system views built from them. Every error is application/problem+json (RFC 9457). Each operation names who may call it in `x-access`.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: TAGS,
  });
  // Plain JSON, as served: the generator's type has optional members JSON cannot hold.
  return JSON.parse(JSON.stringify(document)) as z.infer<typeof documentSchema>;
}

/** `METHOD /api/path/:param` of every route declared with an access rule: what the app may answer. */
export function declaredRoutes(app: OpenAPIHono<AppEnv>): Set<string> {
  return new Set(
    app.openAPIRegistry.definitions.flatMap((d) =>
      d.type === 'route' && accessOf(d.route) ? [`${d.route.method.toUpperCase()} ${d.route.path.replace(/\{(\w+)\}/g, ':$1')}`] : [],
    ),
  );
}
