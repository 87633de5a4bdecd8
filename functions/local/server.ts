import { mkdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { createApp } from '#api/app';
import { keepClosedDaysCurrent, runSchedule } from '#api/schedule';
import { DEFAULT_RATE_LIMIT, perUserRateLimit, type RateLimit } from '#api/middleware/rate-limit';
import { ProblemError } from '#api/problem';
import { problemResponse, titleOf } from '#api/problem-response';
import { systemClock, type Clock } from '#domain';
import { SCHEMA_VERSION } from '#store/items';
import { createDocumentClient } from '#store/client';
import { OPEN_DAY_CACHE_MS } from '#store/day-cache';
import { createDynamoStore } from '#store/dynamo-store';
import { DEFAULT_TABLE_NAME } from '#store/table';
import type { Store } from '#store/types';
import { localDirectory } from '#store/directory-local';
import { ensureDemo, type DemoOutcome } from './demo-loader';
import { startEmbeddedDynamo } from './dynalite';
import { ensureDataFree, ensurePortFree, portInUse } from './in-use';
import { createLocalIssuer } from './issuer';
import { consoleLogger } from './logger';
import { progressFor } from './progress';
import { ensureLocalTable } from './table';
import { localAuthRoutes } from './token-route';
import { mountWeb, prepareWeb } from './web';

export interface LocalSystemOptions {
  /** HTTP port; 0 picks a free one (tests). Default: PORT or 3000. */
  port?: number;
  /** Where dynalite's files and the token issuer's keys live. Default `.data`. */
  dataDir?: string;
  /** Start from nothing: delete dataDir first. */
  reset?: boolean;
  /** Demo data on first run (default 120 days), or false for an empty system. */
  demo?: { days?: number } | false;
  clock?: Clock;
  /** No progress bar, banner lines or request log (errors are still printed). */
  quiet?: boolean;
  /** Requests per person per window on /api (default DEFAULT_RATE_LIMIT); false for none. */
  rateLimit?: RateLimit | false;
}

export interface LocalSystem {
  /** Where it listens, e.g. http://127.0.0.1:3000 */
  url: string;
  /** What happened to the demo data at start, for the banner and the benchmark. */
  demo: DemoOutcome | null;
  /** The store itself, for benchmarks and tests that look beneath the API. */
  store: Store;
  /** The embedded dynalite's address, for the load benchmark that watches its requests. */
  dynamoEndpoint: string;
  stop(): Promise<void>;
}

/**
 * After a 413 the rest of the oversized body is still on its way: the connection cannot carry
 * another request, so the answer says `Connection: close` (and Node closes it) rather than
 * promising keep-alive and dropping it.
 */
const closeAfterRefusedBody =
  (fetch: (req: Request, env?: unknown) => Response | Promise<Response>) =>
  async (req: Request, env?: unknown): Promise<Response> => {
    // env carries Node's request and socket: the client address for the rate limit.
    const res = await fetch(req, env);
    if (res.status === 413) res.headers.set('Connection', 'close');
    return res;
  };

/** As often as the reconcile schedule runs in AWS. */
const SCHEDULE_EVERY_MS = 15 * 60_000;

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOST = process.env.HOST ?? '127.0.0.1';

/**
 * The whole system in one Node process: dynalite with its data under dataDir, the table,
 * demo data kept "this morning", the local token issuer, the API under /api and the built
 * dashboard at /. The same createApp as in Lambda; only the injected parts differ.
 */
export async function startLocalSystem(opts: LocalSystemOptions = {}): Promise<LocalSystem> {
  const quiet = opts.quiet ?? false;
  const say = (line: string) => quiet || console.log(line);
  const dataDir = resolve(opts.dataDir ?? '.data');
  const port = opts.port ?? Number(process.env.PORT ?? 3000);
  if (port !== 0) await ensurePortFree(port, HOST);
  if (opts.reset) {
    // Never from under another run.
    await ensureDataFree(join(dataDir, 'dynalite'));
    await rm(dataDir, { recursive: true, force: true });
  }
  await mkdir(join(dataDir, 'dynalite'), { recursive: true });

  const dynamo = await startEmbeddedDynamo(join(dataDir, 'dynalite'));
  const doc = createDocumentClient({ endpoint: dynamo.endpoint, region: 'local' });
  const stopDatabase = async () => {
    doc.destroy();
    await dynamo.stop();
  };
  try {
    await ensureLocalTable(dynamo.endpoint, DEFAULT_TABLE_NAME, { quiet });
    // Reconcile runs here only at start, when no save can be in flight (.data is one process's): nothing to wait for.
    const store = createDynamoStore({ doc, tableName: DEFAULT_TABLE_NAME, openDayCacheMs: OPEN_DAY_CACHE_MS, settleMs: 0 });
    const clock = opts.clock ?? systemClock;
    // A .data/ from before issue 7's layout is brought forward before anything reads it.
    if ((await store.schemaVersion()) < SCHEMA_VERSION) {
      const bar = progressFor('Bringing saved data to the new storage layout', { quiet });
      const migrated = await store.migrate((done, total) => bar.update(done, total));
      bar.stop();
      if (migrated.days > 0) say(`Brought ${migrated.days} days x localities of saved data to the new storage layout.`);
    }

    const demo =
      opts.demo === false
        ? null
        : await ensureDemo(store, {
            dataDir,
            days: opts.demo?.days,
            now: clock.now(),
            progress: progressFor('Loading demo data', { quiet }),
          });
    // What the reconcile schedule does in AWS: a save cut off when this laptop last stopped is
    // finished before anything is served, and the closed days' rollups (which the overview and
    // trends read) are kept current, at start and every 15 minutes.
    // At start every closed day's peer figures at once (a county's are quick), not 8 a run.
    await runSchedule(store, clock.now(), { peerDatesPerRun: Number.POSITIVE_INFINITY });
    const schedule = setInterval(() => keepClosedDaysCurrent(store, clock.now()).catch((error) => console.error(error)), SCHEDULE_EVERY_MS);
    schedule.unref();
    const issuer = await createLocalIssuer({ dataDir });
    const dist = await prepareWeb(PROJECT_ROOT, say);

    const api = createApp({ store, clock, verifyToken: issuer.verifyToken, directory: localDirectory(), logger: consoleLogger(quiet) });
    const app = new Hono();
    app.route('/auth/local', localAuthRoutes({ store, issuer }));
    app.get('/config.json', (c) => c.json({ auth: 'local' }));
    const rateLimit = opts.rateLimit ?? DEFAULT_RATE_LIMIT;
    if (rateLimit)
      app.use('/api/*', perUserRateLimit({ ...rateLimit, verifyToken: issuer.verifyToken, clientAddress: (c) => getConnInfo(c).remote.address ?? 'unknown' }));
    app.all('/api/*', (c) => api.fetch(c.req.raw, c.env));
    mountWeb(app, dist);
    app.notFound((c) => problemResponse(c, new ProblemError(404, titleOf(404), `There is no ${c.req.method} ${c.req.path}.`)));
    app.onError((error, c) => {
      if (error instanceof ProblemError) return problemResponse(c, error);
      console.error(error);
      return problemResponse(c, new ProblemError(500, titleOf(500), 'Something went wrong on our side; it has been logged.'));
    });

    const server = serve({ fetch: closeAfterRefusedBody(app.fetch), port, hostname: HOST });
    await new Promise<void>((ok, fail) => {
      if (server.listening) ok();
      server.once('listening', () => ok());
      server.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'EADDRINUSE' ? portInUse(port) : e));
    });
    const { port: bound } = server.address() as AddressInfo;
    return {
      url: `http://${HOST}:${bound}`,
      demo,
      store,
      dynamoEndpoint: dynamo.endpoint,
      async stop() {
        clearInterval(schedule);
        await new Promise<void>((ok) => {
          server.close(() => ok());
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await stopDatabase();
      },
    };
  } catch (error) {
    await stopDatabase();
    throw error;
  }
}
