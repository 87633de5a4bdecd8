import { z } from 'zod';
import { ACCESS } from './access';
import type { RouteDoc } from './route-doc';
import { problemSchema } from './schemas';

const jsonSchemaOf = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  return rest;
};

/** `/api/providers/{providerId}` as the ACCESS key `GET /api/providers/:providerId`. */
export const accessKeyOf = (doc: Pick<RouteDoc, 'method' | 'path'>) =>
  `${doc.method.toUpperCase()} ${doc.path.replace(/\{(\w+)\}/g, ':$1')}`;

function parametersOf(doc: RouteDoc) {
  const inPath = [...doc.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string', ...(name === 'date' ? { format: 'date' } : {}) },
  }));
  const query = doc.query ? jsonSchemaOf(doc.query, 'input') : undefined;
  const props = (query?.properties ?? {}) as Record<string, object>;
  const required = new Set((query?.required as string[] | undefined) ?? []);
  const inQuery = Object.entries(props).map(([name, schema]) => ({ name, in: 'query', required: required.has(name), schema }));
  return [...inPath, ...inQuery];
}

function operationOf(doc: RouteDoc) {
  const rule = ACCESS[accessKeyOf(doc)];
  const isPublic = rule !== undefined && 'public' in rule;
  return {
    summary: doc.summary,
    tags: doc.tags,
    ...(isPublic ? { security: [] } : { 'x-roles': rule && 'roles' in rule ? rule.roles : [] }),
    parameters: parametersOf(doc),
    ...(doc.body || doc.bodyType
      ? {
          requestBody: {
            required: true,
            content: doc.bodyType
              ? { [doc.bodyType]: { schema: { type: 'string' } } }
              : { 'application/json': { schema: jsonSchemaOf(doc.body!, 'input') } },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(doc.responses).map(([status, r]) => {
        const media = Number(status) >= 400 ? 'application/problem+json' : 'application/json';
        const content = {
          ...(r.schema ? { [media]: { schema: Number(status) >= 400 ? { $ref: '#/components/schemas/Problem' } : jsonSchemaOf(r.schema, 'output') } } : {}),
          ...(r.csv ? { 'text/csv': { schema: { type: 'string' } } } : {}),
        };
        return [status, { description: r.description, ...(Object.keys(content).length > 0 ? { content } : {}) }];
      }),
    ),
  };
}

export const openApiDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document (OpenAPI 3.1)',
    tags: ['operations'],
    responses: { 200: { description: 'the OpenAPI document' } },
  },
];

/** The OpenAPI 3.1 document, generated from the schemas that validate the requests. */
export function openApiDocument(docs: RouteDoc[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of docs) (paths[doc.path] ??= {})[doc.method] = operationOf(doc);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Staffing dashboard API',
      version: '1.0.0',
      description: 'Daily staffing returns from every provider in a health-and-care system, and the system views built from them.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: jsonSchemaOf(problemSchema, 'output') },
    },
  };
}
