import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { addDays, datesBetween, isoDate, today } from '#domain';
import { COMPARISON_DAYS, comparisonOf, comparisonViewSchema, peerGroupOf } from '#domain/views/comparison';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { providerOr404 } from '../params';
import { defineRoute } from '../route';
import { invalid } from '../problem';
import { anyWhenBlank, json, problems, providerIdParam, wholeNumber, withAsAt } from '../schemas';

export const getComparison = defineRoute({
  method: 'get',
  path: '/api/providers/{providerId}/comparison',
  operationId: 'getComparison',
  summary: "The unit's own daily measures beside its peers' median and quartiles",
  description:
    'Peers: the other units of its sector in its locality, or across the whole system when the locality has fewer than 5. ' +
    'A day with fewer than 5 peers with a figure has null peer figures and a reason; no peer is ever named or shown alone.',
  tags: ['returns'],
  access: { roles: ['admin', 'leader', 'provider'], unit: true },
  request: {
    params: z.object({ providerId: providerIdParam }),
    query: z.strictObject({
      date: anyWhenBlank(isoDate).describe('the last day shown, YYYY-MM-DD; default today in UK time; never in the future'),
      days: anyWhenBlank(wholeNumber(COMPARISON_DAYS.max)).describe(`days up to \`date\`; default ${COMPARISON_DAYS.default}`),
    }),
  },
  responses: { 200: json('per compared measure and day: own, peerMedian, peerLower, peerUpper, peers', withAsAt(comparisonViewSchema)), ...problems(400, 401, 403, 404, 503) },
});

/**
 * What a unit gets back. Reads: the register (kept per process), the unit's locality's unit
 * days for the dates (one Query a date, as the completeness view reads them), and, only when
 * its locality has fewer than 5 of its kind, its sector's gathered whole-system spread (two Queries).
 */
export function comparisonRoutes(deps: AppDeps) {
  return new OpenAPIHono<AppEnv>().openapi(getComparison, async (c) => {
    const q = c.req.valid('query');
    const asAt = deps.clock.now().toISOString();
    const unit = await providerOr404(deps.store, c.req.valid('param').providerId);
    const now = today(deps.clock);
    const to = q.date ?? now;
    if (to > now) throw invalid('query.date', `${to} is in the future (today is ${now})`);
    const dates = datesBetween(addDays(to, 1 - (q.days ?? COMPARISON_DAYS.default)), to);
    const [providers, localities, unitDays] = await Promise.all([
      deps.store.listProviders(),
      deps.store.listLocalities(),
      deps.store.unitDays(dates, unit.localityId),
    ]);
    const input = { unit, dates, providers, localities, unitDays, today: now };
    const system = peerGroupOf(input).scope === 'system' ? await deps.store.peerDistributions(unit.sector, dates) : undefined;
    return c.json({ ...comparisonOf({ ...input, system }), asAt }, 200);
  });
}
