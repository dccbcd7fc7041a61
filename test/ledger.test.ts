/**
 * The compliance ledger against the real server, with the server's clock set by the test: deadlines
 * in working days, screens and staff records as evidence, estimates for years without an official
 * calendar, coverage of a 公示期 and item 17's first notice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScreenClient } from './support/screen-client.ts';
import { startTestServer, type StaffClient, type TestServer } from './support/test-server.ts';

let server: TestServer;
let clock: number;
let admin: StaffClient;

beforeEach(async () => {
  clock = Date.parse('2026-09-15T09:00:00+08:00');
  server = await startTestServer({ now: () => clock });
  admin = server.admin;
});

/** Move the server's clock; sessions last 12 hours of server time, so sign in again. */
async function setClock(iso: string) {
  clock = Date.parse(iso);
  admin = await server.signIn('admin', 'admin');
}

const api = (method: string, route: string, body?: unknown) => admin.api(method, route, body);

afterEach(async () => {
  await server.close();
});

const at = (iso: string) => Date.parse(iso);

async function disclosure(
  catalogItem: number,
  title: string,
  formedOn: string,
  extra: Record<string, unknown> = {},
) {
  const { json } = await api('POST', '/api/disclosures', {
    catalogItem,
    title,
    body: '内容',
    formedOn,
    ...extra,
  });
  expect(json.disclosure, JSON.stringify(json)).toBeDefined();
  await api('POST', `/api/disclosures/${json.disclosure.id}/publish`);
  const { json: full } = await api('GET', `/api/disclosures/${json.disclosure.id}`);
  return { id: json.disclosure.id as number, versionId: full.disclosure.published.id as number };
}

async function screenShowing(
  disclosureId: number,
  versionId: number,
  startedAt: number,
  channel = 'e-screen',
) {
  const { json } = await api('POST', '/api/screens', {
    name: `屏 ${Math.random()}`,
    channel,
  });
  // A screen may report only versions the server sent it, so the disclosure goes on its schedule.
  await api('PUT', `/api/screens/${json.screen.id}/playlist`, {
    entries: [{ disclosureId, seconds: 15 }],
  });
  const client = new ScreenClient(server.url, json.token);
  await client.nth('schedule', 1);
  client.send({
    type: 'showings',
    showings: [
      {
        id: `s-${Math.random().toString(16).slice(2)}-0000`,
        disclosureId,
        versionId,
        startedAt,
        seconds: 15,
      },
    ],
  });
  const ack = await client.nth('ack', 1);
  expect(ack.committed).toHaveLength(1);
  client.close();
}

async function ledger(query = '') {
  const { status, json } = await api('GET', `/api/ledger${query}`);
  expect(status).toBe(200);
  return json;
}

const item = (data: { items: { number: number }[] }, number: number) =>
  data.items.find((row) => row.number === number) as any;

describe('ledger statuses', () => {
  it('20 working days from 2026-09-15 end 2026-10-19', async () => {
    await disclosure(1, '居民区简介', '2026-09-15');
    const data = await ledger();
    const obligation = item(data, 1).obligations[0];
    expect(obligation.deadline).toBe('2026-10-19');
    expect(obligation.estimate).toBe(false);
    expect(obligation.channels.map((channel: { status: string }) => channel.status)).toEqual([
      'due',
      'due',
    ]);
    expect(obligation.channels[0].dueInWorkingDays).toBe(20);
  });

  it('screen showing within the deadline is on time', async () => {
    const { id, versionId } = await disclosure(6, '文化活动', '2026-09-15');
    await setClock('2026-09-17T10:00:00+08:00');
    await screenShowing(id, versionId, at('2026-09-17T09:30:00+08:00'));
    const channel = item(await ledger(), 6).obligations[0].channels.find(
      (row: { key: string }) => row.key === 'e-screen',
    );
    expect(channel).toMatchObject({
      status: 'on-time',
      publishedOn: '2026-09-17',
      source: 'screen',
    });
  });

  it('late showing and overdue channels', async () => {
    const { id, versionId } = await disclosure(6, '文化活动', '2026-09-15');
    // 及时公开 allows 5 working days by default.
    await setClock('2026-09-28T10:00:00+08:00');
    await screenShowing(id, versionId, at('2026-09-25T10:00:00+08:00'));
    const data = await ledger();
    const channels = item(data, 6).obligations[0].channels;
    // 2026-09-20 is a working Sunday (调休), so the fifth working day is 2026-09-21.
    expect(item(data, 6).obligations[0].deadline).toBe('2026-09-21');
    expect(channels.find((row: { key: string }) => row.key === 'e-screen').status).toBe('late');
    const group = channels.find((row: { key: string }) => row.key === 'wechat-group');
    expect(group.status).toBe('overdue');
    expect(group.overdueWorkingDays).toBe(4);
    expect(data.items[0].number).toBe(6);
    expect(item(data, 2).status).toBe('not-due');
  });

  it('staff record proves a channel that is not a screen', async () => {
    const { id } = await disclosure(6, '文化活动', '2026-09-15');
    const editor = await server.signIn('editor');
    const missing = await editor.api('POST', '/api/channel-records', {
      disclosureId: id,
      channel: 'wechat-group',
      publishedOn: '2026-09-16',
    });
    expect(missing.status).toBe(400);
    expect(missing.json.error.field).toBe('evidenceUrl');
    const wrong = await editor.api('POST', '/api/channel-records', {
      disclosureId: id,
      channel: 'tv-channel',
      publishedOn: '2026-09-16',
      evidenceUrl: 'https://example.org/post/1',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.field).toBe('channel');
    const { status } = await editor.api('POST', '/api/channel-records', {
      disclosureId: id,
      channel: 'wechat-group',
      publishedOn: '2026-09-16',
      evidenceUrl: 'https://example.org/post/1',
    });
    expect(status).toBe(201);
    const channel = item(await ledger(), 6).obligations[0].channels.find(
      (row: { key: string }) => row.key === 'wechat-group',
    );
    expect(channel).toMatchObject({
      status: 'on-time',
      publishedOn: '2026-09-16',
      source: 'record',
    });
  });

  it('promptly days follow the policy and item overrides', async () => {
    await disclosure(6, '文化活动', '2026-09-15');
    await disclosure(7, '便民服务', '2026-09-15');
    await api('PUT', '/api/ledger/policy', {
      promptlyDays: 3,
      promptlyOverrides: { '7': 10 },
    });
    const data = await ledger();
    expect(item(data, 6).obligations[0].deadline).toBe('2026-09-18');
    expect(item(data, 7).obligations[0].deadline).toBe('2026-09-29');
  });

  it('ledger range filters by formation date', async () => {
    await disclosure(6, '九月活动', '2026-09-01');
    await disclosure(6, '十月活动', '2026-09-14');
    const data = await ledger('?from=2026-09-10&to=2026-09-30');
    expect(item(data, 6).obligations.map((row: { title: string }) => row.title)).toEqual([
      '十月活动',
    ]);
    const invalid = await api('GET', '/api/ledger?from=2026-02-30');
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.field).toBe('from');
  });
});

describe('calendar estimates', () => {
  it('deadline into 2027 is an estimate until imported', async () => {
    await setClock('2026-12-21T09:00:00+08:00');
    await disclosure(1, '居民区简介', '2026-12-20');
    const before = item(await ledger(), 1).obligations[0];
    expect(before.estimate).toBe(true);
    expect(before.estimateReason).toContain('2027');

    const file = path.join(server.dir, 'calendar-2027.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        format: 'gongkai-calendar/1',
        year: 2027,
        source: '测试用 2027 年安排',
        holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
        workdays: [],
      }),
    );
    const { importCalendarFile } = await import('../server/calendar-store.ts');
    await importCalendarFile(server.database.db, file);
    const after = item(await ledger(), 1).obligations[0];
    expect(after.estimate).toBe(false);
    expect(after.deadline).toBe('2027-01-18');
    expect(before.deadline).toBe('2027-01-15');
  });
});

describe('coverage and certificate', () => {
  it('reports the day a screen was offline', async () => {
    const { id, versionId } = await disclosure(13, '困难补助公示', '2026-09-14', {
      displayFrom: '2026-09-15T00:00:00+08:00',
      displayUntil: '2026-09-22T00:00:00+08:00',
    });
    const { json: screen } = await api('POST', '/api/screens', {
      name: '公开栏屏',
      channel: 'notice-board',
    });
    await api('PUT', `/api/screens/${screen.screen.id}/playlist`, {
      entries: [{ disclosureId: id, seconds: 15 }],
    });
    for (let day = 15; day <= 21; day++) {
      if (day === 18) continue;
      await setClock(`2026-09-${day}T10:00:00+08:00`);
      const client = new ScreenClient(server.url, screen.token);
      await client.nth('hello', 1);
      client.send({
        type: 'showings',
        showings: [
          { id: `cov-${day}-00000000`, disclosureId: id, versionId, startedAt: clock, seconds: 15 },
        ],
      });
      await client.nth('ack', 1);
      clock += 60_000;
      client.close();
      await client.closed();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await setClock('2026-09-23T10:00:00+08:00');
    const { status, json } = await api('GET', `/api/disclosures/${id}/certificate`);
    expect(status).toBe(200);
    const coverage = json.certificate.coverage[0];
    expect(coverage.days).toHaveLength(7);
    expect(coverage.complete).toBe(true);
    expect(coverage.screens[0]).toMatchObject({
      screenName: '公开栏屏',
      covered: false,
      daysShown: 6,
    });
    expect(coverage.screens[0].missed).toEqual([{ date: '2026-09-18', reason: 'screen offline' }]);
    expect(json.certificate.showings).toHaveLength(6);
    expect(json.certificate.showings[0]).toMatchObject({
      version: 1,
      screenName: '公开栏屏',
      startedAt: '2026-09-15T10:00:00.000+08:00',
    });
    expect(json.certificate.showings[0].contentHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('first notices', () => {
  it('item 17 proves the 2-hour rule from receipts', async () => {
    await setClock('2026-09-15T12:00:00+08:00');
    const { json: screen } = await api('POST', '/api/screens', { name: '大厅电子屏' });
    const client = new ScreenClient(server.url, screen.token);
    await client.nth('schedule', 1);
    const { json } = await api('POST', '/api/emergencies', {
      title: '居民告知书',
      body: '请注意防护。',
      eventAt: '2026-09-15T10:30:00+08:00',
    });
    client.send({
      type: 'emergency-shown',
      emergencyId: json.emergency.id,
      shownAt: at('2026-09-15T12:00:05+08:00'),
    });
    client.send({ type: 'ping', nonce: 1 });
    await client.nth('pong', 1);
    client.close();
    const notice = item(await ledger(), 17).firstNotices[0];
    expect(notice).toMatchObject({ status: 'on-time', dueAt: '2026-09-15T12:30:00.000+08:00' });
  });
});

describe('ledger CSV', () => {
  it('lists overdue items with BOM', async () => {
    await disclosure(4, '居民公约', '2026-08-03');
    await setClock('2026-09-20T10:00:00+08:00');
    const response = await fetch(`${server.url}/api/ledger/export.csv`, {
      headers: { cookie: admin.cookie },
    });
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '序号,类别,事项,公开时限,公开信息,形成或变更日期,截止日期,渠道,状态,公开日期,证据,备注',
    );
    expect(lines[1]).toContain('4,综合居务');
    expect(lines[1]).toContain('已逾期');
  });
});
