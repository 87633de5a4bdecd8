import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { ensureTable } from '#store/bootstrap';
import { createDocumentClient, defaultRequestHandler } from '#store/client';
import { createDynamoStore } from '#store/dynamo-store';
import type { Store } from '#store/types';

export interface TestDb {
  endpoint: string;
  tableName: string;
  store: Store;
  /** A plain client of the same table, for writing what an older version of the store left. */
  doc: ReturnType<typeof createDocumentClient>;
  stop(): Promise<void>;
}

export interface MakeStoreOptions {
  /** Wrap the real handler (defaultRequestHandler from client.ts) to inject faults. */
  requestHandler?: unknown;
  maxAttempts?: number;
  /** How long reconcile leaves a new version alone: 0 here unless set, so a test's reconcile sees what it just cut off. */
  settleMs?: number;
}

/** A store on a given endpoint; its client is closed when the test db stops. */
export function makeStore(endpoint: string, tableName: string, opts: MakeStoreOptions = {}): Store {
  const doc = createDocumentClient({ endpoint, region: 'local', requestHandler: opts.requestHandler, maxAttempts: opts.maxAttempts });
  clients.add(doc);
  return createDynamoStore({ doc, tableName, settleMs: opts.settleMs ?? 0 });
}
const clients = new Set<ReturnType<typeof createDocumentClient>>();

/** An in-memory dynalite on a free port with the table created: one per test file. */
export async function startTestDb(): Promise<TestDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tableName = 'staffing-test';
  await ensureTable({ endpoint, tableName });
  const doc = createDocumentClient({ endpoint, region: 'local' });
  clients.add(doc);
  return {
    endpoint,
    tableName,
    doc,
    store: makeStore(endpoint, tableName),
    async stop() {
      for (const doc of clients) doc.destroy();
      clients.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What a fault injector sees of one DynamoDB request. */
export interface InterceptedRequest {
  /** The DynamoDB operation, e.g. PutItem. */
  operation: string;
  /** The JSON body, to tell which item a request writes. */
  body: string;
}
export type Intercept = <R>(request: InterceptedRequest, forward: () => Promise<R>) => Promise<R>;

type RealHandler = ReturnType<typeof defaultRequestHandler>;

/**
 * A request handler for makeStore that lets a test see every request and decide: forward it to
 * the real handler, fail before or after forwarding, or hold it back. Below the SDK's retries,
 * so a thrown retryable error is retried exactly as a real network fault would be.
 */
export function interceptingHandler(intercept: Intercept): unknown {
  const real = defaultRequestHandler();
  const handler: Pick<RealHandler, 'handle' | 'updateHttpClientConfig' | 'httpHandlerConfigs' | 'destroy'> = {
    handle: (request, options) =>
      intercept(
        {
          operation: String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '',
          body: textOf(request.body),
        },
        () => real.handle(request, options),
      ),
    updateHttpClientConfig: (key, value) => real.updateHttpClientConfig(key, value),
    httpHandlerConfigs: () => real.httpHandlerConfigs(),
    destroy: () => real.destroy(),
  };
  return handler;
}

const textOf = (body: unknown): string =>
  typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : '';

/** A store whose process is killed at every request `dies` picks: that request is never sent, and throws 'process killed'. */
export const killedAt = (endpoint: string, tableName: string, dies: (request: InterceptedRequest) => boolean): Store =>
  makeStore(endpoint, tableName, {
    requestHandler: interceptingHandler(async (req, forward) => {
      if (dies(req)) throw new Error('process killed');
      return forward();
    }),
  });

/** The request puts an item whose sort key begins `prefix` (CURRENT#, RETURN#). */
export const putsItem = (prefix: string) => (req: InterceptedRequest) => req.operation === 'PutItem' && req.body.includes(`"sk":{"S":"${prefix}`);

/** An error the SDK treats as a dropped connection, and retries. */
export const connectionReset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
