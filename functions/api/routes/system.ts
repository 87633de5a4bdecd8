import { mapLimit } from '#domain/concurrency';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  MEASURES,
  addDays,
  datesBetween,
  isoDate,
  slug,
  thresholdsWithDefaults,
  today,
  type Locality,
  type LocalityDay,
} from '#domain';
import { DEFAULT_DEADLINE_MINUTES, completenessOf } from '#domain/views/completeness';
import { completenessCsv, dayReturnsCsv, dischargeCsv, heatmapCsv, summaryCsv, trendsCsv } from '#domain/views/csv';
import { dayReturnsOf } from '#domain/views/day-returns';
import { dischargeOf } from '#domain/views/discharge';
import { HEATMAP_DAYS, heatmapDates, heatmapOf } from '#domain/views/heatmap';
import { SECTOR_OR_FAMILY } from '#domain/views/scope';
import { summaryOf } from '#domain/views/summary';
import { TRENDS_DAYS, trendsFrom, trendsOf } from '#domain/views/trends';
import type { Store } from '#store/types';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { ProblemError, parseQuery } from '../problem';
import type { RouteDoc } from '../route-doc';
import { problems } from '../schemas';

const date = isoDate.optional().describe('service date, YYYY-MM-DD; default today in UK time; never in the future');
const measure = z.enum(MEASURES).default('vacancy-rate');
const sector = z.enum(SECTOR_OR_FAMILY).optional().describe('one sector, or a sector family (hospital, social-care, primary-care)');
const locality = slug.optional().describe('one locality id');
const wholeNumber = (max: number) =>
  z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));

const dateQuery = z.strictObject({ date });
const heatmapQuery = z.strictObject({
  date,
  measure,
  rows: z.enum(['locality', 'provider']).default('locality'),
  columns: z.enum(['staff-group', 'day']).default('staff-group'),
  days: wholeNumber(HEATMAP_DAYS.max).default(HEATMAP_DAYS.default).describe('days up to `date`, for columns=day'),
  sector,
  locality,
});
const trendsQuery = z.strictObject({
  measure,
  from: isoDate.optional().describe(`first date; default ${TRENDS_DAYS.default} days up to \`to\``),
  to: date,
  by: z.enum(['sector-family', 'locality']).default('sector-family'),
  sector,
});
const dayReturnsQuery = z.strictObject({ date, locality, sector, provider: slug.optional().describe('one unit id') });

/**
 * System views for leaders and admins (who may call them is decided by the ACCESS table).
 * Reads: aggregates (one Query per locality, in parallel) and the register; drill-down reads
 * the day's current returns. A date in the future is a 400 naming `query.date`: it is a query
 * value that cannot be answered, like any other invalid parameter.
 */
export function systemRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = deps;
  const deadlineMinutes = deps.deadlineMinutes ?? DEFAULT_DEADLINE_MINUTES;
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

  app.get('/summary', async (c) => {
    const q = parseQuery(dateQuery, queryOf(c));
    const day = pastOrToday(q.date, 'query.date');
    const reg = await register();
    const aggregates = await aggregatesOf(store, reg.localities, addDays(day, -7), day);
    const view = summaryOf({ date: day, aggregates, ...reg, deadlineMinutes });
    return answer(c, view, () => summaryCsv(view), `summary-${day}`);
  });

  app.get('/heatmap', async (c) => {
    const q = parseQuery(heatmapQuery, queryOf(c));
    const day = pastOrToday(q.date, 'query.date');
    const reg = await register();
    knownLocality(reg.localities, q.locality);
    const dates = q.columns === 'day' ? heatmapDates(day, q.days) : [day];
    const [aggregates, returns] = await Promise.all([
      aggregatesOf(store, reg.localities, dates[0], day),
      q.rows === 'provider' && q.columns === 'staff-group' ? store.currentForDay(day, q.locality) : undefined,
    ]);
    const view = heatmapOf({ ...q, date: day, aggregates, returns, ...reg });
    return answer(c, view, () => heatmapCsv(view), `heatmap-${day}`);
  });

  app.get('/trends', async (c) => {
    const q = parseQuery(trendsQuery, queryOf(c));
    const to = pastOrToday(q.to, 'query.to');
    const from = q.from ?? trendsFrom(to);
    if (from > to) throw invalid('query.from', `must not be after \`to\` (${to})`);
    if (datesBetween(from, to).length > TRENDS_DAYS.max) throw invalid('query.from', `at most ${TRENDS_DAYS.max} days can be shown`);
    const reg = await register();
    const aggregates = await aggregatesOf(store, reg.localities, from, to);
    const view = trendsOf({ measure: q.measure, from, to, by: q.by, sector: q.sector, aggregates, localities: reg.localities });
    return answer(c, view, () => trendsCsv(view), `trends-${to}`);
  });

  app.get('/discharge', async (c) => {
    const q = parseQuery(dateQuery, queryOf(c));
    const day = pastOrToday(q.date, 'query.date');
    const reg = await register();
    const view = dischargeOf({ date: day, aggregates: await aggregatesOf(store, reg.localities, day, day), ...reg });
    return answer(c, view, () => dischargeCsv(view), `discharge-${day}`);
  });

  app.get('/completeness', async (c) => {
    const q = parseQuery(dateQuery, queryOf(c));
    const day = pastOrToday(q.date, 'query.date');
    const reg = await register();
    const aggregates = await aggregatesOf(store, reg.localities, day, day);
    const first = completenessOf({ date: day, aggregates, ...reg, deadlineMinutes });
    // Only missing units need their last return: one read each, a few at a time.
    const missing = first.units.filter((u) => u.status === 'missing').map((u) => u.providerId);
    const last = await mapLimit(missing, LAST_RETURN_CONCURRENCY, async (id) => (await store.latestReturnBefore(id, addDays(day, 1)))?.date ?? null);
    const lastReturnDates = Object.fromEntries(missing.map((id, i) => [id, last[i]]));
    const view = completenessOf({ date: day, aggregates, ...reg, lastReturnDates, deadlineMinutes });
    return answer(c, view, () => completenessCsv(view), `completeness-${day}`);
  });

  app.get('/day-returns', async (c) => {
    const q = parseQuery(dayReturnsQuery, queryOf(c));
    const day = pastOrToday(q.date, 'query.date');
    const reg = await register();
    knownLocality(reg.localities, q.locality);
    if (q.provider !== undefined && !reg.providers.some((p) => p.providerId === q.provider))
      throw invalid('query.provider', 'no such unit');
    const returns = await store.currentForDay(day, q.locality);
    const view = dayReturnsOf({ ...q, date: day, returns, ...reg, deadlineMinutes });
    return answer(c, view, () => dayReturnsCsv(view), `day-returns-${day}`);
  });

  return app;
}

const LAST_RETURN_CONCURRENCY = 8;

const invalid = (path: string, message: string) =>
  new ProblemError(400, 'Invalid query parameters', 'Some query parameters are not valid.', [{ path, message }]);

/** Query parameters, a blank one meaning "any" (a form left on "All localities"). */
const queryOf = (c: Context<AppEnv>) => Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''));

function knownLocality(localities: readonly Locality[], localityId: string | undefined) {
  if (localityId !== undefined && !localities.some((l) => l.localityId === localityId)) throw invalid('query.locality', 'no such locality');
}

/** Every locality's aggregates over a range: one Query per locality, run together. */
async function aggregatesOf(store: Store, localities: readonly Locality[], from: string, to: string): Promise<LocalityDay[]> {
  return (await Promise.all(localities.map((l) => store.aggregates(l.localityId, from, to)))).flat();
}

/** JSON, or CSV as a download when the client's Accept header prefers text/csv. */
function answer(c: Context<AppEnv>, view: unknown, csv: () => string, name: string): Response {
  if (!prefersCsv(c.req.header('Accept'))) return c.json(view);
  return c.body(csv(), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}.csv"`,
  });
}

/**
 * Content negotiation between JSON and CSV: the higher q wins; on a tie, the more specific
 * match (text/csv over a wildcard); JSON otherwise (no header, or any media type).
 */
export function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return { type, q: q ? Number(q.slice(2)) || 0 : 1 };
  });
  const match = (media: string) => {
    let best = { q: 0, specificity: -1 };
    for (const r of ranges) {
      const specificity = r.type === media ? 2 : r.type === `${media.split('/')[0]}/*` ? 1 : r.type === '*/*' ? 0 : -1;
      if (specificity > best.specificity) best = { q: r.q, specificity };
    }
    return best;
  };
  const csv = match('text/csv');
  const json = match('application/json');
  return csv.q > 0 && (csv.q > json.q || (csv.q === json.q && csv.specificity > json.specificity));
}

const view = (summary: string, path: string, query: z.ZodType, description: string): RouteDoc => ({
  method: 'get',
  path: `/api/system/${path}`,
  summary,
  tags: ['system views'],
  query,
  responses: {
    200: { description: `${description} As CSV (a download) when Accept prefers text/csv.`, csv: true },
    ...problems(400, 401, 403, 503),
  },
});

export const systemDocs: RouteDoc[] = [
  view('Headline measures by sector family', 'summary', dateQuery, 'SummaryView: per family, each measure with its parts, the value a week earlier and RAG; reporting completeness.'),
  view(
    'Heatmap of one measure',
    'heatmap',
    heatmapQuery,
    'HeatmapView: every row x column cell { row, column, value, numerator, denominator, rag, reported, expected }; value null where nothing was reported.',
  ),
  view('Daily series with process limits', 'trends', trendsQuery, 'TrendsView: per series the mean, process limits and each point with special-cause marks (Making Data Count).'),
  view('Delayed discharges beside social-care capacity', 'discharge', dateQuery, 'DischargeView: per locality and in total.'),
  view('Who has reported', 'completeness', dateQuery, 'CompletenessView: expected, received, on time, late, missing, with each missing unit\'s last return date.'),
  view('The returns behind a cell', 'day-returns', dayReturnsQuery, 'DayReturnsView: the current returns of the matching units with measures and warnings, and the units missing.'),
];
