import { describe, expect, it } from 'vitest';
import { SPA_FALLBACK_SOURCE } from '#infra/constructs/spa-fallback';

// The same text CloudFront runs, evaluated here as a plain function.
const handler = new Function(`${SPA_FALLBACK_SOURCE}; return handler;`)() as (event: { request: { uri: string } }) => { uri: string };
const served = (uri: string) => handler({ request: { uri } }).uri;

describe('the dashboard’s viewer-request function', () => {
  it('serves index.html for client-side routes, so a bookmarked or reloaded page opens', () => {
    expect(served('/')).toBe('/index.html');
    expect(served('/heatmap')).toBe('/index.html');
    expect(served('/providers/P-0001/returns/2026-11-20')).toBe('/index.html');
    expect(served('/completeness/')).toBe('/index.html');
  });

  it('leaves real files alone, including the deploy-time settings', () => {
    expect(served('/config.json')).toBe('/config.json');
    expect(served('/assets/index-3f2a1b.js')).toBe('/assets/index-3f2a1b.js');
    expect(served('/assets/images/nhsuk-icon-180.png')).toBe('/assets/images/nhsuk-icon-180.png');
    expect(served('/index.html')).toBe('/index.html');
  });
});
