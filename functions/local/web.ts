import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

/** Newest modification time of a file or of anything under a folder. */
async function newestChange(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  const times = await Promise.all(entries.filter((e) => e.isFile()).map((e) => stat(join(e.parentPath, e.name)).then((s) => s.mtimeMs)));
  return Math.max(info.mtimeMs, ...times);
}

/**
 * The built dashboard's folder, built first with Vite when it is missing or older than its
 * sources; null when the project has no web app yet.
 */
export async function prepareWeb(root: string, say: (line: string) => void): Promise<string | null> {
  const configFile = join(root, 'web', 'vite.config.ts');
  if (!existsSync(configFile)) return null;
  const dist = join(root, 'web', 'dist');
  const built = await newestChange(join(dist, 'index.html'));
  const sources = Math.max(await newestChange(join(root, 'web', 'src')), await newestChange(join(root, 'web', 'index.html')));
  if (built === 0 || sources > built) {
    say('Building the dashboard (web/) with Vite: once, and again whenever web/src changes…');
    const { build } = await import('vite');
    await build({ configFile, logLevel: 'warn' });
  }
  return dist;
}

const NO_WEB_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Staffing dashboard API</title></head>
<body><h1>The staffing API is running</h1><p>There is no dashboard build yet. The API is under <a href="/api/openapi.json">/api</a>.</p></body></html>`;

/** The dashboard at `/`, with every other non-API GET answered by index.html (the SPA routes it). */
export function mountWeb(app: Hono, dist: string | null): void {
  if (dist === null) {
    app.get('/', (c) => c.html(NO_WEB_PAGE));
    return;
  }
  app.get('*', serveStatic({ root: dist }));
  app.get('*', serveStatic({ path: join(dist, 'index.html') }));
}
