import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://localhost:3000';

/**
 * nhsuk-frontend's compiled CSS points its icons at the site root (/assets/images/...) and its
 * Frutiger font at assets.nhs.uk. We bundle the icons from the package and drop the remote
 * font (the design system's own fallback is Arial): nothing is fetched from a third party.
 */
/** Drops `@media screen\\0 {...}` blocks: Internet Explorer hacks that the CSS minifier rejects. */
function withoutIeHacks(css: string): string {
  const marker = '@media screen\\0';
  let out = '';
  let at = 0;
  for (let start = css.indexOf(marker); start !== -1; start = css.indexOf(marker, at)) {
    out += css.slice(at, start);
    let depth = 0;
    let i = css.indexOf('{', start);
    for (; i < css.length; i++) {
      if (css[i] === '{') depth++;
      else if (css[i] === '}' && --depth === 0) break;
    }
    at = i + 1;
  }
  return out + css.slice(at);
}

function nhsukCss(): Plugin {
  return {
    name: 'nhsuk-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/nhsuk-frontend\/dist\/nhsuk\/nhsuk-frontend\.min\.css/.test(id)) return null;
      const css = code.replace(/@font-face\{[^}]*\}/g, '').replace(/url\(\/assets\/images\//g, 'url(./assets/images/');
      return { code: withoutIeHacks(css), map: null };
    },
  };
}

export default defineConfig({
  root,
  plugins: [nhsukCss(), svelte()],
  // nhsuk-frontend's CSS keeps IE hacks (@media screen\0) that lightningcss rejects; esbuild minifies it as is.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, cssMinify: 'esbuild', chunkSizeWarningLimit: 600 },
  server: {
    proxy: { '/api': api, '/auth': api, '/config.json': api },
  },
});
