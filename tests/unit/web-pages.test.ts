import { describe, expect, it } from 'vitest';
import { nextPageOf } from '#web/lib/pages';

describe('following a list that pages (RFC 8288 Link header)', () => {
  it('reads the next page from the Link header our lists write, and stops on the last page', () => {
    expect(nextPageOf('</api/users?cursor=cGVyc29u>; rel="next"')).toBe('/api/users?cursor=cGVyc29u');
    expect(nextPageOf('</api/providers?sector=care-home&cursor=WyJhIiwiYiJd>; rel="next"')).toBe('/api/providers?sector=care-home&cursor=WyJhIiwiYiJd');
    expect(nextPageOf(null)).toBeNull();
    expect(nextPageOf('</api/users>; rel="prev"')).toBeNull();
  });
});
