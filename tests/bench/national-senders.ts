/**
 * The national ingest's load generator, in a worker thread of its own so that its CPU is not
 * taken from an API instance: each unit's own user sends its return for the day once, a fixed
 * number in flight, spread over the API instances as a load balancer would. Posts each answer's
 * status, in the order of the units. Loaded, it says it is ready and waits for a message to begin,
 * so that the timing and CPU measured leave out the starting of threads.
 */
import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { mapLimit, type Provider } from '#domain';
import { bodyOf, putReturn } from './national-register';

export interface SendersConfig {
  urls: string[];
  units: Provider[];
  date: string;
  inFlight: number;
}

export type SendersMessage = { kind: 'ready' } | { kind: 'progress'; sent: number } | { kind: 'done'; statuses: number[] };

if (parentPort && workerData) {
  const { urls, units, date, inFlight } = workerData as SendersConfig;
  parentPort.postMessage({ kind: 'ready' } satisfies SendersMessage);
  await once(parentPort, 'message');
  let started = 0;
  let sent = 0;
  const statuses = await mapLimit(units, inFlight, async (p) => {
    const res = await putReturn(urls[started++ % urls.length], p, date, bodyOf(p, date));
    await res.arrayBuffer();
    if (++sent % 5000 === 0) parentPort!.postMessage({ kind: 'progress', sent } satisfies SendersMessage);
    return res.status;
  });
  parentPort.postMessage({ kind: 'done', statuses } satisfies SendersMessage);
}
