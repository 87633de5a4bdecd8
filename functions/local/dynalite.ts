import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { ensureDataFree } from './in-use';

export interface EmbeddedDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * The database's thread: dynalite listening on loopback, its LevelDB files under the path it is
 * given. Plain JavaScript so that it needs no loader; it posts its port, and on 'stop' closes the
 * server (kept-alive SDK sockets would hold close() open; dynalite closes its LevelDB files
 * before it calls back) and posts what went wrong, if anything.
 */
const DATABASE_THREAD = `
  const { parentPort, workerData } = require('node:worker_threads');
  // An eval'd thread resolves require() from the working folder: resolve from this project instead.
  const dynalite = require('node:module').createRequire(workerData.from)('dynalite');
  const server = dynalite({ path: workerData.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.once('error', (err) => parentPort.postMessage({ error: String(err) }));
  server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
  parentPort.on('message', () => {
    server.closeIdleConnections();
    server.close((err) => parentPort.postMessage({ error: err ? String(err) : undefined }));
  });
`;

/**
 * DynamoDB on the laptop: dynalite in this very process, on a thread of its own (so the API and
 * the demo load use one core and the database the other), its LevelDB files under `path` so the
 * data outlives a restart. Tables become ACTIVE at once. Listens on loopback only.
 */
export async function startEmbeddedDynamo(path: string): Promise<EmbeddedDynamo> {
  await ensureDataFree(path);
  const worker = new Worker(DATABASE_THREAD, { eval: true, workerData: { path, from: import.meta.url } });
  // once() rejects if the thread fails before it answers.
  const [started] = (await once(worker, 'message')) as [{ port?: number; error?: string }];
  if (started.port === undefined) {
    await worker.terminate();
    throw new Error(`the embedded database did not start: ${started.error}`);
  }
  return {
    endpoint: `http://127.0.0.1:${started.port}`,
    async stop() {
      worker.postMessage('stop');
      const [stopped] = (await once(worker, 'message')) as [{ error?: string }];
      await worker.terminate();
      if (stopped.error) throw new Error(stopped.error);
    },
  };
}
