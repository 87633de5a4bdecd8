import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InUse } from '#local/in-use';
import { startLocalSystem } from '#local/server';

const run = promisify(execFile);
let other: Server;
let taken: number;
let dataDir: string;
beforeAll(async () => {
  // Another program on the port the system is asked to use.
  other = createServer();
  await new Promise<void>((ok) => other.listen(0, '127.0.0.1', ok));
  taken = (other.address() as AddressInfo).port;
  dataDir = await mkdtemp(join(tmpdir(), 'in-use-'));
});
afterAll(async () => {
  await new Promise((ok) => other.close(ok));
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start on a port another program has', () => {
  test('says so in words, with what to do, and ends before it loads or writes anything', async () => {
    const failed = await run('npm', ['start', '--silent', '--', '--port', String(taken)], { cwd: process.cwd(), timeout: 60_000 }).catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 1 });
    const { stdout, stderr } = failed as { stdout: string; stderr: string };
    expect(stderr.trim()).toBe(`Port ${taken} is in use by another program. Stop it, or start on another port: npm start -- --port ${taken + 1}`);
    expect(stdout).not.toMatch(/Loading demo data/);

    await expect(startLocalSystem({ port: taken, dataDir, quiet: true })).rejects.toThrow(InUse);
    expect(await readdir(dataDir)).toEqual([]);
  });
});
