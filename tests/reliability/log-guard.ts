import { format } from 'node:util';
import { afterAll } from 'vitest';

/**
 * Issue 11, item 8, for the whole suite: a setup file (vitest.config.ts `setupFiles`) that
 * records everything each test file's process writes (console, stdout, stderr: the request
 * log, Powertools' JSON lines, errors) and fails the file if any of it holds a bearer token or
 * an e-mail address. Note text is checked by log-hygiene.test.ts, which knows what notes it sent.
 */
export const SECRETS: [string, RegExp][] = [
  ['a JSON web token', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
  ['a bearer token', /\bBearer\s+[A-Za-z0-9._~+/-]{16,}/i],
  ['an e-mail address', /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/],
];

/** What in `text` must never be logged, each with a little of the line around it. */
export function secretsIn(text: string): string[] {
  return SECRETS.flatMap(([what, pattern]) => {
    const m = pattern.exec(text);
    return m ? [`${what}: …${text.slice(Math.max(0, m.index - 60), m.index + 20).replace(/\s+/g, ' ')}…`] : [];
  });
}

const written: string[] = [];
for (const stream of [process.stdout, process.stderr]) {
  const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString() : String(chunk));
    return original(chunk, ...rest);
  }) as typeof stream.write;
}
for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[level];
  console[level] = (...args: unknown[]) => {
    written.push(format(...args));
    original.apply(console, args);
  };
}

afterAll(() => {
  const found = secretsIn(written.join('\n'));
  if (found.length > 0) throw new Error(`This test file's logs hold what must never be logged:\n${found.join('\n')}`);
});
