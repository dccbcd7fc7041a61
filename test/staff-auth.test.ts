/** Every staff route needs a session (401 without) and the right role (403 with the wrong one). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../server/db/schema.ts';
import { startTestServer, type StaffClient, type TestServer } from './support/test-server.ts';

let server: TestServer;
let editor: StaffClient;
let reviewer: StaffClient;

beforeAll(async () => {
  server = await startTestServer();
  editor = await server.signIn('editor', 'editor');
  reviewer = await server.signIn('reviewer', 'reviewer');
});

afterAll(async () => {
  await server.close();
});

/** Method, path and the roles that may call it; the administrator may call every route. */
const ROUTES: [string, string, Role[]][] = [
  ['GET', '/api/disclosures', ['editor', 'reviewer']],
  ['GET', '/api/disclosures/1', ['editor', 'reviewer']],
  ['POST', '/api/disclosures', ['editor']],
  ['PUT', '/api/disclosures/1', ['editor']],
  ['POST', '/api/disclosures/1/submit', ['editor']],
  ['POST', '/api/disclosures/1/approve', ['reviewer']],
  ['POST', '/api/disclosures/1/return', ['reviewer']],
  ['POST', '/api/disclosures/1/publish', []],
  ['POST', '/api/disclosures/1/withdraw', ['reviewer']],
  ['POST', '/api/images', ['editor']],
  ['GET', '/api/screens', ['editor', 'reviewer']],
  ['POST', '/api/screens', []],
  ['POST', '/api/screens/pair', []],
  ['PATCH', '/api/screens/1', []],
  ['POST', '/api/screens/1/revoke', []],
  ['GET', '/api/screens/1/playlist', ['editor', 'reviewer']],
  ['PUT', '/api/screens/1/playlist', []],
  ['GET', '/api/screens/1/timeline', ['editor', 'reviewer']],
  ['GET', '/api/groups', ['editor', 'reviewer']],
  ['POST', '/api/groups', []],
  ['PATCH', '/api/groups/1', []],
  ['DELETE', '/api/groups/1', []],
  ['GET', '/api/groups/1/playlist', ['editor', 'reviewer']],
  ['PUT', '/api/groups/1/playlist', []],
  ['GET', '/api/publications', ['editor', 'reviewer']],
  ['GET', '/api/publications/export.csv', ['editor', 'reviewer']],
  ['GET', '/api/users', []],
  ['POST', '/api/users', []],
  ['PATCH', '/api/users/1', []],
  ['GET', '/api/settings', ['editor', 'reviewer']],
  ['PUT', '/api/settings', []],
  ['GET', '/api/audit', []],
  ['GET', '/api/emergencies', ['editor', 'reviewer']],
  ['POST', '/api/emergencies', []],
  ['POST', '/api/emergencies/1/clear', []],
  ['GET', '/api/tickers', ['editor', 'reviewer']],
  ['POST', '/api/tickers', []],
  ['POST', '/api/tickers/1/clear', []],
  ['GET', '/api/ledger', ['editor', 'reviewer']],
  ['GET', '/api/ledger/export.csv', ['editor', 'reviewer']],
  ['GET', '/api/ledger/policy', ['editor', 'reviewer']],
  ['PUT', '/api/ledger/policy', []],
  ['GET', '/api/channel-records', ['editor', 'reviewer']],
  ['POST', '/api/channel-records', ['editor', 'reviewer']],
  ['GET', '/api/disclosures/1/certificate', ['editor', 'reviewer']],
  ['POST', '/api/session/password', ['editor', 'reviewer']],
  ['DELETE', '/api/session', ['editor', 'reviewer']],
];

describe('staff API access', () => {
  it.each(ROUTES)('%s %s without session is 401', async (method, path) => {
    const { status, json } = await server.anonymous(
      method,
      path,
      method === 'GET' ? undefined : {},
    );
    expect(status).toBe(401);
    expect(json.error.code).toBe('unauthorized');
  });

  it.each(ROUTES.filter(([, , roles]) => !roles.includes('editor')))(
    '%s %s as editor is 403',
    async (method, path) => {
      const { status, json } = await editor.api(method, path, method === 'GET' ? undefined : {});
      expect(status).toBe(403);
      expect(json.error.code).toBe('forbidden');
    },
  );

  it.each(ROUTES.filter(([, , roles]) => !roles.includes('reviewer')))(
    '%s %s as reviewer is 403',
    async (method, path) => {
      const { status, json } = await reviewer.api(method, path, method === 'GET' ? undefined : {});
      expect(status).toBe(403);
      expect(json.error.code).toBe('forbidden');
    },
  );

  it.each(ROUTES.filter(([, , roles]) => roles.includes('editor')))(
    '%s %s as editor passes the guard',
    async (method, path) => {
      const { status } = await editor.api(method, path, method === 'GET' ? undefined : {});
      expect([401, 403]).not.toContain(status);
    },
  );

  it('public routes need no session', async () => {
    expect((await server.anonymous('GET', '/api/catalog')).status).toBe(200);
    expect((await server.anonymous('GET', '/healthz')).status).toBe(200);
    expect((await server.anonymous('POST', '/api/pairing')).status).toBe(201);
  });

  it('cross-site change is rejected', async () => {
    const response = await fetch(`${server.url}/api/screens`, {
      method: 'POST',
      headers: {
        cookie: server.admin.cookie,
        origin: 'http://evil.example',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: '外来屏幕' }),
    });
    expect(response.status).toBe(403);
    const { json } = await server.api('GET', '/api/screens');
    expect(json.screens).toEqual([]);
  });

  it('session cookie is HttpOnly and SameSite=Strict', async () => {
    const response = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'admin', password: 'correct horse battery' }),
    });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^gongkai_session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure');
  });

  it('cookie is Secure behind a TLS proxy', async () => {
    const response = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ name: 'admin', password: 'correct horse battery' }),
    });
    expect(response.headers.get('set-cookie')).toContain('Secure');
  });
});
