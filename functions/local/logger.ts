import type { AppLogger } from '#api/deps';

/** One short line per request on a laptop, instead of the Lambda's JSON lines; errors always. */
export function consoleLogger(quiet: boolean): AppLogger {
  return {
    info(message, ...attributes) {
      if (quiet) return;
      const a = Object.assign({}, ...attributes) as Record<string, unknown>;
      if (message === 'request') console.log(`${a.method} ${a.path} → ${a.status} (${a.ms} ms)`);
      else console.log(message, a);
    },
    error(message, ...attributes) {
      console.error(message, ...attributes);
    },
  };
}
