/**
 * How long the unit × day heatmap of the whole demo system takes to appear in Chromium:
 * from navigation start (a fresh page load) to its cells being in the DOM. A measurement, not a
 * test: `npx tsx tests/e2e/measure-heatmap.ts [runs]`. Uses the full default demo (120 days).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalSystem } from '#local/server';
import { launchChromium, screenshot, signIn } from './browser';

const runs = Number(process.argv[2] ?? 5);
const dataDir = await mkdtemp(join(tmpdir(), 'heatmap-timing-'));
const system = await startLocalSystem({ port: 0, dataDir, quiet: true });
const browser = await launchChromium();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  // Records the moment the first heatmap cell exists; Svelte inserts the whole grid in one flush.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const cells = document.querySelectorAll('.heatmap--compact .heatmap__button').length;
      if (cells > 0) {
        (window as unknown as { cellsAt: unknown }).cellsAt = { ms: performance.now(), cells };
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await signIn(page, system.url, 'leader');
  await page.getByRole('heading', { level: 1, name: 'System overview' }).waitFor();
  const times: number[] = [];
  const apiTimes: number[] = [];
  let cells = 0;
  for (let i = 0; i < runs + 1; i++) {
    // A query string makes each load a new document (a hash change alone would not reload).
    await page.goto(`${system.url}/?load=${i}#/heatmaps?view=unit-day&measure=vacancy-rate`);
    await page.waitForFunction(() => 'cellsAt' in window, null, { timeout: 60_000 });
    const r = (await page.evaluate(() => (window as unknown as { cellsAt: { ms: number; cells: number } }).cellsAt))!;
    const api = await page.evaluate(
      () => performance.getEntriesByType('resource').find((e) => e.name.includes('/api/system/heatmap'))?.duration ?? 0,
    );
    if (i > 0) {
      // the first load warms the server's caches and the browser's
      times.push(r.ms);
      apiTimes.push(api);
    }
    cells = r.cells;
  }
  await screenshot(page, 'measure-unit-day-viewport');
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  apiTimes.sort((a, b) => a - b);
  console.log(`unit × day heatmap, whole demo system: ${cells} cells; navigation → cells rendered: median ${median.toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms over ${runs} loads (of which the heatmap API answer: median ${apiTimes[Math.floor(apiTimes.length / 2)].toFixed(0)} ms)`);
} finally {
  await browser.close();
  await system.stop();
  await rm(dataDir, { recursive: true, force: true });
}
