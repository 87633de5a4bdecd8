import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalSystem, type LocalSystem } from '#local/server';

/** The laptop server (npm start) against hostile clients: no demo data, request log on. */
let dataDir: string;
let system: LocalSystem;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'staffing-hostile-'));
  vi.spyOn(console, 'log').mockImplementation(() => {});
  system = await startLocalSystem({ port: 0, dataDir, demo: false });
});
afterAll(async () => {
  await system?.stop();
  vi.restoreAllMocks();
  await rm(dataDir, { recursive: true, force: true });
});

/** Sends raw HTTP/1.1 on one connection and reads until the server closes it or `ms` pass. */
function raw(request: string | Buffer, then?: string, ms = 1500): Promise<{ text: string; closed: boolean }> {
  const { hostname, port } = new URL(system.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    let closed = false;
    socket.on('data', (d) => {
      text += d.toString('latin1');
      if (then && /\r\n\r\n/.test(text)) {
        socket.write(then);
        then = undefined;
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      resolve({ text, closed });
    });
    socket.write(request);
    setTimeout(() => {
      socket.destroy();
      resolve({ text, closed });
    }, ms);
  });
}

describe('the local server against hostile clients', () => {
  it('answers an oversized body with 413 and Connection: close, then closes: never keep-alive and a dropped connection', async () => {
    const body = 'x'.repeat(300 * 1024);
    const request = `PUT /api/providers/unit/returns/2026-01-01 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const { text, closed } = await raw(request, 'GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text.toLowerCase()).toContain('connection: close');
    expect(text).not.toMatch(/keep-alive/i);
    expect(closed).toBe(true);
    // A new connection works as ever.
    expect((await fetch(`${system.url}/api/health`)).status).toBe(200);
  });

  it('keeps an encoded new line in a path from forging a line in the request log', async () => {
    const log = vi.mocked(console.log);
    log.mockClear();
    await fetch(`${system.url}/api/x%0AGET%20/api/admin%20%E2%86%92%20200`);
    const lines = log.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('/api/x'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('/api/x\\nGET /api/admin');
    expect(lines[0]).not.toContain('\n');
  });

  it('refuses a token request body over 16 KiB with a 413 problem, without reading it', async () => {
    const res = await fetch(`${system.url}/auth/local/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'leader', pad: 'x'.repeat(20 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a token request with a key given twice, or an impossible unit id', async () => {
    const twice = await fetch(`${system.url}/auth/local/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"role":"leader","role":"admin"}' });
    expect(twice.status).toBe(400);
    const odd = await fetch(`${system.url}/auth/local/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'provider', providerIds: ['a'.repeat(2000)] }),
    });
    expect(odd.status).toBe(400);
  });
});
