import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { addDays, bodyOf, isRealDate, isoDate, returnBodySchema, type Provider, type ReturnBody, type ReturnVersion } from '#domain';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { providerOr404 } from '../params';
import { ProblemError } from '../problem';
import { defineRoute } from '../route';
import { dateParam, etagOf, json, problems, providerIdParam, returnResponseOf, returnResponseSchema } from '../schemas';
import { submitReturn, submitterOf, type SubmitOutcome } from '../submit';
import { auditedReturns, auditOf, returnAudit } from './audit';

const MAX_RANGE_DAYS = 400;
const everyone = ['admin', 'leader', 'provider'] as const;
const writers = ['admin', 'provider'] as const;

const returnPath = { params: z.object({ providerId: providerIdParam, date: dateParam }) };
const ifMatchHeader = z.object({
  'If-Match': z.string().optional().describe('the version being amended, as "3" (required when a return exists)'),
});

export const rangeQuerySchema = z
  .strictObject({ from: isoDate, to: isoDate })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  // zod runs an object's checks even when a field failed its own: an impossible `from` is already named, not a RangeError.
  .refine((q) => !isRealDate(q.from) || q.to <= addDays(q.from, MAX_RANGE_DAYS - 1), { path: ['to'], message: `the range is at most ${MAX_RANGE_DAYS} days` });

export const putReturn = defineRoute({
  method: 'put',
  path: '/api/providers/{providerId}/returns/{date}',
  operationId: 'putReturn',
  summary: 'Submit or amend the return for a unit and date (If-Match: "<version>" to amend)',
  tags: ['returns'],
  access: { roles: writers, unit: true },
  request: { ...returnPath, headers: ifMatchHeader, body: { required: true, content: { 'application/json': { schema: returnBodySchema } } } },
  responses: {
    200: json('amended, or an identical retry answered with the current version', returnResponseSchema),
    201: json('version 1 created', returnResponseSchema),
    ...problems(400, 401, 403, 404, 409, 412, 413, 415, 422, 503),
  },
});

export const postUnchanged = defineRoute({
  method: 'post',
  path: '/api/providers/{providerId}/returns/{date}/unchanged',
  operationId: 'postUnchangedReturn',
  summary: "Copy the unit's most recent earlier return to this date (no change)",
  tags: ['returns'],
  access: { roles: writers, unit: true },
  request: returnPath,
  responses: { 201: json('copied as version 1', returnResponseSchema), ...problems(400, 401, 403, 404, 409, 422, 503) },
});

export const getReturn = defineRoute({
  method: 'get',
  path: '/api/providers/{providerId}/returns/{date}',
  operationId: 'getReturn',
  summary: 'The current version of a return (ETag set)',
  tags: ['returns'],
  access: { roles: everyone, unit: true },
  request: returnPath,
  responses: { 200: json('the current version', returnResponseSchema), ...problems(400, 401, 403, 404, 503) },
});

export const listVersions = defineRoute({
  method: 'get',
  path: '/api/providers/{providerId}/returns/{date}/versions',
  operationId: 'listReturnVersions',
  summary: 'Every version of a return, oldest first, with who submitted it and when',
  tags: ['returns'],
  access: { roles: everyone, unit: true },
  request: returnPath,
  responses: { 200: json('versions, oldest first', z.array(returnResponseSchema)), ...problems(400, 401, 403, 404, 503) },
});

export const listReturns = defineRoute({
  method: 'get',
  path: '/api/providers/{providerId}/returns',
  operationId: 'listReturns',
  summary: `The unit's current returns in a date range (at most ${MAX_RANGE_DAYS} days)`,
  tags: ['returns'],
  access: { roles: everyone, unit: true },
  request: { params: z.object({ providerId: providerIdParam }), query: rangeQuerySchema },
  responses: { 200: json('current returns, oldest date first', z.array(returnResponseSchema)), ...problems(400, 401, 403, 404, 503) },
});

const answer = <S extends 200 | 201>(c: Context, ret: ReturnVersion, status: S) => c.json(returnResponseOf(ret), status, { ETag: etagOf(ret) });

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
function versionOf(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const m = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(ifMatch);
  if (!m)
    throw new ProblemError(400, 'Invalid If-Match', 'If-Match must name one version, as "3".', [
      { path: 'If-Match', message: 'must name one version, as "3"' },
    ]);
  return Number(m[1]);
}

const noReturn = (providerId: string, date: string) =>
  new ProblemError(404, 'No return', `${providerId} has no return for ${date}.`, [{ path: 'date', message: 'no return for this date' }]);

/** Every outcome of the submit use case that is not a success, as the problem PUT answers. */
function refused(outcome: Exclude<SubmitOutcome, { kind: 'saved' | 'unchanged' | 'would-save' }>, date: string): ProblemError {
  switch (outcome.kind) {
    case 'invalid':
      return new ProblemError(422, 'The return breaks the rules', 'Some fields are not valid.', outcome.errors);
    case 'exists':
      return new ProblemError(
        409,
        'The return exists',
        `A return for ${date} exists (version ${outcome.current.version}); send If-Match: "${outcome.current.version}" to amend it.`,
        [{ path: 'If-Match', message: 'required to amend an existing return' }],
        {},
        { ETag: etagOf(outcome.current) },
      );
    case 'stale':
      return preconditionFailed(outcome.current);
  }
}

/** Returns of one unit. */
export function returnRoutes(deps: AppDeps) {
  /**
   * An admin writes a unit's return: audited with the return before and after. The version it
   * would become is the one after the current (a write never makes any other), which is what
   * the pending entry names until the write's outcome is known.
   */
  const asAdmin = async (c: Context<AppEnv>, provider: Provider, date: string, body: ReturnBody, submit: (auditRef: string) => Promise<SubmitOutcome>) => {
    const before = await deps.store.currentReturn(provider.providerId, date);
    const version = (before?.version ?? 0) + 1;
    const planned = returnAudit(provider, before, { ...body, providerId: provider.providerId, date, version } as ReturnVersion);
    return auditedReturns(deps, auditOf(deps, c, planned), [{ providerId: provider.providerId, date, version }], async (auditRef) => {
      const outcome = await submit(auditRef);
      return { result: outcome, made: outcome.kind === 'saved' ? auditOf(deps, c, returnAudit(provider, before, outcome.ret)) : null };
    });
  };

  return new OpenAPIHono<AppEnv>()
    .openapi(putReturn, async (c) => {
      const { providerId, date } = c.req.valid('param');
      const ifMatch = versionOf(c.req.header('If-Match'));
      const provider = await providerOr404(deps.store, providerId);
      const body = c.req.valid('json');
      const submit = (auditRef?: string) => submitReturn(deps, { provider, date, body, ...submitterOf(c.get('identity')), ifMatch, auditRef });
      const outcome = c.get('identity').roles.includes('admin') ? await asAdmin(c, provider, date, body, submit) : await submit();
      if (outcome.kind === 'saved') return answer(c, outcome.ret, outcome.created ? 201 : 200);
      // An identical retry after a lost response: answer what is stored.
      if (outcome.kind === 'unchanged') return answer(c, outcome.current, 200);
      if (outcome.kind === 'would-save') throw new Error('not a dry run');
      throw refused(outcome, date);
    })
    .openapi(postUnchanged, async (c) => {
      const { providerId, date } = c.req.valid('param');
      const provider = await providerOr404(deps.store, providerId);
      const exists = (current: ReturnVersion) =>
        new ProblemError(409, 'The return exists', `${date} already has a return (version ${current.version}).`, [
          { path: 'date', message: 'already has a return' },
        ]);
      const previous = await deps.store.latestReturnBefore(provider.providerId, date);
      if (!previous) {
        const current = await deps.store.currentReturn(provider.providerId, date);
        if (current) throw exists(current);
        throw new ProblemError(404, 'Nothing to copy', `${provider.providerId} has no return before ${date}.`, [
          { path: 'date', message: 'no earlier return to copy' },
        ]);
      }
      const body = bodyOf(previous);
      const submit = (auditRef?: string) => submitReturn(deps, { provider, date, body, ...submitterOf(c.get('identity')), auditRef });
      const outcome = c.get('identity').roles.includes('admin') ? await asAdmin(c, provider, date, body, submit) : await submit();
      if (outcome.kind === 'saved') return answer(c, outcome.ret, 201);
      // The contract answers 409 for any date that has a return, a repaired retry included.
      if (outcome.kind === 'unchanged' || outcome.kind === 'exists' || outcome.kind === 'stale') throw exists(outcome.current);
      if (outcome.kind === 'would-save') throw new Error('not a dry run');
      throw refused(outcome, date);
    })
    .openapi(getReturn, async (c) => {
      const { providerId, date } = c.req.valid('param');
      const provider = await providerOr404(deps.store, providerId);
      const current = await deps.store.currentReturn(provider.providerId, date);
      if (!current) throw noReturn(provider.providerId, date);
      return answer(c, current, 200);
    })
    .openapi(listVersions, async (c) => {
      const { providerId, date } = c.req.valid('param');
      const provider = await providerOr404(deps.store, providerId);
      const versions = await deps.store.versions(provider.providerId, date);
      if (versions.length === 0) throw noReturn(provider.providerId, date);
      return c.json(versions.map(returnResponseOf), 200);
    })
    .openapi(listReturns, async (c) => {
      const { from, to } = c.req.valid('query');
      const provider = await providerOr404(deps.store, c.req.valid('param').providerId);
      return c.json((await deps.store.returnsInRange(provider.providerId, from, to)).map(returnResponseOf), 200);
    });
}
