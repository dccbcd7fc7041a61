import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

async function screen(name: string) {
  const { json } = await server.api('POST', '/api/screens', { name });
  return { id: json.screen.id as number, token: json.token as string };
}

function connect(token: string) {
  const client = new ScreenClient(server.url, token);
  clients.push(client);
  return client;
}

describe('emergency notices', () => {
  it('reaches connected and later screens, and is acknowledged', async () => {
    const lobby = await screen('大厅电子屏');
    const stairwell = await screen('楼道屏');
    const early = connect(lobby.token);
    await early.nth('schedule', 1);

    const { status, json } = await server.api('POST', '/api/emergencies', {
      title: '居民告知书',
      body: '小区发生公共卫生事件，请居民减少外出。',
      eventAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    });
    expect(status).toBe(201);
    const emergencyId = json.emergency.id as number;

    const pushed = await early.nth('schedule', 2, 2000);
    expect(pushed.emergency?.id).toBe(emergencyId);
    const content = pushed.content[pushed.emergency!.contentKey]!;
    expect(content).toMatchObject({ title: '居民告知书', catalogItem: 17 });

    const late = connect(stairwell.token);
    const first = await late.nth('schedule', 1);
    expect(first.emergency?.id).toBe(emergencyId);

    const shownAt = Date.now();
    early.send({ type: 'emergency-shown', emergencyId, shownAt });
    early.send({ type: 'emergency-shown', emergencyId, shownAt: shownAt + 5000 });
    early.send({ type: 'ping', nonce: 1 });
    await early.waitFor(() => early.ofType('pong')[0], 'pong');

    const { json: list } = await server.api('GET', '/api/emergencies');
    const receipts = list.emergencies[0].receipts;
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({
      screenId: lobby.id,
      screenName: '大厅电子屏',
      withinTwoHours: true,
    });
    expect(receipts[0].minutesAfterEvent).toBeGreaterThanOrEqual(29.9);
    expect(receipts[0].minutesAfterEvent).toBeLessThan(31);
  });

  it('stays until cleared', async () => {
    const lobby = await screen('大厅电子屏');
    const client = connect(lobby.token);
    await client.nth('schedule', 1);
    const { json } = await server.api('POST', '/api/emergencies', {
      title: '居民告知书',
      body: '请注意。',
    });
    await client.nth('schedule', 2);
    await server.api('POST', `/api/emergencies/${json.emergency.id}/clear`);
    const cleared = await client.nth('schedule', 3, 2000);
    expect(cleared.emergency).toBeNull();
    const again = await server.api('POST', `/api/emergencies/${json.emergency.id}/clear`);
    expect(again.status).toBe(409);
  });

  it('reaches only the chosen screens', async () => {
    const lobby = await screen('大厅电子屏');
    const stairwell = await screen('楼道屏');
    const chosen = connect(lobby.token);
    const other = connect(stairwell.token);
    await chosen.nth('schedule', 1);
    await other.nth('schedule', 1);
    await server.api('POST', '/api/emergencies', {
      title: '居民告知书',
      body: '请注意。',
      screens: [lobby.id],
    });
    await chosen.nth('schedule', 2);
    other.send({ type: 'ping', nonce: 2 });
    await other.waitFor(() => other.ofType('pong')[0], 'pong');
    expect(other.ofType('schedule')).toHaveLength(1);
  });

  it('unknown target screen is refused', async () => {
    const { status, json } = await server.api('POST', '/api/emergencies', {
      title: 't',
      body: 'b',
      screens: [42],
    });
    expect(status).toBe(400);
    expect(json.error.field).toBe('screens[0]');
  });
});

describe('tickers', () => {
  it('are pushed with their window and cleared', async () => {
    const lobby = await screen('大厅电子屏');
    const client = connect(lobby.token);
    await client.nth('schedule', 1);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const { status, json } = await server.api('POST', '/api/tickers', {
      text: '今晚 20:00 停水，请提前储水',
      until,
    });
    expect(status).toBe(201);
    const pushed = await client.nth('schedule', 2, 2000);
    expect(pushed.tickers).toEqual([
      {
        id: json.ticker.id,
        text: '今晚 20:00 停水，请提前储水',
        from: null,
        until: Date.parse(until),
      },
    ]);
    await server.api('POST', `/api/tickers/${json.ticker.id}/clear`);
    const cleared = await client.nth('schedule', 3, 2000);
    expect(cleared.tickers).toEqual([]);
  });

  it('empty text names the field', async () => {
    const { status, json } = await server.api('POST', '/api/tickers', { text: '  ' });
    expect(status).toBe(400);
    expect(json.error.field).toBe('text');
  });
});

describe('showing times', () => {
  it('impossible starts are flagged, not dropped', async () => {
    const lobby = await screen('大厅电子屏');
    const { json: created } = await server.api('POST', '/api/disclosures', {
      catalogItem: 6,
      title: '活动',
      body: '内容',
    });
    const id = created.disclosure.id;
    await server.api('POST', `/api/disclosures/${id}/publish`);
    await server.api('PUT', `/api/screens/${lobby.id}/playlist`, {
      entries: [{ disclosureId: id, seconds: 10 }],
    });
    const client = connect(lobby.token);
    const schedule = await client.nth('schedule', 1);
    const versionId = Object.values(schedule.content)[0]!.versionId;
    const base = { disclosureId: id, versionId, seconds: 10 };
    client.send({
      type: 'showings',
      showings: [
        { ...base, id: 'aaaaaaaa-0000-4000-8000-000000000001', startedAt: Date.now() + 86_400_000 },
        {
          ...base,
          id: 'aaaaaaaa-0000-4000-8000-000000000002',
          startedAt: Date.parse('2024-01-01T00:00:00Z'),
        },
        { ...base, id: 'aaaaaaaa-0000-4000-8000-000000000003', startedAt: Date.now() - 10_000 },
        {
          ...base,
          id: 'aaaaaaaa-0000-4000-8000-000000000004',
          startedAt: Date.now() - 20_000,
          seconds: 86_400,
        },
      ],
    });
    const ack = await client.nth('ack', 1);
    expect(ack.committed).toHaveLength(4);
    const { json } = await server.api('GET', '/api/publications');
    const flags = Object.fromEntries(
      json.publications.map((row: { id: string; flag: string | null }) => [
        row.id.slice(-1),
        row.flag,
      ]),
    );
    expect(flags).toEqual({
      '1': 'start in the future',
      '2': 'start before the version existed',
      '3': null,
      '4': 'end in the future',
    });
  });
});
