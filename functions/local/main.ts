import { serviceDateOf } from '#domain';
import { argsOrUsage } from './args';
import { bannerOf } from './banner';
import { exitIfInUse } from './in-use';

// The SDK warns that releases after January 2027 will need Node 22; the laptop runtime
// supports Node 20.19+ today (the Lambda runs Node 24), so the warning only alarms a
// first-time user. Set before the SDK is loaded, hence the dynamic import below.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { startLocalSystem } = await import('./server');

const USAGE = `Usage: npm start [-- --port <number>] [--reset] [--no-demo]
  --port     where to listen (default 3000, or PORT)
  --reset    start afresh: remove the local database (.data/) first
  --no-demo  an empty system: no demo data`;

/** `npm start`: the whole system on a laptop. */
const { values } = argsOrUsage(
  {
    options: {
      reset: { type: 'boolean', default: false },
      port: { type: 'string' },
      'no-demo': { type: 'boolean', default: false },
    },
  },
  USAGE,
);
const port = values.port === undefined ? Number(process.env.PORT ?? 3000) : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, not ${values.port}`);
  process.exit(2);
}

// Stopped before it is ready (a first start's demo load takes most of a minute): the database
// keeps what it has written, and the next start carries on from there (demo-loader.ts).
const beforeReady = () => {
  console.log('\nStopped before the system was ready. The next npm start carries on from where this one stopped.');
  process.exit(130);
};
process.once('SIGINT', beforeReady);
process.once('SIGTERM', beforeReady);

const started = performance.now();
const system = await startLocalSystem({ port, reset: values.reset, demo: values['no-demo'] ? false : {} }).catch(exitIfInUse);
const units = await system.store.listProviders();
const exampleUnit = units.find((u) => u.sector === 'care-home')?.providerId ?? units[0]?.providerId ?? null;
console.log(bannerOf({ port: Number(new URL(system.url).port), demo: system.demo, exampleUnit, today: serviceDateOf(new Date()) }));
console.log(`Ready in ${((performance.now() - started) / 1000).toFixed(1)} s.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.off(signal, beforeReady);
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log('\nStopping…');
    system.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
