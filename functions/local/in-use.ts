import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { Level } from 'level';

/**
 * What the laptop's commands need for themselves is taken by another program: the data folder
 * (another `npm start`, `admin:create --local` or `migrate`) or the port. Said in words, with
 * what to do.
 */
export class InUse extends Error {}

export const dataInUse = (dataDir: string) =>
  new InUse(`${dataDir} is in use by another run of this system (npm start, admin:create or migrate). Stop that one first (Ctrl+C in its terminal).`);

export const portInUse = (port: number) =>
  new InUse(`Port ${port} is in use (by another program, or by this system started in another terminal). Stop that, or start on another port: npm start -- --port ${port + 1}`);

/**
 * Fails with `portInUse` if the port cannot be listened on: asked before a first start's demo
 * load, which takes most of a minute, rather than after it.
 */
export const ensurePortFree = (port: number, host: string) =>
  new Promise<void>((ok, fail) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'EADDRINUSE' ? portInUse(port) : e));
    probe.listen(port, host, () => probe.close(() => ok()));
  });

/**
 * Fails with `dataInUse` if another process has the LevelDB files under `path` open: they are
 * opened and closed at once. Asked before dynalite starts, because dynalite opens them only at
 * its first request, and then fails on its own thread, out of the caller's reach.
 */
export async function ensureDataFree(path: string): Promise<void> {
  const db = new Level(path);
  try {
    await db.open();
  } catch (e) {
    throw (e as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED' ? dataInUse(dirname(path)) : e;
  }
  await db.close();
}

/** For the commands: the message alone ends the command, never a stack trace. */
export function exitIfInUse(err: unknown): never {
  if (!(err instanceof InUse)) throw err;
  console.error(err.message);
  process.exit(1);
}
