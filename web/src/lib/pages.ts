/**
 * The next page's address from a list's `Link` header (RFC 8288), or null on the last page.
 * Our own server writes exactly `<address>; rel="next"`, so one pattern reads it.
 */
export const nextPageOf = (link: string | null): string | null => (link ? (/^<([^>]+)>;\s*rel="next"$/.exec(link)?.[1] ?? null) : null);
