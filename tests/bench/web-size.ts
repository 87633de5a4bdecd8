/**
 * `npx tsx tests/bench/web-size.ts`: how much JavaScript a provider's phone downloads to open
 * the daily return form, gzipped, from a fresh production build (web/dist). The form is part
 * of the one dashboard bundle, so the figure is the entry and every chunk it imports
 * statically; chunks loaded only on demand (the OIDC client, used in AWS only) are listed apart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { prepareWeb } from '#local/web';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = (await prepareWeb(root, (line) => console.log(line)))!;
const assets = join(dist, 'assets');
const entry = /src="\/assets\/([^"]+\.js)"/.exec(readFileSync(join(dist, 'index.html'), 'utf8'))![1];

const gz = (file: string) => gzipSync(readFileSync(join(assets, file)), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Chunks a module imports statically (`import … from "./x.js"`, `import "./x.js"`), not `import("./x.js")`. */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(join(assets, file), 'utf8');
  for (const m of code.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) staticImports(m[1], seen);
  return seen;
}

const loaded = staticImports(entry);
const onDemand = readdirSync(assets).filter((f) => f.endsWith('.js') && !loaded.has(f));
const raw = [...loaded].reduce((n, f) => n + readFileSync(join(assets, f)).length, 0);
const zipped = [...loaded].reduce((n, f) => n + gz(f), 0);
console.log(`JavaScript to open the return form (${loaded.size} files): ${kb(zipped)} gzip, ${kb(raw)} minified`);
for (const f of loaded) console.log(`  ${f}: ${kb(gz(f))} gzip`);
for (const f of onDemand) console.log(`  on demand only: ${f}: ${kb(gz(f))} gzip`);
const css = readdirSync(assets).filter((f) => f.endsWith('.css'));
console.log(`CSS: ${kb(css.reduce((n, f) => n + gz(f), 0))} gzip`);
