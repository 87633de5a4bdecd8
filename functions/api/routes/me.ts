import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { isoDate, providerBodySchema, ROLES, today, type Provider } from '#domain';
import { clockText, DEFAULT_DEADLINE_MINUTES } from '#domain/views/coverage';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { defineRoute } from '../route';
import { json, problems } from '../schemas';

const meUnitSchema = z.object({ providerId: z.string(), ...providerBodySchema.shape, locality: z.string().describe('the locality by name') });

const meSchema = z
  .object({
    subject: z.string(),
    name: z.string().nullable().describe('as the directory names the person; null for someone not in it'),
    email: z.string().nullable(),
    roles: z.array(z.enum(ROLES)),
    units: z.array(meUnitSchema).describe("a provider user's units, by name; empty for leaders and admins, who see every unit"),
    today: isoDate.describe("today's service date in the system's time zone"),
    now: z.string().describe("the server's clock (ISO 8601): whether today's return is late is judged by it, not by the device's"),
    deadline: z.string().regex(/^\d{2}:\d{2}$/).describe('UK time by which a return is on time, e.g. 11:00'),
  })
  .meta({ id: 'Me' });

export const getMe = defineRoute({
  method: 'get',
  path: '/api/me',
  operationId: 'getMe',
  summary: 'Who is signed in: their name, role and units, with the service date and deadline',
  tags: ['people'],
  access: { roles: ['admin', 'leader', 'provider'] },
  responses: { 200: json('the signed-in person', meSchema), ...problems(401, 403, 503) },
});


/** GET /api/me: what the header and a provider's home page need, in one call. */
export function meRoutes(deps: AppDeps) {
  return new OpenAPIHono<AppEnv>().openapi(getMe, async (c) => {
    const { subject, roles, providerIds, person } = c.get('identity');
    const [found, localities] = await Promise.all([
      Promise.all(providerIds.map((id) => deps.store.getProvider(id))),
      providerIds.length > 0 ? deps.store.listLocalities() : Promise.resolve([]),
    ]);
    const localityName = new Map(localities.map((l) => [l.localityId, l.name]));
    const units = found
      .filter((p): p is Provider => p !== null)
      .map((p) => ({ ...p, locality: localityName.get(p.localityId) ?? p.localityId }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return c.json(
      {
        subject,
        name: person?.name ?? null,
        email: person?.email ?? null,
        roles,
        units,
        today: today(deps.clock),
        now: deps.clock.now().toISOString(),
        deadline: clockText(deps.deadlineMinutes ?? DEFAULT_DEADLINE_MINUTES),
      },
      200,
    );
  });
}
