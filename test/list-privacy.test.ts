import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskName, sensitiveKind } from '../shared/list-privacy.ts';
import { ScreenClient } from './support/screen-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['刘小兵', '刘*兵'],
    ['张小三丰', '张**丰'],
    ['欧阳明', '欧阳*'],
    ['欧阳小明', '欧阳**'],
    ['司马相如', '司马**'],
    ['诸葛亮', '诸葛*'],
    ['王', '王'],
    [' 李四 ', '李*'],
    ['John Smith', 'J*** S****'],
  ])('%s -> %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('two-character name starting like a compound surname', () => {
    expect(maskName('欧阳')).toBe('欧*');
  });
});

describe('sensitiveKind', () => {
  it.each([
    ['310101199001011234', 'id-card'],
    ['31010119900101123X', 'id-card'],
    ['310101900101123', 'id-card'],
    ['13800138000', 'phone'],
    ['138 0013 8000', 'phone'],
    ['021-5731 0000', 'phone'],
    ['6222 0202 0000 1234 567', 'bank-account'],
    ['6222020200001234', 'bank-account'],
  ] as const)('%s is %s', (value, kind) => {
    expect(sensitiveKind(value)).toBe(kind);
  });

  it.each(['75', '1200.00', '3人', '2026-12-04', '3号楼', '第12组', '12345'])(
    '%s is fine',
    (value) => {
      expect(sensitiveKind(value)).toBeNull();
    },
  );
});

describe('personal lists through the server', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.close();
  });

  const list = (rows: string[][]) => [
    { type: 'table', personal: true, columns: ['序号', '姓名', '家庭人口', '金额（元）'], rows },
  ];

  it.each([
    ['310101199001011234', 'ID card'],
    ['13800138000', 'phone'],
    ['6222020200001234567', 'bank account'],
  ])('refuses %s naming row and column', async (value, label) => {
    const { status, json } = await server.api('POST', '/api/disclosures', {
      catalogItem: 13,
      title: '困难补助名单',
      body: list([
        ['1', '刘小兵', '3', '1200'],
        ['2', '张三', '2', value],
      ]),
    });
    expect(status).toBe(400);
    expect(json.error.field).toBe('body[0].rows[1][3]');
    expect(json.error.message).toContain('row 2, column "金额（元）"');
    expect(json.error.message).toContain(label);
    const { json: all } = await server.api('GET', '/api/disclosures');
    expect(all.disclosures).toEqual([]);
  });

  it('screen receives masked names, staff see them whole', async () => {
    const { json: created } = await server.api('POST', '/api/disclosures', {
      catalogItem: 13,
      title: '困难补助名单',
      body: list([
        ['1', '刘小兵', '3', '1200'],
        ['2', '欧阳小明', '2', '800'],
      ]),
    });
    expect(created.disclosure.latest.body[0].rows[1][1]).toBe('欧阳小明');
    const id = created.disclosure.id;
    await server.api('POST', `/api/disclosures/${id}/publish`);
    const { json: screen } = await server.api('POST', '/api/screens', { name: '公开栏屏' });
    await server.api('PUT', `/api/screens/${screen.screen.id}/playlist`, {
      entries: [{ disclosureId: id, seconds: 10 }],
    });

    const client = new ScreenClient(server.url, screen.token);
    const schedule = await client.nth('schedule', 1);
    const table = Object.values(schedule.content)[0]!.body[0]!;
    expect(table.type === 'table' && table.rows).toEqual([
      ['1', '刘*兵', '3', '1200'],
      ['2', '欧阳**', '2', '800'],
    ]);
    expect(JSON.stringify(schedule)).not.toContain('刘小兵');
    client.close();
  });
});
