import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * A command's options, as parseArgs reads them. `--help` prints the usage; an option the
 * command does not know, or a value it cannot take, prints what was wrong and the usage and
 * ends with code 2, never a stack trace.
 */
export function argsOrUsage<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  const given = config.args ?? process.argv.slice(2);
  if (given.includes('--help') || given.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${usage}`);
    process.exit(2);
  }
}
