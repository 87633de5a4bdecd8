import { describe, expect, it } from 'vitest';
import { ORIGIN_HEADER, originCheck } from '#handlers/origin-check';

const SECRET = 'Zq3t8Vb1nKp0Lr5Xw2Yc7Md4Hs9Fj6Ga';
const check = originCheck(SECRET);

describe('the check that a request came through CloudFront', () => {
  it('lets a request carrying the secret through', () => {
    expect(check({ headers: { [ORIGIN_HEADER]: SECRET, accept: 'application/json' } })).toBeNull();
  });

  it.each([
    ['no headers at all', undefined],
    ['no origin header', { accept: 'application/json' }],
    ['an empty origin header', { [ORIGIN_HEADER]: '' }],
    ['a value one character short', { [ORIGIN_HEADER]: SECRET.slice(0, -1) }],
    ['a value one character long', { [ORIGIN_HEADER]: `${SECRET}x` }],
    ['the secret in another case', { [ORIGIN_HEADER]: SECRET.toLowerCase() }],
    ['the secret under another header name', { 'x-origin-secret': SECRET }],
  ])('refuses %s with a 403 problem', (_, headers) => {
    const answer = check({ headers });
    expect(answer).toMatchObject({ statusCode: 403, headers: { 'content-type': 'application/problem+json' } });
    expect(JSON.parse(answer!.body)).toMatchObject({ type: 'about:blank', status: 403, title: 'Not allowed', errors: [{ path: '(url)' }] });
  });

  it('never says what the secret is, or what was sent', () => {
    const answer = check({ headers: { [ORIGIN_HEADER]: 'guessed-value' } });
    expect(answer!.body).not.toContain(SECRET);
    expect(answer!.body).not.toContain('guessed-value');
  });

  it('refuses to be set up with an empty secret, which would guard nothing', () => {
    expect(() => originCheck('')).toThrow(/empty/);
  });
});
