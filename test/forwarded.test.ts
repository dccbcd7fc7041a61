/**
 * Forwarded headers are believed only from a proxy on this machine. A client elsewhere is reached
 * through the real app with the remote address that @hono/node-server would report, since tests
 * send traffic to loopback only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from './support/test-server.ts';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

function login(forwardedFor: string, password: string) {
  return fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': `203.0.113.9, ${forwardedFor}`,
    },
    body: JSON.stringify({ name: 'admin', password }),
  });
}

describe('forwarded headers', () => {
  it('lockout behind the proxy is per client address', async () => {
    const editor = await server.signIn('editor', '编辑');
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' },
        body: JSON.stringify({ name: '编辑', password: 'wrong password' }),
      });
      expect(response.status).toBe(401);
    }
    // Another resident's address behind the same proxy can still sign in as another user.
    expect((await login('198.51.100.8', TEST_PASSWORD)).status).toBe(200);
    expect(editor.name).toBe('编辑');
    const failures = server.logs.filter((line) => line.msg === 'login failed');
    expect(failures.every((line) => line.remote === '198.51.100.7')).toBe(true);
  });

  it('are ignored from a client elsewhere', async () => {
    const app = createApp({
      db: server.database.db,
      logger: server.logger,
      hub: server.hub,
      now: Date.now,
      distDir: server.dir,
    });
    const response = await app.request(
      'http://gongkai.local/api/session',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ name: 'admin', password: TEST_PASSWORD }),
      },
      { incoming: { socket: { remoteAddress: '192.0.2.10' } } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).not.toContain('Secure');
  });
});
