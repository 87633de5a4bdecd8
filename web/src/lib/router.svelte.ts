/** Hash routes (#/heatmaps?measure=fill-rate): filters live in the address so a view can be reloaded or shared. */
export type Page = 'overview' | 'heatmaps' | 'trends' | 'discharge' | 'completeness' | 'unit' | 'sign-in';

export interface Route {
  page: Page;
  /** The unit id on #/units/:id. */
  id: string | null;
  params: URLSearchParams;
}

const PAGES: Page[] = ['overview', 'heatmaps', 'trends', 'discharge', 'completeness', 'sign-in'];

export function parseHash(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [first, second] = path.split('/');
  const params = new URLSearchParams(query);
  if (first === 'units' && second) return { page: 'unit', id: decodeURIComponent(second), params };
  const page = (PAGES as string[]).includes(first) ? (first as Page) : 'overview';
  return { page, id: null, params };
}

export function hrefOf(page: Page, params: Record<string, string | undefined> = {}, id?: string): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  const path = page === 'unit' ? `units/${encodeURIComponent(id ?? '')}` : page;
  return `#/${path}${s ? `?${s}` : ''}`;
}

export const router = $state<{ route: Route }>({ route: parseHash(typeof location === 'undefined' ? '' : location.hash) });

export function startRouter(): void {
  window.addEventListener('hashchange', () => {
    router.route = parseHash(location.hash);
  });
}

/** Change the current page's filters without adding a history entry for every click. */
export function setParams(params: Record<string, string | undefined>): void {
  const r = router.route;
  const merged: Record<string, string | undefined> = Object.fromEntries(r.params);
  Object.assign(merged, params);
  const href = hrefOf(r.page, merged, r.id ?? undefined);
  history.replaceState(null, '', href);
  router.route = parseHash(href);
}
