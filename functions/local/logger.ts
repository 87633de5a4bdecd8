import type { AppLogger } from '#api/deps';

/**
 * Control and direction characters as visible escapes (\n, \u202e), so a path such as
 * `/api/%0AGET /api/admin 200` stays on its own line and cannot forge another.
 */
export const printable = (text: string) =>
  text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udfff]/gu, (ch) =>
    ch === '\n' ? '\\n' : ch === '\t' ? '\\t' : ch === '\r' ? '\\r' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** One short line per request on a laptop, instead of the Lambda's JSON lines; errors always. */
export function consoleLogger(quiet: boolean): AppLogger {
  return {
    info(message, ...attributes) {
      if (quiet) return;
      const a = Object.assign({}, ...attributes) as Record<string, unknown>;
      if (message === 'request') console.log(`${a.method} ${printable(String(a.path))} → ${a.status} (${a.ms} ms)`);
      else console.log(message, a);
    },
    error(message, ...attributes) {
      console.error(message, ...attributes);
    },
  };
}
