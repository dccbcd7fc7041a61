import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../shared/protocol.ts';
import { ScreenClient } from './support/screen-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;
const clients: ScreenClient[] = [];

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.close();
});

function connect(token: string | null) {
  const client = new ScreenClient(server.url, token);
  clients.push(client);
  return client;
}

/** Create a screen with a playlist of one disclosure, published unless `publish` is false. */
async function setUp(options: { publish?: boolean } = {}) {
  const { json: screen } = await server.api('POST', '/api/screens', { name: '大厅电子屏' });
  const { json: created } = await server.api('POST', '/api/disclosures', {
    catalogItem: 9,
    title: '为老服务咨询',
    body: '咨询电话见下。',
  });
  const id = created.disclosure.id as number;
  if (options.publish !== false) await server.api('POST', `/api/disclosures/${id}/publish`);
  await server.api('PUT', `/api/screens/${screen.screen.id}/playlist`, {
    entries: [{ disclosureId: id, seconds: 15 }],
  });
  return { screenId: screen.screen.id as number, token: screen.token as string, disclosureId: id };
}

const titles = (message: { content: Record<string, { title: string }> }) =>
  Object.values(message.content).map((content) => content.title);

describe('screen socket', () => {
  it('sends hello and the current schedule at once', async () => {
    const { token, disclosureId, screenId } = await setUp();
    const client = connect(token);
    const hello = await client.nth('hello', 1);
    expect(hello.screen).toMatchObject({ id: screenId, name: '大厅电子屏' });
    expect(hello.fallback.committeeName).toBe('钟楼居民委员会');
    const schedule = await client.nth('schedule', 1);
    expect(schedule.entries).toHaveLength(1);
    expect(schedule.current).toEqual([schedule.entries[0]!.id]);
    const content = schedule.content[schedule.entries[0]!.contentKey]!;
    expect(content).toMatchObject({
      disclosureId,
      version: 1,
      title: '为老服务咨询',
      label: '民生保障 · 为老服务工作',
    });
    const { json } = await server.api('GET', '/api/screens');
    expect(json.screens[0].online).toBe(true);
  });

  it('publish pushes the disclosure within 1 s', async () => {
    const { token, disclosureId } = await setUp({ publish: false });
    const client = connect(token);
    const first = await client.nth('schedule', 1);
    expect(first.entries).toEqual([]);
    await server.api('POST', `/api/disclosures/${disclosureId}/publish`);
    const second = await client.nth('schedule', 2, 1000);
    expect(titles(second)).toEqual(['为老服务咨询']);
  });

  it('approved edit pushes within 1 s', async () => {
    const { token, disclosureId } = await setUp();
    const client = connect(token);
    await client.nth('schedule', 1);
    await server.api('PUT', `/api/disclosures/${disclosureId}`, { title: '为老服务咨询（更新）' });
    await server.api('POST', `/api/disclosures/${disclosureId}/publish`);
    const second = await client.nth('schedule', 2, 1000);
    expect(titles(second)).toEqual(['为老服务咨询（更新）']);
    expect(Object.values(second.content)[0]!.version).toBe(2);
  });

  it('withdraw removes the disclosure within 1 s', async () => {
    const { token, disclosureId } = await setUp();
    const client = connect(token);
    await client.nth('schedule', 1);
    await server.api('POST', `/api/disclosures/${disclosureId}/withdraw`);
    const second = await client.nth('schedule', 2, 1000);
    expect(second.entries).toEqual([]);
    expect(second.content).toEqual({});
  });

  it('unchanged playlist is not sent again', async () => {
    const { token, disclosureId, screenId } = await setUp();
    const client = connect(token);
    await client.nth('schedule', 1);
    await server.api('PUT', `/api/screens/${screenId}/playlist`, {
      entries: [{ disclosureId, seconds: 15 }],
    });
    // A ping round trip after the save proves the server has handled it and sent nothing more.
    client.send({ type: 'ping', nonce: 7 });
    await client.waitFor(() => client.ofType('pong').find((pong) => pong.nonce === 7), 'pong');
    expect(client.ofType('schedule')).toHaveLength(1);
  });

  it('playlist edit pushes within 1 s', async () => {
    const { token, disclosureId, screenId } = await setUp();
    const client = connect(token);
    await client.nth('schedule', 1);
    await server.api('PUT', `/api/screens/${screenId}/playlist`, {
      entries: [{ disclosureId, seconds: 30 }],
    });
    const second = await client.nth('schedule', 2, 1000);
    expect(second.entries[0]!.seconds).toBe(30);
  });

  it('window opening and closing push within 1 s', async () => {
    const { token, disclosureId, screenId } = await setUp();
    const opens = Date.now() + 600;
    const closes = opens + 600;
    await server.api('PUT', `/api/screens/${screenId}/playlist`, {
      entries: [
        {
          disclosureId,
          seconds: 15,
          from: new Date(opens).toISOString(),
          until: new Date(closes).toISOString(),
        },
      ],
    });
    const client = connect(token);
    const first = await client.nth('schedule', 1);
    expect(first.current).toEqual([]);
    const opened = await client.nth('schedule', 2, 1600);
    expect(opened.current).toHaveLength(1);
    expect(Date.now() - opens).toBeLessThan(1000);
    const closed = await client.nth('schedule', 3, 1600);
    expect(closed.current).toEqual([]);
    expect(Date.now() - closes).toBeLessThan(1000);
  });

  it('missing or wrong token is refused and logged', async () => {
    await setUp();
    const missing = connect(null);
    expect(await missing.closed()).toBe(CloseCode.unauthorized);
    const wrong = connect('not-a-real-token-000000000000000');
    expect(await wrong.closed()).toBe(CloseCode.unauthorized);
    expect(wrong.messages).toEqual([]);
    const refusals = server.logs.filter((line) => line.msg === 'screen connection refused');
    expect(refusals.map((line) => line.reason)).toEqual([
      'missing token',
      'unknown or revoked token',
    ]);
    expect(JSON.stringify(server.logs)).not.toContain('not-a-real-token');
  });

  it('second connection replaces the first', async () => {
    const { token } = await setUp();
    const first = connect(token);
    await first.nth('schedule', 1);
    const second = connect(token);
    await second.nth('schedule', 1);
    expect(await first.closed()).toBe(CloseCode.replaced);
  });

  it('malformed frame closes only that connection', async () => {
    const { token } = await setUp();
    const client = connect(token);
    await client.nth('schedule', 1);
    client.send('{not json');
    expect(await client.closed()).toBe(CloseCode.invalidMessage);
    const { status } = await server.api('GET', '/healthz');
    expect(status).toBe(200);
  });
});

describe('publication log', () => {
  async function connected() {
    const setup = await setUp();
    const client = connect(setup.token);
    const schedule = await client.nth('schedule', 1);
    const content = Object.values(schedule.content)[0]!;
    return { ...setup, client, versionId: content.versionId };
  }

  const showing = (id: string, disclosureId: number, versionId: number) => ({
    id,
    disclosureId,
    versionId,
    startedAt: Date.now() - 15_000,
    seconds: 15,
  });

  it('a reported showing is stored once with its version', async () => {
    const { client, disclosureId, versionId } = await connected();
    client.send({
      type: 'showings',
      showings: [showing('0b8f7a5e-0000-4000-8000-000000000001', disclosureId, versionId)],
    });
    const ack = await client.nth('ack', 1);
    expect(ack.committed).toEqual(['0b8f7a5e-0000-4000-8000-000000000001']);
    const { json } = await server.api('GET', '/api/publications');
    expect(json.total).toBe(1);
    expect(json.publications[0]).toMatchObject({
      screenName: '大厅电子屏',
      version: 1,
      title: '为老服务咨询',
      seconds: 15,
    });
  });

  it('the same id twice is one row', async () => {
    const { client, disclosureId, versionId } = await connected();
    const row = showing('0b8f7a5e-0000-4000-8000-000000000002', disclosureId, versionId);
    client.send({ type: 'showings', showings: [row, row] });
    await client.nth('ack', 1);
    client.send({ type: 'showings', showings: [row] });
    const ack = await client.nth('ack', 2);
    expect(ack.committed).toEqual([row.id]);
    const { json } = await server.api('GET', '/api/publications');
    expect(json.total).toBe(1);
  });

  it('a bad row is rejected and the rest stored', async () => {
    const { client, disclosureId, versionId } = await connected();
    const good = showing('0b8f7a5e-0000-4000-8000-000000000003', disclosureId, versionId);
    const unknownVersion = {
      ...showing('0b8f7a5e-0000-4000-8000-000000000004', disclosureId, 9999),
    };
    const negative = {
      ...showing('0b8f7a5e-0000-4000-8000-000000000005', disclosureId, versionId),
      seconds: -1,
    };
    client.send({ type: 'showings', showings: [good, unknownVersion, negative] });
    const ack = await client.nth('ack', 1);
    expect(ack.committed).toEqual([good.id]);
    expect(ack.rejected.map((row) => row.id)).toEqual([negative.id, unknownVersion.id]);
    expect(ack.rejected[0]!.reason).toContain('seconds');
    const { json } = await server.api('GET', '/api/publications');
    expect(json.total).toBe(1);
  });

  it('showing of content never sent is rejected', async () => {
    const { client, disclosureId } = await connected();
    const { json: other } = await server.api('POST', '/api/disclosures', {
      catalogItem: 6,
      title: '别的屏幕的公告',
      body: '内容',
    });
    await server.api('POST', `/api/disclosures/${other.disclosure.id}/publish`);
    const foreign = showing(
      '0b8f7a5e-0000-4000-8000-000000000007',
      other.disclosure.id,
      other.disclosure.latest.id,
    );
    client.send({ type: 'showings', showings: [foreign] });
    const ack = await client.nth('ack', 1);
    expect(ack.committed).toEqual([]);
    expect(ack.rejected[0]!.reason).toContain('never sent to this screen');
    expect(disclosureId).toBeGreaterThan(0);
  });

  it('showing keeps its version after an edit', async () => {
    const { client, disclosureId, versionId } = await connected();
    await server.api('PUT', `/api/disclosures/${disclosureId}`, { title: '改过的标题' });
    client.send({
      type: 'showings',
      showings: [showing('0b8f7a5e-0000-4000-8000-000000000006', disclosureId, versionId)],
    });
    await client.nth('ack', 1);
    const { json } = await server.api('GET', '/api/publications');
    expect(json.publications[0]).toMatchObject({ version: 1, title: '为老服务咨询' });
  });
});
