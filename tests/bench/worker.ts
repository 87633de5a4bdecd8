import { Worker } from 'node:worker_threads';

/** `BENCH_PROF=<folder>` writes a CPU profile of each worker thread there (BENCHMARKS.md: where an ingest's time goes). */
const PROFILE_DIR = process.env.BENCH_PROF;

/** A worker thread running a TypeScript module: tsx's loader is not inherited by workers on Node 20, so it is registered first. */
export function tsWorker(file: URL, workerData: unknown): Worker {
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); })`, {
    eval: true,
    workerData,
    ...(PROFILE_DIR ? { execArgv: [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] } : {}),
  });
}
