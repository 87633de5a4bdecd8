/**
 * One instance of the API for the national ingest, in a worker thread of its own, with its own
 * DynamoDB client and caches. In AWS the API runs as many Lambda instances side by side, each with
 * its own CPU; the bench runs one per core of the machine, so a day's returns are not held to the
 * one event loop of the bench's own process, which AWS never has. Posts the port it listens on.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '#api/app';
import { createDocumentClient } from '#store/client';
import { createDynamoStore } from '#store/dynamo-store';
import { OPEN_DAY_CACHE_MS } from '#store/day-cache';
import { verifyToken } from './national-register';

export interface InstanceConfig {
  endpoint: string;
  tableName: string;
  /** The server's clock, fixed (epoch ms), as the bench's own instance has it. */
  now: number;
}

if (parentPort && workerData) {
  const { endpoint, tableName, now } = workerData as InstanceConfig;
  const doc = createDocumentClient({ endpoint, region: 'local' });
  const store = createDynamoStore({ doc, tableName, openDayCacheMs: OPEN_DAY_CACHE_MS });
  const app = createApp({ store, clock: { now: () => new Date(now) }, verifyToken, logger: { info: () => {}, error: () => {} } });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  server.once('listening', () => parentPort!.postMessage((server.address() as AddressInfo).port));
}
