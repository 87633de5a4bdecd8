import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
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

describe('the laptop commands, given what they cannot use', () => {
  test('says so in words, with what to do, and ends before it loads or writes anything', async () => {
    const failed = await run('npm', ['start', '--silent', '--', '--port', String(taken)], { cwd: process.cwd(), timeout: 60_000 }).catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 1 });
    const { stdout, stderr } = failed as { stdout: string; stderr: string };
    expect(stderr.trim()).toBe(`Port ${taken} is in use (by another program, or by this system started in another terminal). Stop that, or start on another port: npm start -- --port ${taken + 1}`);
    expect(stdout).not.toMatch(/Loading demo data/);

    await expect(startLocalSystem({ port: taken, dataDir, quiet: true })).rejects.toThrow(InUse);
    expect(await readdir(dataDir)).toEqual([]);
  });
});

test.each([
  ['start', ['start', '--silent', '--', '--prot', '3001'], /Unknown option '--prot'/, /^Usage: npm start/m],
  ['migrate', ['run', '--silent', 'migrate', '--', '--tabel', 'x'], /Unknown option '--tabel'/, /^  npm run migrate -- --table <name>/m],
  ['admin:create', ['run', '--silent', 'admin:create', '--', '--emial', 'a@b.c'], /Unknown option '--emial'/, /^  npm run admin:create -- --email/m],
])('npm %s with a mistyped option says which and how it is used, and starts nothing', async (_, args, wrong, usage) => {
  const failed = await run('npm', args, { cwd: process.cwd(), timeout: 60_000 }).catch((e: { code: number; stderr: string }) => e);
  expect(failed).toMatchObject({ code: 2 });
  const { stderr } = failed as { stderr: string };
  expect(stderr).toMatch(wrong);
  expect(stderr).toMatch(usage);
  expect(stderr).not.toMatch(/^\s+at /m);
});

test('npm start -- --help prints how it is used, and starts nothing', async () => {
  const { stdout } = await run('npm', ['start', '--silent', '--', '--help'], { cwd: process.cwd(), timeout: 60_000 });
  expect(stdout).toMatch(/^Usage: npm start \[-- --port <number>\] \[--reset\] \[--no-demo\]/);
  expect(stdout).not.toMatch(/Loading demo data|is running/);
});

test('npm start stopped with Ctrl+C while it loads the demo says the next start carries on, and exits at once', async () => {
  // In a folder of its own, so its .data/ is the test's: the command as npm start runs it.
  const cwd = await mkdtemp(join(tmpdir(), 'stopped-start-'));
  try {
    const start = spawn(join(process.cwd(), 'node_modules/.bin/tsx'), [join(process.cwd(), 'functions/local/main.ts'), '--port', '0'], { cwd });
    let out = '';
    start.stdout.on('data', (d: Buffer) => (out += d));
    start.stderr.on('data', (d: Buffer) => (out += d));
    await expect.poll(() => out, { timeout: 60_000, interval: 100 }).toMatch(/Loading demo data/);
    start.kill('SIGINT');
    // 'close', not 'exit': the last of its output can still be in the pipe when it exits.
    const [code] = await once(start, 'close');
    expect(code).toBe(130);
    expect(out).toMatch(/Stopped before the system was ready\. The next npm start carries on from where this one stopped\./);
    expect(out).not.toMatch(/^\s+at /m);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
});
