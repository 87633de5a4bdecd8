import { MEASURES, judgedAs, measureInfo, ragOf, thresholdsSchema, tooManyPlaces, type HeatmapView, type Measure, type Rag, type Thresholds } from '#domain';

/** What an admin types: rates in per cent (as the dashboard shows them), hours and counts as they are. */
export type Draft = Record<Measure, { amber: string; red: string }>;

const scaleOf = (m: Measure) => (measureInfo(m).kind === 'rate' ? 100 : 1);
const shown = (n: number, m: Measure) => String(Math.round(n * scaleOf(m) * 1e6) / 1e6);

export const draftOf = (t: Thresholds): Draft =>
  Object.fromEntries(MEASURES.map((m) => [m, { amber: shown(t[m].amber, m), red: shown(t[m].red, m) }])) as Draft;

/**
 * The draft as thresholds, checked by the same schema the API uses: either the thresholds, or
 * a message per field (`vacancy-rate.red`) in words.
 */
export function readDraft(draft: Draft): { thresholds: Thresholds; errors: null } | { thresholds: null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const values = Object.fromEntries(
    MEASURES.map((m) => {
      const bound = (which: 'amber' | 'red') => {
        const text = draft[m][which].trim();
        const n = Number(text);
        if (text === '' || !Number.isFinite(n)) errors[`${m}.${which}`] = 'must be a number';
        // Back from per cent without binary noise (5.6 / 100 is 0.055999999999999994).
        return Math.round((n / scaleOf(m)) * 1e9) / 1e9;
      };
      return [m, { amber: bound('amber'), red: bound('red') }];
    }),
  );
  if (Object.keys(errors).length > 0) return { thresholds: null, errors };
  const parsed = thresholdsSchema.safeParse(values);
  if (parsed.success) return { thresholds: parsed.data, errors: null };
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.');
    errors[key] = issue.code === 'too_small' ? 'must not be below 0' : inTyped(issue.message, issue.path[0] as Measure);
  }
  return { thresholds: null, errors };
}

/** The API keeps bounds to 4 decimal places of a fraction: of a rate typed in per cent, that is 2. */
const inTyped = (message: string, m: Measure) =>
  message === tooManyPlaces(4) && scaleOf(m) === 100 ? tooManyPlaces(2) : message;

/** The heatmap as the draft thresholds would colour it. */
export const recoloured = (view: HeatmapView, t: Thresholds): HeatmapView => ({
  ...view,
  thresholds: t[view.measure],
  cells: view.cells.map((c) => (c.value === null ? c : { ...c, rag: ragOf(view.measure, c.value, t) })),
});

/** How many cells of each colour: the number beside the colour, before and after. */
export function ragCounts(view: HeatmapView): Record<Exclude<Rag, 'none'>, number> {
  const counts = { red: 0, amber: 0, green: 0 };
  for (const c of view.cells) if (c.value !== null && c.rag !== 'none') counts[c.rag]++;
  return counts;
}

/** Measures coloured by their own bounds (unfilled hours are coloured by the unfilled share's): those the preview can show. */
export const PREVIEWABLE = MEASURES.filter((m) => judgedAs(m) === m);
