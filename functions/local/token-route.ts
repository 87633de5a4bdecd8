import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { ROLES } from '#api/deps';
import { emailSchema, slug } from '#domain';
import { parseJsonStrict, requireMediaType } from '#api/body';
import { bodyLimit } from 'hono/body-limit';
import { issuesOf, ProblemError } from '#api/problem';
import type { Store } from '#store/types';
import type { LocalIssuer } from './issuer';

/** Local tokens last a working day. */
export const LOCAL_TOKEN_SECONDS = 8 * 60 * 60;
export const MAX_TOKEN_REQUEST_BYTES = 16 * 1024;

const tokenRequestSchema = z
  .strictObject({
    role: z.enum(ROLES),
    providerIds: z.array(slug).max(300).optional(),
  })
  .superRefine((r, ctx) => {
    const ids = r.providerIds ?? [];
    if (r.role === 'provider' && ids.length === 0)
      ctx.addIssue({ code: 'custom', path: ['providerIds'], message: 'a provider user must belong to at least one unit' });
    if (r.role !== 'provider' && ids.length > 0)
      ctx.addIssue({ code: 'custom', path: ['providerIds'], message: `only a provider user belongs to units; a ${r.role} sees them all` });
  });

/** A person in the local directory, by e-mail address: their role and units come from the directory. */
const personTokenSchema = z.strictObject({ email: emailSchema });

const bad = (detail: string, errors: { path: string; message: string }[]) => new ProblemError(400, 'Bad request', detail, errors);

/**
 * /auth/local: the laptop's sign-in. POST /token hands out a token for a person in the local
 * directory (`{ email }`), or for a made-up user of any role (`{ role, providerIds }`), recording
 * which units a provider user belongs to, server-side, as an admin would. GET /people lists the
 * directory for the demo sign-in page.
 * Mounted only by the local runtime; the Lambda has no such route.
 */
export function localAuthRoutes(deps: { store: Store; issuer: LocalIssuer }): Hono {
  const app = new Hono();
  // A token request is a role and a few unit ids: nothing near this size.
  app.use(
    bodyLimit({
      maxSize: MAX_TOKEN_REQUEST_BYTES,
      onError: () => {
        throw new ProblemError(413, 'Request body too large', `A token request may be at most ${MAX_TOKEN_REQUEST_BYTES / 1024} KiB.`, [
          { path: '(body)', message: `over ${MAX_TOKEN_REQUEST_BYTES / 1024} KiB` },
        ]);
      },
    }),
  );
  app.post('/token', async (c) => {
    requireMediaType(c, 'application/json');
    const value = parseJsonStrict(await c.req.text());
    if (value && typeof value === 'object' && 'email' in value) {
      const asked = personTokenSchema.safeParse(value);
      if (!asked.success) throw bad('The token request is not valid.', issuesOf(asked.error));
      const person = await deps.store.personByEmail(asked.data.email);
      if (!person) throw bad('Nobody in the local directory has that e-mail address.', [{ path: 'email', message: 'no one has this address' }]);
      if (person.disabled)
        throw new ProblemError(403, 'Account disabled', 'An administrator has disabled this account.', [{ path: 'email', message: 'this account is disabled' }]);
      const access_token = await deps.issuer.signToken({ subject: person.subject, roles: [person.role] }, LOCAL_TOKEN_SECONDS);
      return c.json({ access_token, token_type: 'Bearer', expires_in: LOCAL_TOKEN_SECONDS });
    }
    const parsed = tokenRequestSchema.safeParse(value);
    if (!parsed.success) throw bad('The token request is not valid.', issuesOf(parsed.error));
    const { role } = parsed.data;
    const providerIds = [...new Set(parsed.data.providerIds ?? [])].sort();

    const found = await Promise.all(providerIds.map((id) => deps.store.getProvider(id)));
    const unknown = providerIds.flatMap((id, i) => (found[i] ? [] : [{ path: `providerIds.${i}`, message: `there is no unit ${id}` }]));
    if (unknown.length > 0) throw bad('Some units do not exist.', unknown);

    const subject = role === 'provider' ? `local-provider-${createHash('sha256').update(providerIds.join(',')).digest('hex').slice(0, 12)}` : `local-${role}`;
    if (role === 'provider') await deps.store.setUnitsOf(subject, providerIds);
    const access_token = await deps.issuer.signToken({ subject, roles: [role] }, LOCAL_TOKEN_SECONDS);
    return c.json({ access_token, token_type: 'Bearer', expires_in: LOCAL_TOKEN_SECONDS });
  });
  // GET /auth/local/people: who the demo sign-in page offers, with their units by name.
  app.get('/people', async (c) => {
    const [people, providers] = await Promise.all([deps.store.listPeople(), deps.store.listProviders()]);
    const nameOf = new Map(providers.map((p) => [p.providerId, p.name]));
    return c.json(
      people.filter((p) => !p.disabled).map((p) => ({
        name: p.name,
        email: p.email,
        role: p.role,
        units: p.providerIds.map((id) => ({ providerId: id, name: nameOf.get(id) ?? id })),
      })),
    );
  });
  return app;
}
