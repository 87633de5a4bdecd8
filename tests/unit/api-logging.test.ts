import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, expect, test, vi } from 'vitest';
import { createApp } from '#api/app';
import { StoreUnavailableError, type Store } from '#store/types';

afterEach(() => vi.restoreAllMocks());

/** A store whose every call fails after `ms`: only to make requests overlap and log errors. */
const slowFailingStore = (ms: number) =>
  new Proxy({} as Store, {
    get: () => () => new Promise((_, fail) => setTimeout(() => fail(new StoreUnavailableError(new Error('down'))), ms)),
  });

test('each log line of a request carries its own request id, even when requests overlap in one process', async () => {
  const lines: Record<string, unknown>[] = [];
  for (const stream of [process.stdout, process.stderr])
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      return true;
    });
  const app = createApp({ store: slowFailingStore(20), clock: { now: () => new Date() }, verifyToken: async () => ({ subject: 's', roles: ['leader'] }), logger: new Logger({ serviceName: 'staffing-api' }) });

  const ids = ['first-request', 'second-request', 'third-request'];
  const answers = await Promise.all(ids.map((id) => app.request('/api/localities', { headers: { 'X-Request-Id': id, Authorization: 'Bearer t' } })));

  expect(answers.map((r) => [r.status, r.headers.get('X-Request-Id')])).toEqual(ids.map((id) => [503, id]));
  for (const id of ids) {
    const mine = lines.filter((l) => l.requestId === id);
    expect(mine.map((l) => l.message).sort(), id).toEqual(['request', 'store unavailable'].sort());
  }
  expect(lines.every((l) => l.service === 'staffing-api')).toBe(true);
});
