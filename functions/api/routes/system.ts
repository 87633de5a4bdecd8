import { mapLimit } from '#domain/concurrency';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import {
  MEASURES,
  addDays,
  datesBetween,
  isoDate,
  slug,
  staffGroupSchema,
  thresholdsWithDefaults,
  today,
  type Locality,
  type Provider,
} from '#domain';
import { DEFAULT_DEADLINE_MINUTES, completenessOf } from '#domain/views/completeness';
import { completenessCsv, dayReturnsCsv, dischargeCsv, heatmapCsv, summaryCsv, trendsCsv } from '#domain/views/csv';
import { dayReturnsOf } from '#domain/views/day-returns';
import { dischargeOf } from '#domain/views/discharge';
import { HEATMAP_DAYS, heatmapDates, heatmapOf } from '#domain/views/heatmap';
import { SECTOR_OR_FAMILY, sectorsOf, type SectorOrFamily } from '#domain/views/scope';
import { comparesLikeForLike, summaryOf } from '#domain/views/summary';
import { toSubtract, unitsInCommon, type ComparedUnit, type CountedUnit } from '#domain/views/like-for-like';
import { TRENDS_DAYS, familyFilters, trendsFrom, trendsOf } from '#domain/views/trends';
import {
  completenessViewSchema,
  dayReturnsViewSchema,
  dischargeViewSchema,
  heatmapViewSchema,
  summaryViewSchema,
  trendsViewSchema,
} from '#domain/views/types';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { csvDownload, prefersCsv } from '../csv-answer';
import { invalid } from '../problem';
import { defineRoute } from '../route';
import { anyWhenBlank, problems, wholeNumber, withAsAt } from '../schemas';
import { ReadAge } from '#store/types';

const date = anyWhenBlank(isoDate).describe('service date, YYYY-MM-DD; default today in UK time; never in the future');
const measure = anyWhenBlank(z.enum(MEASURES)).describe('default vacancy-rate');
const sector = anyWhenBlank(z.enum(SECTOR_OR_FAMILY)).describe('one sector, or a sector family (hospital, social-care, primary-care)');
const locality = anyWhenBlank(slug).describe('one locality id');

const dateQuery = z.strictObject({ date });
const scopedDateQuery = z.strictObject({ date, locality, sector });
const heatmapQuery = z.strictObject({
  date,
  measure,
  rows: anyWhenBlank(z.enum(['locality', 'provider'])).describe('default locality'),
  columns: anyWhenBlank(z.enum(['staff-group', 'day'])).describe('default staff-group'),
  days: anyWhenBlank(wholeNumber(HEATMAP_DAYS.max)).describe(`days up to \`date\`, for columns=day; default ${HEATMAP_DAYS.default}`),
  sector,
  locality,
});
const trendsQuery = z.strictObject({
  measure,
  from: anyWhenBlank(isoDate).describe(`first date; default ${TRENDS_DAYS.default} days up to \`to\``),
  to: date,
  by: anyWhenBlank(z.enum(['sector-family', 'locality'])).describe('default sector-family'),
  sector,
});
const dayReturnsQuery = z.strictObject({
  date,
  locality,
  sector,
  provider: anyWhenBlank(slug).describe('one unit id'),
  staffGroup: anyWhenBlank(staffGroupSchema).describe("only units that report this staff group, with that group's own figures"),
});

/**
 * Views that list units answer at most this many: past it, a `locality` (or `sector`) filter is
 * required, so that no answer grows with the whole system (api.md).
 */
export const MAX_LISTED_UNITS = 1_000;

/** A system view: JSON, or CSV when the client's Accept header prefers text/csv. */
const view = <Q extends z.ZodObject, S extends z.ZodObject>(name: string, summary: string, query: Q, schema: S, description: string) =>
  defineRoute({
    method: 'get',
    path: `/api/system/${name}`,
    operationId: `get${name.replace(/(^|-)(\w)/g, (_, __, ch: string) => ch.toUpperCase())}View`,
    summary,
    tags: ['system views'],
    access: { roles: ['admin', 'leader'] },
    request: { query },
    responses: {
      200: {
        description: `${description} As CSV (a download) when Accept prefers text/csv.`,
        content: { 'application/json': { schema: withAsAt(schema) }, 'text/csv': { schema: z.string() } },
      },
      ...problems(400, 401, 403, 503),
    },
  });

export const getSummary = view('summary', 'Headline measures by sector family', dateQuery, summaryViewSchema, 'Per family, each measure with its parts, the value a week earlier and RAG; reporting completeness.');
export const getHeatmap = view(
  'heatmap',
  'Heatmap of one measure',
  heatmapQuery,
  heatmapViewSchema,
  'Every row x column cell { row, column, value, numerator, denominator, rag, reported, expected }; value null where nothing was reported.',
);
export const getTrends = view('trends', 'Daily series with process limits', trendsQuery, trendsViewSchema, 'Per series the mean, process limits and each point with special-cause marks (Making Data Count).');
export const getDischarge = view('discharge', 'Delayed discharges beside social-care capacity', dateQuery, dischargeViewSchema, 'Per locality and in total.');
export const getCompleteness = view('completeness', 'Who has reported', scopedDateQuery, completenessViewSchema, "Expected, received, on time, late, missing, with each missing unit's last return date.");
export const getDayReturns = view(
  'day-returns',
  'The returns behind a cell',
  dayReturnsQuery,
  dayReturnsViewSchema,
  'The current returns of the matching units with measures and warnings, and the units missing.',
);

/**
 * System views for leaders and admins (their routes' access rule).
 * Reads: aggregates (one Query per locality, in parallel) and the register; drill-down reads
 * the day's current returns. A date in the future is a 400 naming `query.date`: it is a query
 * value that cannot be answered, like any other invalid parameter.
 */
export function systemRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { store } = deps;
  const deadlineMinutes = deps.deadlineMinutes ?? DEFAULT_DEADLINE_MINUTES;
  /** Units a list would name, past MAX_LISTED_UNITS: a 400 asking for a narrower scope. */
  const boundedScope = (providers: readonly Provider[], q: { locality?: string; sector?: SectorOrFamily }) => {
    const sectors = sectorsOf(q.sector);
    const inScope = providers.filter((p) => sectors.includes(p.sector) && (q.locality === undefined || p.localityId === q.locality));
    if (inScope.length > MAX_LISTED_UNITS)
      throw invalid(
        q.locality === undefined ? 'query.locality' : 'query.sector',
        `${inScope.length.toLocaleString('en-GB')} units match: choose a locality${q.sector === undefined ? ' or a sector' : ''} to see at most ${MAX_LISTED_UNITS.toLocaleString('en-GB')}`,
      );
    return inScope;
  };
  const register = async () => {
    const [providers, localities, thresholds] = await Promise.all([store.listProviders(), store.listLocalities(), store.getThresholds()]);
    return { providers, localities, thresholds: thresholdsWithDefaults(thresholds) };
  };
  const pastOrToday = (value: string | undefined, path: string) => {
    const now = today(deps.clock);
    if (value === undefined) return now;
    if (value > now) throw invalid(path, `${value} is in the future (today is ${now})`);
    return value;
  };

  /**
   * Made once per read of the date's sums and of the week-ago units, which a process keeps a while:
   * at the morning call the summary is asked again and again, and finding the units in common
   * goes through every unit of both dates. (What is subtracted follows from those two reads.)
   */
  const inCommonKept = new WeakMap<readonly CountedUnit[], WeakMap<readonly ComparedUnit[], ReturnType<typeof unitsInCommon>>>();
  /**
   * Each family's units in common: from the date's sums and the units they count (one read), every
   * unit's day a week earlier, and the date's figures of the few units not in common (like-for-like.ts).
   */
  const inCommonOf = async (day: string, age: ReadAge) => {
    const [{ days, counted }, weekAgo] = await Promise.all([store.countedOn(day, age), store.unitDays([addDays(day, -7)], undefined, age)]);
    const kept = inCommonKept.get(counted)?.get(weekAgo);
    if (kept) return kept;
    const made = unitsInCommon({ days, counted, weekAgo, subtracted: await store.countedTotals(day, toSubtract(counted, weekAgo)) });
    if (!inCommonKept.has(counted)) inCommonKept.set(counted, new WeakMap());
    inCommonKept.get(counted)!.set(weekAgo, made);
    return made;
  };

  app.openapi(getSummary, async (c) => {
    const q = c.req.valid('query');
    const age = new ReadAge(deps.clock.now());
    const day = pastOrToday(q.date, 'query.date');
    const reg = await register();
    const now = deps.clock.now();
    // The 8 days up to `day` (for the last complete one) from the whole system's rollups.
    const aggregates = await store.systemDays(datesBetween(addDays(day, -7), day), age);
    const input = { date: day, aggregates, ...reg, deadlineMinutes, now };
    // The sums keep no unit's figures: a like-for-like comparison (a day not complete) reads what
    // it needs of the units of its two dates, and only then (README, "What the views read").
    const inCommon = comparesLikeForLike(input) ? await inCommonOf(day, age) : undefined;
    const view = summaryOf({ ...input, inCommon });
    return answer(c, age.asAt(), view, () => summaryCsv(view), `summary-${day}`);
  });

  app.openapi(getHeatmap, async (c) => {
    const q = c.req.valid('query');
    const age = new ReadAge(deps.clock.now());
    const day = pastOrToday(q.date, 'query.date');
    const reg = await register();
    knownLocality(reg.localities, q.locality);
    const { measure = 'vacancy-rate', rows = 'locality', columns = 'staff-group' } = q;
    if (rows === 'provider') boundedScope(reg.providers, q);
    const dates = columns === 'day' ? heatmapDates(day, q.days) : [day];
    const [aggregates, localityTotals, unitDays, returns] = await Promise.all([
      rows === 'locality' && columns === 'staff-group' ? store.aggregates(dates, q.locality, age) : [],
      rows === 'locality' && columns === 'day' ? store.localityTotals(dates, q.sector, q.locality, age) : undefined,
      rows === 'provider' && columns === 'day' ? store.unitDays(dates, q.locality, age) : undefined,
      rows === 'provider' && columns === 'staff-group' ? store.currentForDay(day, q.locality) : undefined,
    ]);
    const view = heatmapOf({ ...q, measure, rows, columns, date: day, aggregates, localityTotals, unitDays, returns, ...reg });
    return answer(c, age.asAt(), view, () => heatmapCsv(view), `heatmap-${day}`);
  });

  app.openapi(getTrends, async (c) => {
    const q = c.req.valid('query');
    const age = new ReadAge(deps.clock.now());
    const to = pastOrToday(q.to, 'query.to');
    const from = q.from ?? trendsFrom(to);
    if (from > to) throw invalid('query.from', `must not be after \`to\` (${to})`);
    if (datesBetween(from, to).length > TRENDS_DAYS.max) throw invalid('query.from', `at most ${TRENDS_DAYS.max} days can be shown`);
    const reg = await register();
    const by = q.by ?? 'sector-family';
    // By family the whole system's totals (one small item a date); by locality, each locality's totals (one item a date).
    const dates = datesBetween(from, to);
    const families = familyFilters(q.sector);
    const [familyTotals, localityTotals] =
      by === 'sector-family'
        ? [await store.systemTotals(dates, families.map((f) => f.filter), age).then((t) => new Map(families.map((f) => [f.family, t.get(f.filter) ?? []]))), undefined]
        : [undefined, await store.localityTotals(dates, q.sector, undefined, age)];
    const view = trendsOf({
      measure: q.measure ?? 'vacancy-rate',
      from,
      to,
      by,
      sector: q.sector,
      familyTotals,
      localityTotals,
      localities: reg.localities,
      providers: reg.providers,
      now: deps.clock.now(),
      deadlineMinutes,
      trimLeading: q.from === undefined,
    });
    return answer(c, age.asAt(), view, () => trendsCsv(view), `trends-${to}`);
  });

  app.openapi(getDischarge, async (c) => {
    const q = c.req.valid('query');
    const age = new ReadAge(deps.clock.now());
    const day = pastOrToday(q.date, 'query.date');
    const reg = await register();
    const view = dischargeOf({ date: day, aggregates: await store.aggregates([day], undefined, age), ...reg });
    return answer(c, age.asAt(), view, () => dischargeCsv(view), `discharge-${day}`);
  });

  app.openapi(getCompleteness, async (c) => {
    const q = c.req.valid('query');
    const age = new ReadAge(deps.clock.now());
    const day = pastOrToday(q.date, 'query.date');
    const reg = await register();
    knownLocality(reg.localities, q.locality);
    const providers = boundedScope(reg.providers, q);
    // The day before too, in the same read: most units not in yet (all of them early in the morning) reported then.
    const dayBefore = addDays(day, -1);
    const both = await store.unitDays([day, dayBefore], q.locality, age);
    const unitDays = both.filter((u) => u.date === day);
    const inDayBefore = new Set(both.filter((u) => u.date === dayBefore).map((u) => u.providerId));
    const now = deps.clock.now();
    const first = completenessOf({ date: day, unitDays, ...reg, providers, deadlineMinutes, now });
    // Only units without a return need their last one; of those, only units not in the day before are read one by one.
    const missing = first.units.filter((u) => u.status === 'missing' || u.status === 'not-in-yet').map((u) => u.providerId);
    const last = await mapLimit(missing, LAST_RETURN_CONCURRENCY, async (id) =>
      inDayBefore.has(id) ? dayBefore : ((await store.latestReturnBefore(id, addDays(day, 1)))?.date ?? null),
    );
    const lastReturnDates = Object.fromEntries(missing.map((id, i) => [id, last[i]]));
    const view = completenessOf({ date: day, unitDays, ...reg, providers, lastReturnDates, deadlineMinutes, now });
    return answer(c, age.asAt(), view, () => completenessCsv(view), `completeness-${day}`);
  });

  app.openapi(getDayReturns, async (c) => {
    const q = c.req.valid('query');
    const asAt = deps.clock.now().toISOString();
    const day = pastOrToday(q.date, 'query.date');
    const reg = await register();
    knownLocality(reg.localities, q.locality);
    if (q.provider !== undefined && !reg.providers.some((p) => p.providerId === q.provider))
      throw invalid('query.provider', 'no such unit');
    if (q.provider === undefined) boundedScope(reg.providers, q);
    const returns = await store.currentForDay(day, q.locality);
    const view = dayReturnsOf({ ...q, date: day, returns, ...reg, deadlineMinutes, now: deps.clock.now() });
    return answer(c, asAt, view, () => dayReturnsCsv(view), `day-returns-${day}`);
  });

  return app;
}

const LAST_RETURN_CONCURRENCY = 8;


function knownLocality(localities: readonly Locality[], localityId: string | undefined) {
  if (localityId !== undefined && !localities.some((l) => l.localityId === localityId)) throw invalid('query.locality', 'no such locality');
}

/** JSON, or CSV as a download when the client's Accept header prefers text/csv. */
function answer<T extends object>(c: Context<AppEnv>, asAt: string, view: T, csv: () => string, name: string) {
  return prefersCsv(c) ? csvDownload(c, csv(), name) : c.json({ ...view, asAt }, 200);
}

