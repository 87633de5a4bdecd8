import { fileURLToPath } from 'node:url';
import { prepareWeb } from '#local/web';

/**
 * Vitest global setup: build the dashboard once, before any test file starts the local
 * system, so parallel test files never run Vite into the same web/dist at the same time.
 */
export default async function setup(): Promise<void> {
  await prepareWeb(fileURLToPath(new URL('../..', import.meta.url)), (line) => console.log(line));
}
