/**
 * The staff API serves only the server machine until staff accounts exist. Requests from another
 * host cannot be sent here (tests stay on loopback), so they go through the real app with the
 * connection's remote address set as @hono/node-server sets it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

function requestFrom(remoteAddress: string, path: string, init: RequestInit = {}) {
  const app = createApp({
    db: server.database.db,
    logger: server.logger,
    hub: server.hub,
    now: Date.now,
    distDir: server.dir,
  });
  return app.request(`http://gongkai.local${path}`, init, {
    incoming: { socket: { remoteAddress } },
  });
}

describe('staff API guard', () => {
  it('refuses another host with 403', async () => {
    for (const path of [
      '/api/disclosures',
      '/api/screens',
      '/api/publications',
      '/api/emergencies',
    ]) {
      const response = await requestFrom('192.0.2.10', path);
      expect(response.status).toBe(403);
      const body = await response.json();
      expect(body.error.code).toBe('forbidden');
    }
    const refused = server.logs.filter(
      (line) => line.msg === 'staff API request from another host refused',
    );
    expect(refused.length).toBe(4);
  });

  it('refuses a write from another host and stores nothing', async () => {
    const response = await requestFrom('192.0.2.10', '/api/screens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '外来屏幕' }),
    });
    expect(response.status).toBe(403);
    const { json } = await server.api('GET', '/api/screens');
    expect(json.screens).toEqual([]);
  });

  it('answers loopback, IPv6 loopback included', async () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const response = await requestFrom(address, '/api/screens');
      expect(response.status).toBe(200);
    }
  });

  it('serves the public catalog to anyone', async () => {
    const response = await requestFrom('192.0.2.10', '/api/catalog');
    expect(response.status).toBe(200);
    expect((await response.json()).items).toHaveLength(21);
  });
});
