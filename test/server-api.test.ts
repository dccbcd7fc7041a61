import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

async function createDraft(title = '冬季文化活动安排', catalogItem = 6) {
  const { status, json } = await server.api('POST', '/api/disclosures', {
    catalogItem,
    title,
    body: '第一段。\n\n第二段。',
  });
  expect(status).toBe(201);
  return json.disclosure;
}

describe('health and catalog', () => {
  it('healthz answers 200 with the database open', async () => {
    const { status, json } = await server.api('GET', '/healthz');
    expect(status).toBe(200);
    expect(json).toEqual({ status: 'ok' });
  });

  it('catalog lists the 21 items', async () => {
    const { status, json } = await server.api('GET', '/api/catalog');
    expect(status).toBe(200);
    expect(json.items).toHaveLength(21);
    expect(json.committee.name).toBe('钟楼居民委员会');
    const item9 = json.items.find((item: { number: number }) => item.number === 9);
    expect(item9.category).toBe('民生保障');
    expect(item9.matterSecond).toBe('为老服务工作');
    expect(json.items[5].channels).toEqual(['wechat-group', 'bulletin-board', 'e-screen']);
  });

  it('restart with the same database duplicates nothing', async () => {
    await createDraft();
    const dbFile = server.dbFile;
    await server.close(true);
    server = await startTestServer({ dbFile });
    const { json: catalog } = await server.api('GET', '/api/catalog');
    expect(catalog.items).toHaveLength(21);
    const { json: list } = await server.api('GET', '/api/disclosures');
    expect(list.disclosures).toHaveLength(1);
  });
});

describe('disclosures', () => {
  it('draft has version 1 and a content hash', async () => {
    const disclosure = await createDraft();
    expect(disclosure.status).toBe('draft');
    expect(disclosure.label).toBe('综合居务 · 文化活动');
    expect(disclosure.latest.version).toBe(1);
    expect(disclosure.latest.body).toEqual([
      { type: 'paragraph', spans: [{ text: '第一段。' }] },
      { type: 'paragraph', spans: [{ text: '第二段。' }] },
    ]);
    expect(disclosure.latest.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(disclosure.published).toBeNull();
  });

  it('edit of published makes a draft version', async () => {
    const draft = await createDraft();
    await server.api('POST', `/api/disclosures/${draft.id}/publish`);
    const { json } = await server.api('PUT', `/api/disclosures/${draft.id}`, { title: '新标题' });
    expect(json.disclosure.latest.version).toBe(2);
    expect(json.disclosure.latest.state).toBe('draft');
    expect(json.disclosure.published.version).toBe(1);
    expect(json.disclosure.pendingVersion.title).toBe('新标题');

    const { json: full } = await server.api('GET', `/api/disclosures/${draft.id}`);
    expect(full.disclosure.versions.map((v: { title: string }) => v.title)).toEqual([
      '新标题',
      '冬季文化活动安排',
    ]);
    expect(full.disclosure.versions[1].contentHash).toBe(draft.latest.contentHash);
  });

  it('draft edits change version 1 in place', async () => {
    const draft = await createDraft();
    const { json } = await server.api('PUT', `/api/disclosures/${draft.id}`, {
      title: '改后的草稿',
    });
    expect(json.disclosure.latest.version).toBe(1);
    expect(json.disclosure.latest.title).toBe('改后的草稿');
    expect(json.disclosure.latest.contentHash).not.toBe(draft.latest.contentHash);
  });

  it('title with markup is stored exactly', async () => {
    const title = '<b>A & B</b> <script>alert(1)</script>';
    const draft = await createDraft(title);
    expect(draft.latest.title).toBe(title);
  });

  it('withdrawing a draft is a conflict', async () => {
    const draft = await createDraft();
    const { status, json } = await server.api('POST', `/api/disclosures/${draft.id}/withdraw`);
    expect(status).toBe(409);
    expect(json.error.code).toBe('conflict');
  });

  it('unknown disclosure is 404', async () => {
    const { status, json } = await server.api('POST', '/api/disclosures/999/publish');
    expect(status).toBe(404);
    expect(json.error.message).toBe('disclosure 999 not found');
  });
});

describe('invalid requests', () => {
  it('malformed JSON is 400 and stores nothing', async () => {
    const { status, json } = await server.api(
      'POST',
      '/api/disclosures',
      '{"catalogItem": 6, "title": ',
    );
    expect(status).toBe(400);
    expect(json.error.code).toBe('invalid_json');
    const { json: list } = await server.api('GET', '/api/disclosures');
    expect(list.disclosures).toEqual([]);
  });

  it('empty title names the field', async () => {
    const { status, json } = await server.api('POST', '/api/disclosures', {
      catalogItem: 6,
      title: ' ',
      body: 'x',
    });
    expect(status).toBe(400);
    expect(json.error.field).toBe('title');
    expect(json.error.message).toContain('empty');
  });

  it('unknown catalog item names the field', async () => {
    const { status, json } = await server.api('POST', '/api/disclosures', {
      catalogItem: 99,
      title: 't',
      body: 'x',
    });
    expect(status).toBe(400);
    expect(json.error.field).toBe('catalogItem');
  });

  it('playlist entry with bad seconds names the entry', async () => {
    const { json: created } = await server.api('POST', '/api/screens', { name: '楼道屏' });
    const draft = await createDraft();
    const { status, json } = await server.api('PUT', `/api/screens/${created.screen.id}/playlist`, {
      entries: [
        { disclosureId: draft.id, seconds: 10 },
        { disclosureId: draft.id, seconds: 0 },
      ],
    });
    expect(status).toBe(400);
    expect(json.error.field).toBe('entries[1].seconds');
  });

  it('playlist window ending before it starts is refused', async () => {
    const { json: created } = await server.api('POST', '/api/screens', { name: '楼道屏' });
    const draft = await createDraft();
    const { status, json } = await server.api('PUT', `/api/screens/${created.screen.id}/playlist`, {
      entries: [
        {
          disclosureId: draft.id,
          seconds: 10,
          from: '2026-12-05T08:00:00+08:00',
          until: '2026-12-05T07:00:00+08:00',
        },
      ],
    });
    expect(status).toBe(400);
    expect(json.error.field).toBe('entries[0].until');
  });

  it('playlist window without a zone is refused', async () => {
    const { json: created } = await server.api('POST', '/api/screens', { name: '楼道屏' });
    const draft = await createDraft();
    const { status, json } = await server.api('PUT', `/api/screens/${created.screen.id}/playlist`, {
      entries: [{ disclosureId: draft.id, seconds: 10, from: '2026-12-05T08:00:00' }],
    });
    expect(status).toBe(400);
    expect(json.error.field).toBe('entries[0].from');
  });

  it('unknown field is refused, not dropped', async () => {
    const { status, json } = await server.api('POST', '/api/disclosures', {
      catalogItem: 6,
      title: '活动',
      body: '内容',
      publish: true,
    });
    expect(status).toBe(400);
    expect(json.error.message).toContain('publish');
    const { json: list } = await server.api('GET', '/api/disclosures');
    expect(list.disclosures).toEqual([]);
  });

  it('window on 2026-02-30 is refused', async () => {
    const { json: created } = await server.api('POST', '/api/screens', { name: '楼道屏' });
    const draft = await createDraft();
    const { status, json } = await server.api('PUT', `/api/screens/${created.screen.id}/playlist`, {
      entries: [{ disclosureId: draft.id, seconds: 10, from: '2026-02-30T10:00:00+08:00' }],
    });
    expect(status).toBe(400);
    expect(json.error.field).toBe('entries[0].from');
  });

  it('chunked body over the limit is 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent++ < 3) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(server.url + '/api/disclosures', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: server.admin.cookie,
        origin: server.url,
      },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('publication dates must be real dates', async () => {
    const { status, json } = await server.api('GET', '/api/publications?from=2026-02-30');
    expect(status).toBe(400);
    expect(json.error.field).toBe('from');
  });

  it('non-image upload is 415', async () => {
    const response = await fetch(server.url + '/api/images', {
      method: 'POST',
      headers: { 'content-type': 'image/png', cookie: server.admin.cookie, origin: server.url },
      body: 'not really a png',
    });
    expect(response.status).toBe(415);
  });
});

describe('screens', () => {
  it('creating a screen returns its token once', async () => {
    const { status, json } = await server.api('POST', '/api/screens', {
      name: '大厅电子屏',
      location: '一楼',
    });
    expect(status).toBe(201);
    expect(json.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(json.displayUrl).toBe(`${server.url}/display/?token=${json.token}`);
    const { json: list } = await server.api('GET', '/api/screens');
    expect(JSON.stringify(list)).not.toContain(json.token);
    expect(list.screens[0]).toMatchObject({ name: '大厅电子屏', online: false, current: null });
  });

  it('playlist round-trips in Shanghai time', async () => {
    const { json: created } = await server.api('POST', '/api/screens', { name: '楼道屏' });
    const draft = await createDraft();
    const { status, json } = await server.api('PUT', `/api/screens/${created.screen.id}/playlist`, {
      entries: [{ disclosureId: draft.id, seconds: 20, from: '2026-12-05T00:00:00Z' }],
    });
    expect(status).toBe(200);
    expect(json.entries[0]).toMatchObject({
      seconds: 20,
      from: '2026-12-05T08:00:00.000+08:00',
      until: null,
    });
  });
});
