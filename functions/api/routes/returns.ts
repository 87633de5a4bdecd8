import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { addDays, bodyOf, canonicalBody, isoDate, returnBodySchema, returnErrors, today, type ReturnVersion } from '#domain';
import { readJson } from '../body';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { dateParam, providerOr404 } from '../params';
import { ProblemError, parseQuery } from '../problem';
import type { RouteDoc } from '../route-doc';
import { etagOf, problems, returnResponseOf, returnResponseSchema } from '../schemas';
import { saveNextVersion } from '../submit';

const MAX_RANGE_DAYS = 400;

export const rangeQuerySchema = z
  .strictObject({ from: isoDate, to: isoDate })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => q.to <= addDays(q.from, MAX_RANGE_DAYS - 1), { path: ['to'], message: `the range is at most ${MAX_RANGE_DAYS} days` });

const answer = (c: Context, ret: ReturnVersion, status: 200 | 201) => c.json(returnResponseOf(ret), status, { ETag: etagOf(ret) });

const rejected = (errors: { path: string; message: string }[]) =>
  new ProblemError(422, 'The return breaks the rules', 'Some fields are not valid.', errors);

const preconditionFailed = (current: ReturnVersion) =>
  new ProblemError(
    412,
    'Not the current version',
    `Version ${current.version} is now current; review it and amend that version.`,
    [{ path: 'If-Match', message: `version ${current.version} is current` }],
    { current: returnResponseOf(current) },
    { ETag: etagOf(current) },
  );

/** The version an `If-Match` names: `"3"` or `W/"3"`. */
function versionOf(ifMatch: string): number {
  const m = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(ifMatch);
  if (!m)
    throw new ProblemError(400, 'Invalid If-Match', 'If-Match must name one version, as "3".', [
      { path: 'If-Match', message: 'must name one version, as "3"' },
    ]);
  return Number(m[1]);
}

const noReturn = (providerId: string, date: string) =>
  new ProblemError(404, 'No return', `${providerId} has no return for ${date}.`, [{ path: 'date', message: 'no return for this date' }]);

/** Returns of one unit, mounted at /api/providers. Access (role, unit) is decided by the ACCESS table. */
export function returnRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.put('/:providerId/returns/:date', async (c) => {
    const date = dateParam(c.req.param('date'));
    const provider = await providerOr404(deps.store, c.req.param('providerId'));
    const body = await readJson(c, returnBodySchema);
    const errors = returnErrors(body, provider, date, today(deps.clock));
    if (errors.length > 0) throw rejected(errors);

    const current = await deps.store.currentReturn(provider.providerId, date);
    if (current && canonicalBody(bodyOf(current)) === canonicalBody(body)) {
      // A retry after a lost response: finish any write it cut off, answer what is stored.
      await deps.store.repair(provider.providerId, date);
      return answer(c, current, 200);
    }
    if (current) {
      const ifMatch = c.req.header('If-Match');
      if (ifMatch === undefined)
        throw new ProblemError(
          409,
          'The return exists',
          `A return for ${date} exists (version ${current.version}); send If-Match: "${current.version}" to amend it.`,
          [{ path: 'If-Match', message: 'required to amend an existing return' }],
          {},
          { ETag: etagOf(current) },
        );
      if (versionOf(ifMatch) !== current.version) throw preconditionFailed(current);
    }
    const outcome = await saveNextVersion(deps, provider, date, body, c.get('identity').subject, current);
    if (!outcome.saved) throw preconditionFailed(outcome.current);
    return answer(c, outcome.ret, current ? 200 : 201);
  });

  app.post('/:providerId/returns/:date/unchanged', async (c) => {
    const date = dateParam(c.req.param('date'));
    const provider = await providerOr404(deps.store, c.req.param('providerId'));
    const exists = (current: ReturnVersion) =>
      new ProblemError(409, 'The return exists', `${date} already has a return (version ${current.version}).`, [
        { path: 'date', message: 'already has a return' },
      ]);
    const current = await deps.store.currentReturn(provider.providerId, date);
    if (current) throw exists(current);
    const previous = await deps.store.latestReturnBefore(provider.providerId, date);
    if (!previous)
      throw new ProblemError(404, 'Nothing to copy', `${provider.providerId} has no return before ${date}.`, [
        { path: 'date', message: 'no earlier return to copy' },
      ]);
    const body = bodyOf(previous);
    const errors = returnErrors(body, provider, date, today(deps.clock));
    if (errors.length > 0) throw rejected(errors);
    const outcome = await saveNextVersion(deps, provider, date, body, c.get('identity').subject, null);
    if (!outcome.saved) throw exists(outcome.current);
    return answer(c, outcome.ret, 201);
  });

  app.get('/:providerId/returns/:date', async (c) => {
    const date = dateParam(c.req.param('date'));
    const provider = await providerOr404(deps.store, c.req.param('providerId'));
    const current = await deps.store.currentReturn(provider.providerId, date);
    if (!current) throw noReturn(provider.providerId, date);
    return answer(c, current, 200);
  });

  app.get('/:providerId/returns/:date/versions', async (c) => {
    const date = dateParam(c.req.param('date'));
    const provider = await providerOr404(deps.store, c.req.param('providerId'));
    const versions = await deps.store.versions(provider.providerId, date);
    if (versions.length === 0) throw noReturn(provider.providerId, date);
    return c.json(versions.map(returnResponseOf));
  });

  app.get('/:providerId/returns', async (c) => {
    const { from, to } = parseQuery(rangeQuerySchema, c.req.query());
    const provider = await providerOr404(deps.store, c.req.param('providerId'));
    return c.json((await deps.store.returnsInRange(provider.providerId, from, to)).map(returnResponseOf));
  });

  return app;
}

export const returnDocs: RouteDoc[] = [
  {
    method: 'put',
    path: '/api/providers/{providerId}/returns/{date}',
    summary: 'Submit or amend the return for a unit and date (If-Match: "<version>" to amend)',
    tags: ['returns'],
    body: returnBodySchema,
    responses: {
      200: { description: 'amended, or an identical retry answered with the current version', schema: returnResponseSchema },
      201: { description: 'version 1 created', schema: returnResponseSchema },
      ...problems(400, 401, 403, 404, 409, 412, 413, 415, 422, 503),
    },
  },
  {
    method: 'post',
    path: '/api/providers/{providerId}/returns/{date}/unchanged',
    summary: "Copy the unit's most recent earlier return to this date (no change)",
    tags: ['returns'],
    responses: {
      201: { description: 'copied as version 1', schema: returnResponseSchema },
      ...problems(400, 401, 403, 404, 409, 422, 503),
    },
  },
  {
    method: 'get',
    path: '/api/providers/{providerId}/returns/{date}',
    summary: 'The current version of a return (ETag set)',
    tags: ['returns'],
    responses: { 200: { description: 'the current version', schema: returnResponseSchema }, ...problems(400, 401, 403, 404) },
  },
  {
    method: 'get',
    path: '/api/providers/{providerId}/returns/{date}/versions',
    summary: 'Every version of a return, oldest first, with who submitted it and when',
    tags: ['returns'],
    responses: { 200: { description: 'versions, oldest first', schema: z.array(returnResponseSchema) }, ...problems(400, 401, 403, 404) },
  },
  {
    method: 'get',
    path: '/api/providers/{providerId}/returns',
    summary: "The unit's current returns in a date range (at most 400 days)",
    tags: ['returns'],
    query: rangeQuerySchema,
    responses: { 200: { description: 'current returns, oldest date first', schema: z.array(returnResponseSchema) }, ...problems(400, 401, 403, 404) },
  },
];
