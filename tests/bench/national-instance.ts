/**
 * The bench's API, as the API Lambda has it (today's whole-system sums kept half a minute, README
 * "What the views read"), on a free loopback port: the bench's own, which its meter counts, and
 * the national ingest's instances, each in a worker thread of its own with its own DynamoDB
 * client and caches. In AWS the API runs as many Lambda instances side by side, each with its own
 * CPU; the bench runs one per core of the machine, so a day's returns are not held to the one
 * event loop of the bench's own process, which AWS never has. An instance posts its address.
 */
import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createApp } from '#api/app';
import type { Clock } from '#domain';
import { createDocumentClient } from '#store/client';
import { createDynamoStore } from '#store/dynamo-store';
import { OPEN_DAY_CACHE_MS } from '#store/day-cache';
import { verifyToken } from './national-register';

export async function startBenchApi(doc: DynamoDBDocumentClient, tableName: string, clock: Clock) {
  const store = createDynamoStore({ doc, tableName, openDayCacheMs: OPEN_DAY_CACHE_MS });
  const app = createApp({ store, clock, verifyToken, logger: { info: () => {}, error: () => {} } });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

export interface InstanceConfig {
  endpoint: string;
  tableName: string;
  /** The server's clock, fixed (epoch ms), as the bench's own instance has it. */
  now: number;
}

if (parentPort && workerData) {
  const { endpoint, tableName, now } = workerData as InstanceConfig;
  const { base } = await startBenchApi(createDocumentClient({ endpoint, region: 'local' }), tableName, { now: () => new Date(now) });
  parentPort.postMessage(base);
}
