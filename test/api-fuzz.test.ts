/**
 * Property tests of the staff API against the real server: random and mutated bodies for the main
 * POST, PUT and PATCH routes. No request gets a 500, every 4xx has a code and a message that names
 * the field or the problem, and a rejected request leaves the stored rows exactly as they were.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_STRINGS } from './support/hostile-strings.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;
let disclosureId: number;
let screenId: number;

/** Tables whose contents a rejected request must not change (the audit log records failures). */
const TABLES = [
  'disclosure',
  'disclosure_version',
  'screen',
  'schedule_entry',
  'setting',
  'emergency',
  'ticker',
  'user',
  'screen_group',
  'screen_group_member',
  'channel_record',
  'publication',
  'image',
];

async function snapshot(): Promise<string> {
  const hash = crypto.createHash('sha256');
  for (const table of TABLES) {
    const { rows } = await sql`select * from ${sql.table(table)} order by rowid`.execute(
      server.database.db,
    );
    hash.update(table + JSON.stringify(rows));
  }
  return hash.digest('hex');
}

beforeAll(async () => {
  server = await startTestServer();
  const created = await server.api('POST', '/api/disclosures', {
    catalogItem: 6,
    title: '冬季文化活动安排',
    body: '正文',
  });
  disclosureId = created.json.disclosure.id;
  const screen = await server.api('POST', '/api/screens', { name: '大厅电子屏' });
  screenId = screen.json.screen.id;
});

afterAll(async () => {
  await server?.close();
});

/** A route with a valid body to mutate. */
interface Route {
  method: string;
  /** `:disclosure` and `:screen` are replaced by the ids created in beforeAll. */
  path: string;
  valid: () => Record<string, unknown>;
}

const ROUTES: Route[] = [
  {
    method: 'POST',
    path: '/api/disclosures',
    valid: () => ({
      catalogItem: 6,
      title: '通知',
      body: [{ type: 'paragraph', spans: [{ text: '正文', strong: true }] }],
      formedOn: '2026-11-02',
      displayFrom: '2026-12-01T08:00:00+08:00',
      displayUntil: '2026-12-08T08:00:00+08:00',
    }),
  },
  {
    method: 'PUT',
    path: '/api/disclosures/:disclosure',
    valid: () => ({ title: '新标题', body: '新正文' }),
  },
  {
    method: 'POST',
    path: '/api/disclosures/:disclosure/return',
    valid: () => ({ comment: '请补充时间' }),
  },
  {
    method: 'POST',
    path: '/api/screens',
    valid: () => ({
      name: '楼道屏',
      location: '1号楼',
      orientation: 'portrait',
      channel: 'stairwell',
    }),
  },
  {
    method: 'PATCH',
    path: '/api/screens/:screen',
    valid: () => ({ location: '大厅', groupIds: [] }),
  },
  {
    method: 'PUT',
    path: '/api/screens/:screen/playlist',
    valid: () => ({
      entries: [
        {
          disclosureId,
          seconds: 15,
          priority: 1,
          dayparts: [{ weekdays: [1, 2, 3], start: '08:00', end: '18:00' }],
        },
        { target: { kind: 'category', category: '综合居务' }, seconds: 10 },
      ],
    }),
  },
  { method: 'POST', path: '/api/groups', valid: () => ({ name: '楼道屏', screenIds: [] }) },
  {
    method: 'POST',
    path: '/api/users',
    valid: () => ({ name: '新编辑', role: 'editor', password: 'long enough password' }),
  },
  {
    method: 'PUT',
    path: '/api/settings',
    valid: () => ({ officeHours: '周一至周五 9:00-17:00', requireDifferentApprover: true }),
  },
  {
    method: 'POST',
    path: '/api/tickers',
    valid: () => ({ text: '明天停水', screens: [screenId] }),
  },
  {
    method: 'POST',
    path: '/api/emergencies',
    valid: () => ({ title: '居民告知书', body: '请注意安全', screens: [screenId] }),
  },
  {
    method: 'POST',
    path: '/api/channel-records',
    valid: () => ({
      disclosureId,
      channel: 'wechat-group',
      publishedOn: '2026-11-03',
      evidenceUrl: 'https://example.org/notice',
    }),
  },
  {
    method: 'POST',
    path: '/api/screens/pair',
    valid: () => ({ code: '123456', name: '新屏' }),
  },
];

const hostileValue = fc.constantFrom(...HOSTILE_STRINGS.map((entry) => entry.value));

/** Replace, delete or add one top-level field, or wrap the body in something else. */
function mutatedBody(route: Route) {
  return fc
    .tuple(
      fc.nat(),
      fc.oneof(fc.anything(), hostileValue, fc.constant(undefined)),
      fc.integer({ min: 0, max: 9 }),
    )
    .map(([pick, value, shape]) => {
      const body: Record<string, unknown> = route.valid();
      const keys = [...Object.keys(body), 'extra', '__proto__', 'constructor'];
      const key = keys[pick % keys.length]!;
      if (value === undefined) delete body[key];
      else Object.defineProperty(body, key, { value, enumerable: true, writable: true });
      if (shape === 0) return JSON.stringify([body]);
      if (shape === 1) return JSON.stringify({ ...body, ...body });
      return JSON.stringify(body);
    });
}

const randomBody = fc.oneof(
  fc.json(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.jsonValue().map((value) => JSON.stringify({ value })),
);

const resolve = (path: string) =>
  path.replace(':disclosure', String(disclosureId)).replace(':screen', String(screenId));

/** Check the reply to one request and that a rejected one changed no stored row. */
async function checkRequest(route: Route, body: string) {
  const before = await snapshot();
  const result = await server.api(route.method, resolve(route.path), body);
  const what = `${route.method} ${route.path} ${body.slice(0, 200)} -> ${result.status} ${JSON.stringify(result.json).slice(0, 300)}`;

  expect(result.status, what).toBeLessThan(500);
  if (result.status < 400) return;

  expect(typeof result.json.error?.code, what).toBe('string');
  expect(typeof result.json.error?.message, what).toBe('string');
  expect(result.json.error.message.length, what).toBeGreaterThan(10);
  if (result.json.error.code === 'invalid_request') {
    const named = result.json.error.field ?? '';
    expect(named === '' || result.json.error.message.includes(named), what).toBe(true);
  }
  expect(await snapshot(), `rows changed by a rejected request: ${what}`).toBe(before);
}

describe('staff API under random bodies', () => {
  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s never 500s',
    async (_name, route) => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(mutatedBody(route), randomBody), (body) =>
          checkRequest(route, body),
        ),
        { numRuns: 40 },
      );
    },
    30_000,
  );

  it('valid bodies are accepted', async () => {
    for (const route of ROUTES.filter((candidate) => !candidate.path.endsWith('/pair'))) {
      const result = await server.api(route.method, resolve(route.path), route.valid());
      expect(
        [200, 201, 409],
        `${route.method} ${route.path} ${JSON.stringify(result.json)}`,
      ).toContain(result.status);
    }
  });
});
