import { Logger } from '@aws-lambda-powertools/logger';
import type { AppLogger } from './deps';

/**
 * The logger of one request: every line it writes carries `keys` (the correlation id), so no
 * call passes them by hand. A Powertools Logger gets a child with persistent keys, not
 * `appendKeys` on the shared one: requests run concurrently in one process (always locally,
 * and in Lambda during a slow await), and appended keys would leak between them.
 */
export function loggerFor(base: AppLogger, keys: Record<string, unknown>): AppLogger {
  if (base instanceof Logger) return base.createChild({ persistentKeys: keys });
  return {
    info: (message, ...attributes) => base.info(message, Object.assign({}, keys, ...attributes)),
    error: (message, ...attributes) => base.error(message, Object.assign({}, keys, ...attributes)),
  };
}
