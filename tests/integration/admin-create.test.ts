import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InUse } from '#local/in-use';
import { startLocalSystem } from '#local/server';

const run = promisify(execFile);
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'admin-create-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** The README's command, exactly as an operator types it (npm run, not a function call). */
const adminCreate = (...args: string[]) => run('npm', ['run', '--silent', 'admin:create', '--', ...args], { cwd: process.cwd(), timeout: 120_000 });

describe('npm run admin:create against the local system', () => {
  test('creates the first admin, who can then sign in by e-mail and manage users; running it again changes nothing', async () => {
    const first = await adminCreate('--email', 'Fran.Admin@County.example', '--name', 'Fran Admin', '--local', '--data-dir', dataDir);
    expect(first.stdout).toMatch(/^Created the admin Fran Admin <fran\.admin@county\.example>/);
    const again = await adminCreate('--email', 'fran.admin@county.example', '--name', 'Fran Admin', '--local', '--data-dir', dataDir);
    expect(again.stdout).toMatch(/already an admin; nothing changed/);
    const refused = await adminCreate('--email', 'not-an-address', '--name', 'X', '--local', '--data-dir', dataDir).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toMatch(/--email must be an e-mail address/);

    const system = await startLocalSystem({ port: 0, dataDir, demo: false, quiet: true });
    try {
      const tokenRes = await fetch(`${system.url}/auth/local/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'fran.admin@county.example' }),
      });
      expect(tokenRes.status).toBe(200);
      const { access_token } = (await tokenRes.json()) as { access_token: string };
      const auth = { Authorization: `Bearer ${access_token}` };
      const users = (await (await fetch(`${system.url}/api/users`, { headers: auth })).json()) as { email: string; role: string }[];
      expect(users).toEqual([expect.objectContaining({ email: 'fran.admin@county.example', role: 'admin', status: 'active' })]);
      const invited = await fetch(`${system.url}/api/users`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'lee.leader@county.example', name: 'Lee Leader', role: 'leader' }),
      });
      expect(invited.status).toBe(201);
      const audit = (await (await fetch(`${system.url}/api/audit`, { headers: auth })).json()) as { summary: string; actorName: string | null }[];
      expect(audit.map((e) => [e.summary, e.actorName])).toEqual([
        ['Invited Lee Leader (lee.leader@county.example) as leader', 'Fran Admin'],
        ['Created the admin Fran Admin (fran.admin@county.example)', 'the admin:create command'],
      ]);

      // While the system runs: the command says so in words, and a second start with --reset
      // is refused before it removes a file, so the running system keeps its data.
      const busy = await adminCreate('--email', 'sam.admin@county.example', '--name', 'Sam Admin', '--local', '--data-dir', dataDir).catch((e: { code: number; stderr: string }) => e);
      expect(busy).toMatchObject({ code: 1 });
      expect((busy as { stderr: string }).stderr).toMatch(/is in use by another run of this system \(npm start, admin:create or migrate\)\. Stop that one first/);
      expect((busy as { stderr: string }).stderr).not.toMatch(/^\s+at /m);
      await expect(startLocalSystem({ port: 0, dataDir, reset: true, demo: false, quiet: true })).rejects.toThrow(InUse);
      expect(await (await fetch(`${system.url}/api/users`, { headers: auth })).json()).toHaveLength(2);
    } finally {
      await system.stop();
    }
  });
});
