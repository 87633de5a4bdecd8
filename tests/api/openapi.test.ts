import { afterAll, beforeAll, expect, test } from 'vitest';
import { createApp } from '#api/app';
import { declaredRoutes } from '#api/openapi';
import { systemClock } from '#domain';
import { startApi, type Api } from './harness';

type Operation = {
  security?: unknown[];
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> } };

let api: Api;
let doc: Doc;
beforeAll(async () => {
  api = await startApi();
  const res = await api.request('/api/openapi.json');
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
});
afterAll(() => api.stop());

const operation = (method: string, path: string) => doc.paths[path]?.[method];
/** A schema, or the component it refers to. */
const resolve = (schema: Record<string, unknown>) =>
  typeof schema.$ref === 'string' ? (doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] as Record<string, unknown>) : schema;

test('the document is OpenAPI 3.1 and describes every declared route', () => {
  expect(doc.openapi).toMatch(/^3\.1\./);
  const described = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
  const app = createApp({ store: api.store, clock: systemClock, verifyToken: async () => ({ subject: 'x', roles: [] }) });
  expect(described.sort()).toEqual([...declaredRoutes(app)].sort());
});

test('the return body schema is the one that validates requests: strict, with every field', () => {
  const put = operation('put', '/api/providers/{providerId}/returns/{date}');
  const body = put.requestBody!.content['application/json'].schema as {
    properties: Record<string, { items?: { properties: Record<string, unknown>; additionalProperties: boolean } }>;
    additionalProperties: boolean;
    required: string[];
  };
  expect(body.additionalProperties).toBe(false);
  expect(body.required).toEqual(expect.arrayContaining(['staffing', 'pressure']));
  expect(Object.keys(body.properties.staffing.items!.properties)).toEqual(
    expect.arrayContaining(['staffGroup', 'establishmentWte', 'inPostWte', 'vacancyWte', 'absentWte', 'plannedHours', 'filledHours']),
  );
  expect(body.properties.staffing.items!.additionalProperties).toBe(false);
  expect(put.parameters.map((p) => [p.name, p.in])).toEqual([
    ['providerId', 'path'],
    ['date', 'path'],
    ['If-Match', 'header'],
  ]);
  const created = resolve(put.responses['201'].content!['application/json'].schema) as { properties: Record<string, unknown> };
  expect(Object.keys(created.properties)).toEqual(expect.arrayContaining(['version', 'measures', 'warnings', 'submittedBy']));
  expect(put.responses['412'].content!['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
});

test('query parameters, CSV bodies, the problem schema and security are described', () => {
  const heatmap = operation('get', '/api/system/heatmap');
  expect(heatmap.parameters.some((p) => p.in === 'query')).toBe(true);
  const range = operation('get', '/api/providers/{providerId}/returns');
  expect(range.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.required])).toEqual([
    ['from', true],
    ['to', true],
  ]);
  expect(Object.keys(operation('post', '/api/imports').requestBody!.content)).toEqual(['text/csv']);
  expect(doc.components.schemas.Problem).toMatchObject({ properties: { errors: { type: 'array' } } });
  expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  expect(operation('get', '/api/health').security).toEqual([]);
  expect(operation('get', '/api/localities').security).toBeUndefined();
});
