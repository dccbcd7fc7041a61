import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../shared/protocol.ts';
import { ScreenClient } from './support/screen-client.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from './support/test-server.ts';

let server: TestServer;
const clients: ScreenClient[] = [];

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.close();
});

function connect(token: string) {
  const client = new ScreenClient(server.url, token);
  clients.push(client);
  return client;
}

describe('login', () => {
  it('wrong password is 401 without saying which part', async () => {
    const unknown = await server.anonymous('POST', '/api/session', {
      name: 'nobody',
      password: 'x',
    });
    const wrong = await server.anonymous('POST', '/api/session', { name: 'admin', password: 'x' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.json.error.message).toBe(wrong.json.error.message);
    const failures = server.logs.filter((line) => line.msg === 'login failed');
    expect(failures).toHaveLength(2);
    expect(JSON.stringify(server.logs)).not.toContain('"x"');
  });

  it('locks out after five failures', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { status } = await server.anonymous('POST', '/api/session', {
        name: 'admin',
        password: 'wrong',
      });
      expect(status).toBe(401);
    }
    const locked = await server.anonymous('POST', '/api/session', {
      name: 'admin',
      password: TEST_PASSWORD,
    });
    expect(locked.status).toBe(429);
    expect(locked.json.error.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('logout ends the session', async () => {
    const editor = await server.signIn('editor');
    expect((await editor.api('GET', '/api/session')).status).toBe(200);
    expect((await editor.api('DELETE', '/api/session')).status).toBe(204);
    expect((await editor.api('GET', '/api/session')).status).toBe(401);
  });

  it('disabled user is signed out', async () => {
    const editor = await server.signIn('editor', '小李');
    const { json: users } = await server.api('GET', '/api/users');
    const id = users.users.find((user: { name: string }) => user.name === '小李').id;
    await server.api('PATCH', `/api/users/${id}`, { disabled: true });
    expect((await editor.api('GET', '/api/disclosures')).status).toBe(401);
  });

  it('short password is refused with its field', async () => {
    const { status, json } = await server.api('POST', '/api/users', {
      name: '小王',
      role: 'editor',
      password: 'short',
    });
    expect(status).toBe(400);
    expect(json.error.field).toBe('password');
  });
});

describe('review', () => {
  async function publishedOnScreen() {
    const editor = await server.signIn('editor', '编辑甲');
    const reviewer = await server.signIn('reviewer', '审核乙');
    const { json: created } = await editor.api('POST', '/api/disclosures', {
      catalogItem: 9,
      title: '为老服务',
      body: '第一版',
    });
    const id = created.disclosure.id as number;
    expect((await editor.api('POST', `/api/disclosures/${id}/submit`)).status).toBe(200);
    const approved = await reviewer.api('POST', `/api/disclosures/${id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.json.disclosure.status).toBe('published');
    expect(approved.json.disclosure.published.reviewerName).toBe('审核乙');

    const { json: screen } = await server.api('POST', '/api/screens', { name: '大厅电子屏' });
    await server.api('PUT', `/api/screens/${screen.screen.id}/playlist`, {
      entries: [{ disclosureId: id, seconds: 10 }],
    });
    const client = connect(screen.token);
    await client.nth('schedule', 1);
    return { editor, reviewer, id, client };
  }

  it('draft, submit, approve puts it on screen', async () => {
    const { client } = await publishedOnScreen();
    const schedule = client.ofType('schedule')[0]!;
    expect(Object.values(schedule.content).map((content) => content.title)).toEqual(['为老服务']);
  });

  it('edit stays off screen until approved', async () => {
    const { editor, reviewer, id, client } = await publishedOnScreen();
    await editor.api('PUT', `/api/disclosures/${id}`, { title: '为老服务（第二版）' });
    await editor.api('POST', `/api/disclosures/${id}/submit`);
    client.send({ type: 'ping', nonce: 1 });
    await client.waitFor(() => client.ofType('pong')[0], 'pong');
    expect(client.ofType('schedule')).toHaveLength(1);

    await reviewer.api('POST', `/api/disclosures/${id}/approve`);
    const second = await client.nth('schedule', 2, 1000);
    expect(Object.values(second.content).map((content) => content.title)).toEqual([
      '为老服务（第二版）',
    ]);
  });

  it('return carries the comment back to draft', async () => {
    const { editor, reviewer, id } = await publishedOnScreen();
    await editor.api('PUT', `/api/disclosures/${id}`, { title: '新标题' });
    await editor.api('POST', `/api/disclosures/${id}/submit`);
    const empty = await reviewer.api('POST', `/api/disclosures/${id}/return`, { comment: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.json.error.field).toBe('comment');
    const { json } = await reviewer.api('POST', `/api/disclosures/${id}/return`, {
      comment: '请补充联系电话',
    });
    expect(json.disclosure.review).toBe('returned');
    expect(json.disclosure.reviewComment).toBe('请补充联系电话');
    expect(json.disclosure.published.version).toBe(1);
  });

  it('author cannot approve own version', async () => {
    const reviewer = await server.signIn('reviewer', '审核丙');
    const { json: created } = await server.api('POST', '/api/disclosures', {
      catalogItem: 6,
      title: '活动',
      body: '内容',
    });
    const id = created.disclosure.id;
    await server.api('POST', `/api/disclosures/${id}/submit`);
    const own = await server.api('POST', `/api/disclosures/${id}/approve`);
    expect(own.status).toBe(403);
    expect(own.json.error.code).toBe('same_person');

    await server.api('PUT', '/api/settings', { requireDifferentApprover: false });
    expect((await server.api('POST', `/api/disclosures/${id}/approve`)).status).toBe(200);
    expect(reviewer.name).toBe('审核丙');
  });

  it('approving a draft is a conflict', async () => {
    const reviewer = await server.signIn('reviewer');
    const { json: created } = await server.api('POST', '/api/disclosures', {
      catalogItem: 6,
      title: '活动',
      body: '内容',
    });
    const { status, json } = await reviewer.api(
      'POST',
      `/api/disclosures/${created.disclosure.id}/approve`,
    );
    expect(status).toBe(409);
    expect(json.error.message).toContain('a draft');
  });
});

describe('pairing', () => {
  it('code pairs the display, which then gets its token', async () => {
    const { json: pairing } = await server.anonymous('POST', '/api/pairing');
    expect(pairing.code).toMatch(/^\d{6}$/);
    const poll = () =>
      fetch(`${server.url}/api/pairing/${pairing.pairingId}`, {
        headers: { 'x-pairing-secret': pairing.secret },
      }).then((r) => r.json());
    expect((await poll()).status).toBe('waiting');

    const { status, json } = await server.api('POST', '/api/screens/pair', {
      code: pairing.code,
      name: '3号楼楼道屏',
      location: '3号楼一楼',
      orientation: 'portrait',
      channel: 'stairwell',
    });
    expect(status).toBe(201);
    expect(json.screen).toMatchObject({
      name: '3号楼楼道屏',
      orientation: 'portrait',
      channel: 'stairwell',
    });

    const paired = await poll();
    expect(paired.status).toBe('paired');
    expect(paired.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await poll()).token).toBeUndefined();

    const client = connect(paired.token);
    const hello = await client.nth('hello', 1);
    expect(hello.screen.name).toBe('3号楼楼道屏');
  });

  it('wrong secret reveals nothing', async () => {
    const { json: pairing } = await server.anonymous('POST', '/api/pairing');
    const response = await fetch(`${server.url}/api/pairing/${pairing.pairingId}`, {
      headers: { 'x-pairing-secret': 'guess' },
    });
    expect(response.status).toBe(404);
  });

  it('wrong codes lock pairing after five', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { status, json } = await server.api('POST', '/api/screens/pair', {
        code: '000000',
        name: '屏',
      });
      expect(status).toBe(404);
      expect(json.error.code).toBe('invalid_code');
    }
    const { status } = await server.api('POST', '/api/screens/pair', {
      code: '000000',
      name: '屏',
    });
    expect(status).toBe(429);
  });

  it('expired code is refused', async () => {
    const { json: pairing } = await server.anonymous('POST', '/api/pairing');
    await server.database.db
      .updateTable('pairing')
      .set({ expires_at: Date.now() - 1 })
      .execute();
    const { status } = await server.api('POST', '/api/screens/pair', {
      code: pairing.code,
      name: '屏',
    });
    expect(status).toBe(404);
  });

  it('revoke closes the open connection at once', async () => {
    const { json: screen } = await server.api('POST', '/api/screens', { name: '大厅电子屏' });
    const client = connect(screen.token);
    await client.nth('schedule', 1);
    expect((await server.api('POST', `/api/screens/${screen.screen.id}/revoke`)).status).toBe(204);
    expect(await client.closed(1000)).toBe(CloseCode.unauthorized);
    const again = connect(screen.token);
    expect(await again.closed()).toBe(CloseCode.unauthorized);
  });
});

describe('token rotation', () => {
  it('another process rotating the token closes the socket', async () => {
    const { json: screen } = await server.api('POST', '/api/screens', { name: '大厅电子屏' });
    const client = connect(screen.token);
    await client.nth('schedule', 1);
    // As `gongkai screen token` does from its own process, beside the running server.
    const { rotateScreenToken } = await import('../server/screen-store.ts');
    await rotateScreenToken(server.database.db, screen.screen.id);
    await server.hub.checkTokensNow();
    expect(await client.closed(1000)).toBe(CloseCode.unauthorized);
  });
});

describe('groups and schedules', () => {
  it('group schedule with a category reaches members', async () => {
    const { json: a } = await server.api('POST', '/api/screens', { name: '1号楼道' });
    const { json: b } = await server.api('POST', '/api/screens', { name: '2号楼道' });
    const { json: group } = await server.api('POST', '/api/groups', {
      name: '楼道屏',
      screenIds: [a.screen.id, b.screen.id],
    });
    for (const [item, title] of [
      [9, '为老服务'],
      [10, '残疾人服务'],
      [6, '文化活动'],
    ] as const) {
      const { json } = await server.api('POST', '/api/disclosures', {
        catalogItem: item,
        title,
        body: '内容',
      });
      await server.api('POST', `/api/disclosures/${json.disclosure.id}/publish`);
    }
    const saved = await server.api('PUT', `/api/groups/${group.group.id}/playlist`, {
      entries: [{ target: { kind: 'category', category: '民生保障' }, seconds: 20 }],
    });
    expect(saved.status).toBe(200);

    const client = connect(b.token);
    const schedule = await client.nth('schedule', 1);
    expect(
      Object.values(schedule.content)
        .map((content) => content.title)
        .sort(),
    ).toEqual(['为老服务', '残疾人服务']);
    expect(schedule.entries.every((entry) => entry.seconds === 20)).toBe(true);
  });

  it('unknown category names the field', async () => {
    const { json: a } = await server.api('POST', '/api/screens', { name: '屏' });
    const { status, json } = await server.api('PUT', `/api/screens/${a.screen.id}/playlist`, {
      entries: [{ target: { kind: 'category', category: '不存在' }, seconds: 20 }],
    });
    expect(status).toBe(400);
    expect(json.error.field).toBe('entries[0].target.category');
  });

  it('timeline explains which entry wins', async () => {
    const { json: screen } = await server.api('POST', '/api/screens', { name: '大厅电子屏' });
    const ids = [];
    for (const title of ['日常公告', '晚间提示']) {
      const { json } = await server.api('POST', '/api/disclosures', {
        catalogItem: 6,
        title,
        body: '内容',
      });
      await server.api('POST', `/api/disclosures/${json.disclosure.id}/publish`);
      ids.push(json.disclosure.id);
    }
    await server.api('PUT', `/api/screens/${screen.screen.id}/playlist`, {
      entries: [
        { disclosureId: ids[0], seconds: 10 },
        {
          disclosureId: ids[1],
          seconds: 10,
          priority: 10,
          dayparts: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], start: '18:00', end: '20:00' }],
        },
      ],
    });
    const { status, json } = await server.api(
      'GET',
      `/api/screens/${screen.screen.id}/timeline?date=2030-01-07`,
    );
    expect(status).toBe(200);
    expect(json.segments.map((segment: { from: string }) => segment.from.slice(11, 16))).toEqual([
      '00:00',
      '18:00',
      '20:00',
    ]);
    const evening = json.segments[1];
    expect(evening.playing.map((entry: { title: string }) => entry.title)).toEqual(['晚间提示']);
    expect(evening.overridden.map((entry: { title: string }) => entry.title)).toEqual(['日常公告']);
    expect(evening.reason).toContain('优先级 10');
  });

  it('version display window limits the entry', async () => {
    const { json: screen } = await server.api('POST', '/api/screens', { name: '屏' });
    const { json } = await server.api('POST', '/api/disclosures', {
      catalogItem: 13,
      title: '困难补助公示',
      body: '名单',
      displayFrom: '2030-01-01T00:00:00+08:00',
      displayUntil: '2030-01-08T00:00:00+08:00',
    });
    await server.api('POST', `/api/disclosures/${json.disclosure.id}/publish`);
    await server.api('PUT', `/api/screens/${screen.screen.id}/playlist`, {
      entries: [
        { disclosureId: json.disclosure.id, seconds: 10, from: '2029-12-31T00:00:00+08:00' },
      ],
    });
    const { json: timeline } = await server.api(
      'GET',
      `/api/screens/${screen.screen.id}/timeline?date=2030-01-07&days=2`,
    );
    const shown = timeline.segments.filter(
      (segment: { playing: unknown[] }) => segment.playing.length > 0,
    );
    expect(
      shown.map((segment: { from: string; until: string }) => [segment.from, segment.until]),
    ).toEqual([['2030-01-07T00:00:00.000+08:00', '2030-01-08T00:00:00.000+08:00']]);
  });
});

describe('audit log', () => {
  it('records who did what', async () => {
    const editor = await server.signIn('editor', '编辑丁');
    const { json } = await editor.api('POST', '/api/disclosures', {
      catalogItem: 6,
      title: '活动',
      body: '内容',
    });
    await editor.api('POST', `/api/disclosures/${json.disclosure.id}/submit`);
    const { json: log } = await server.api('GET', '/api/audit');
    const actions = log.entries.map(
      (entry: { userName: string; action: string }) => `${entry.userName}:${entry.action}`,
    );
    expect(actions).toContain('编辑丁:login');
    expect(actions).toContain('编辑丁:disclosure_create');
    expect(actions).toContain('编辑丁:disclosure_submit');
  });
});
