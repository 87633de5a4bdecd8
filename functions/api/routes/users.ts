import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { mapLimit, type Person } from '#domain';
import { inviteSchema, userChangeSchema, userIdSchema, userOf, userSchema, userStatusSchema } from '#domain/users';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { ProblemError } from '../problem';
import { defineRoute } from '../route';
import { cursorParam, json, nextPageLink, pageOf, problems } from '../schemas';
import { invitePerson } from '../invite';
import { actorOf, auditOf } from './audit';


const userPath = { params: z.object({ userId: userIdSchema.describe("the user's id (their token subject)") }) };
const admins = { roles: ['admin'] } as const;

/** Users per page of GET /api/users: 1,000 are about 250 KB, far inside Lambda's 6 MB (a national directory is some 35,000). */
export const USERS_PAGE = 1_000;

/** Where a page ends (the last e-mail address): opaque to clients. */
const cursorOf = (email: string) => Buffer.from(email).toString('base64url');

export const listUsers = defineRoute({
  method: 'get',
  path: '/api/users',
  operationId: 'listUsers',
  summary: 'Everyone who may sign in, with role, units and whether disabled (admin)',
  description: `By e-mail address, ${USERS_PAGE.toLocaleString('en-GB')} a page: when more follow, a \`Link: <...>; rel="next"\` header (RFC 8288) gives the next page's address, with its \`cursor\`.`,
  tags: ['administration'],
  access: admins,
  request: {
    query: z.strictObject({
      cursor: cursorParam,
    }),
  },
  responses: {
    200: pageOf('users by e-mail address, one page', userSchema),
    ...problems(400, 401, 403, 503),
  },
});

export const getUser = defineRoute({
  method: 'get',
  path: '/api/users/{userId}',
  operationId: 'getUser',
  summary: 'One user (admin)',
  tags: ['administration'],
  access: admins,
  request: userPath,
  responses: { 200: json('the user', userSchema), ...problems(400, 401, 403, 404, 503) },
});

export const inviteUser = defineRoute({
  method: 'post',
  path: '/api/users',
  operationId: 'inviteUser',
  summary: 'Invite a user: creates the account and sends the invitation e-mail (admin)',
  description: 'A provider user needs at least one unit; leaders and admins have none (they see every unit).',
  tags: ['administration'],
  access: admins,
  request: { body: { required: true, content: { 'application/json': { schema: inviteSchema } } } },
  responses: { 201: json('invited', userSchema), ...problems(400, 401, 403, 409, 413, 415, 422, 503) },
});

export const changeUser = defineRoute({
  method: 'put',
  path: '/api/users/{userId}',
  operationId: 'changeUser',
  summary: "Change a user's name, role and units; applies to their next request (admin)",
  tags: ['administration'],
  access: admins,
  request: { ...userPath, body: { required: true, content: { 'application/json': { schema: userChangeSchema } } } },
  responses: { 200: json('changed', userSchema), ...problems(400, 401, 403, 404, 413, 415, 422, 503) },
});

export const disableUser = defineRoute({
  method: 'delete',
  path: '/api/users/{userId}',
  operationId: 'disableUser',
  summary: 'Disable a user at once, current tokens included; never deleted, so the audit trail still names them (admin)',
  tags: ['administration'],
  access: admins,
  request: userPath,
  responses: { 200: json('disabled', userSchema), ...problems(400, 401, 403, 404, 409, 503) },
});

export const setUserStatus = defineRoute({
  method: 'patch',
  path: '/api/users/{userId}',
  operationId: 'setUserStatus',
  summary: "Enable a disabled user again (`status: active`), or disable one (`status: disabled`, as DELETE) (admin)",
  description: 'Enabled, the user may sign in again and their next token is accepted; tokens from before they were disabled stay revoked in Cognito.',
  tags: ['administration'],
  access: admins,
  request: { ...userPath, body: { required: true, content: { 'application/json': { schema: userStatusSchema } } } },
  responses: { 200: json('the user, with their status now', userSchema), ...problems(400, 401, 403, 404, 409, 413, 415, 422, 503) },
});

/** Users: invited, changed, disabled and enabled again by admins, through the directory port. */
export function userRoutes(deps: AppDeps) {
  const directory = () => {
    if (!deps.directory) throw new ProblemError(503, 'User management is not set up', 'This server has no identity provider to invite users with.');
    return deps.directory;
  };
  const personOr404 = async (userId: string) => {
    const person = await deps.store.getPerson(userId);
    if (!person) throw new ProblemError(404, 'No such user', `There is no user ${userId}.`, [{ path: 'userId', message: 'no such user' }]);
    return person;
  };
  /** Every unit named must exist: a user is never given a unit that is not in the register. Reads the units named, not the register. */
  const checkUnits = async (providerIds: string[]) => {
    const found = await mapLimit(providerIds, 8, (id) => deps.store.getProvider(id));
    const unknown = providerIds.flatMap((id, i) => (found[i] ? [] : [{ path: `providerIds.${i}`, message: `there is no unit ${id}` }]));
    if (unknown.length > 0) throw new ProblemError(422, 'Invalid fields', 'Some units do not exist.', unknown);
  };
  const emailTaken = (email: string) =>
    new ProblemError(409, 'Already a user', `${email} already has an account; change that user instead.`, [{ path: 'email', message: 'already has an account' }]);

  return new OpenAPIHono<AppEnv>()
    .openapi(listUsers, async (c) => {
      const { cursor } = c.req.valid('query');
      const after = cursor === undefined ? undefined : Buffer.from(cursor, 'base64url').toString('utf8');
      const { people, next } = await deps.store.peoplePage(after, USERS_PAGE);
      if (next !== null) c.header('Link', nextPageLink(c.req.url, cursorOf(next)));
      return c.json(people.map(userOf), 200);
    })
    .openapi(getUser, async (c) => c.json(userOf(await personOr404(c.req.valid('param').userId)), 200))
    .openapi(inviteUser, async (c) => {
      const body = c.req.valid('json');
      await checkUnits(body.providerIds);
      if (await deps.store.personByEmail(body.email)) throw emailTaken(body.email);
      const invited = await invitePerson({ ...deps, directory: directory() }, actorOf(c), body, `Invited ${body.name} (${body.email}) as ${body.role}`);
      if (!invited.saved) throw emailTaken(body.email);
      return c.json(userOf(invited.person), 201);
    })
    .openapi(changeUser, async (c) => {
      const before = await personOr404(c.req.valid('param').userId);
      const body = c.req.valid('json');
      await checkUnits(body.providerIds);
      const after: Person = { ...before, name: body.name, role: body.role, providerIds: body.providerIds };
      if (before.role !== after.role) await directory().setRole(before.subject, before.role, after.role);
      const what = [
        before.name !== after.name ? 'name' : null,
        before.role !== after.role ? `role ${before.role} to ${after.role}` : null,
        before.providerIds.join() !== after.providerIds.join() ? 'units' : null,
      ].filter(Boolean);
      // Written even when nothing changed: that finishes a change cut off before its units were written.
      const audit = what.length > 0 ? auditOf(deps, c, { kind: 'user', target: before.subject, summary: `Changed ${after.name}: ${what.join(', ')}`, before: userOf(before), after: userOf(after) }) : undefined;
      await deps.store.putPerson(after, audit);
      return c.json(userOf(after), 200);
    })
    .openapi(disableUser, async (c) => c.json(await setStatus(c, c.req.valid('param').userId, 'disabled'), 200))
    .openapi(setUserStatus, async (c) => c.json(await setStatus(c, c.req.valid('param').userId, c.req.valid('json').status), 200));

  /**
   * Disabling writes the table first: from that write on, the API refuses the user's tokens.
   * Enabling tells the directory first: cut off half way, they can sign in but the API still
   * refuses them until the table says active. Either way, half done never gives more access.
   */
  async function setStatus(c: Context<AppEnv>, userId: string, status: 'active' | 'disabled') {
    const before = await personOr404(userId);
    const disabling = status === 'disabled';
    if (disabling && before.subject === c.get('identity').subject)
      throw new ProblemError(409, 'Cannot disable yourself', 'Ask another administrator to disable your account.', [{ path: 'userId', message: 'is you' }]);
    if (Boolean(before.disabled) === disabling) return userOf(before);
    const { disabled: _, ...rest } = before;
    const after: Person = disabling ? { ...before, disabled: true } : rest;
    const summary = `${disabling ? 'Disabled' : 'Enabled'} ${before.name} (${before.email})`;
    const audit = auditOf(deps, c, { kind: 'user', target: before.subject, summary, before: userOf(before), after: userOf(after) });
    if (disabling) {
      await deps.store.putPerson(after, audit);
      await directory().disable(before.subject);
    } else {
      await directory().enable(before.subject);
      await deps.store.putPerson(after, audit);
    }
    return userOf(after);
  }
}
