/** Hash routes (#/heatmaps?measure=fill-rate): filters live in the address so a view can be reloaded or shared. */
export type Page =
  | 'overview'
  | 'heatmaps'
  | 'trends'
  | 'discharge'
  | 'completeness'
  | 'unit'
  | 'sign-in'
  | 'home'
  | 'return'
  | 'submitted'
  | 'import'
  | AdminPage;

/** Pages about one unit, with its id in the path: #/units/:id, #/return/:id, #/submitted/:id. */
const UNIT_PAGES: Partial<Record<string, Page>> = { units: 'unit', return: 'return', submitted: 'submitted' };
const PATH_OF: Partial<Record<Page, string>> = { unit: 'units', return: 'return', submitted: 'submitted' };
/** The admin pages (#/register, #/users, #/thresholds, #/audit). */
export type AdminPage = 'register' | 'users' | 'thresholds' | 'audit';
export const ADMIN_PAGES: AdminPage[] = ['register', 'users', 'thresholds', 'audit'];

export interface Route {
  page: Page;
  /** The unit id on #/units/:id (and the other unit pages). */
  id: string | null;
  params: URLSearchParams;
  /** False when the address names no page: each role has its own landing page. */
  explicit: boolean;
}

const PAGES: Page[] = ['overview', 'heatmaps', 'trends', 'discharge', 'completeness', 'sign-in', 'home', 'import', ...ADMIN_PAGES];

export function parseHash(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [first, second] = path.split('/');
  const params = new URLSearchParams(query);
  const unitPage = UNIT_PAGES[first];
  if (unitPage && second) return { page: unitPage, id: decodeURIComponent(second), params, explicit: true };
  const known = (PAGES as string[]).includes(first);
  return { page: known ? (first as Page) : 'overview', id: null, params, explicit: known };
}

export function hrefOf(page: Page, params: Record<string, string | undefined> = {}, id?: string): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  const path = PATH_OF[page] ? `${PATH_OF[page]}/${encodeURIComponent(id ?? '')}` : page;
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
