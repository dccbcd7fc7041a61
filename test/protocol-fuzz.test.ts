/**
 * Property tests of the screen WebSocket against the real server: valid messages with fields
 * mutated, random JSON, random text, binary frames, deep nesting and oversized frames, sent by a
 * real ws client. The server stays up, a bad frame closes only its own connection (1007 or 1009),
 * another screen keeps getting pongs, and the publication log grows only by committed showings.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, MAX_FRAME_BYTES } from '../shared/protocol.ts';
import { ScreenClient } from './support/screen-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;
let fuzzToken: string;
let observer: ScreenClient;
let disclosureId: number;
let versionId: number;
let nonce = 0;
/** Ids of every showing the server acknowledged as committed. */
const committed = new Set<string>();

async function screenWithPlaylist(name: string) {
  const { json } = await server.api('POST', '/api/screens', { name });
  await server.api('PUT', `/api/screens/${json.screen.id}/playlist`, {
    entries: [{ disclosureId, seconds: 10 }],
  });
  return json.token as string;
}

beforeAll(async () => {
  server = await startTestServer();
  const created = await server.api('POST', '/api/disclosures', {
    catalogItem: 6,
    title: '冬季文化活动安排',
    body: '正文',
  });
  disclosureId = created.json.disclosure.id;
  await server.api('POST', `/api/disclosures/${disclosureId}/publish`);
  fuzzToken = await screenWithPlaylist('被测屏');
  observer = new ScreenClient(server.url, await screenWithPlaylist('旁观屏'));
  const schedule = await observer.nth('schedule', 1);
  versionId = Object.values(schedule.content)[0]!.versionId;
});

afterAll(async () => {
  observer?.close();
  await server?.close();
});

type Frame = { kind: string; data: string | Uint8Array };

const validShowing = () =>
  fc.record({
    id: fc.uuid(),
    disclosureId: fc.constant(0).map(() => disclosureId),
    versionId: fc.constant(0).map(() => versionId),
    startedAt: fc.integer({ min: -3_600_000, max: -10_000 }).map((offset) => Date.now() + offset),
    seconds: fc.integer({ min: 0, max: 120 }),
  });

const validMessage = fc.oneof(
  fc.record({ type: fc.constant('ping'), nonce: fc.integer() }),
  fc.record({
    type: fc.constant('now-showing'),
    disclosureId: fc.option(fc.nat()),
    versionId: fc.option(fc.nat()),
  }),
  fc.record({
    type: fc.constant('emergency-shown'),
    emergencyId: fc.nat(),
    shownAt: fc.integer({ min: 0, max: 2 ** 45 }),
  }),
  fc.record({
    type: fc.constant('showings'),
    showings: fc.array(validShowing(), { minLength: 1, maxLength: 3 }),
  }),
);

/** Replace, delete or add one field, at the top level or inside the first showing. */
const mutatedMessage = fc
  .tuple(validMessage, fc.nat(), fc.oneof(fc.anything(), fc.constant(undefined)), fc.boolean())
  .map(([message, pick, value, nested]) => {
    const copy = structuredClone(message) as Record<string, any>;
    const target: Record<string, unknown> =
      nested && Array.isArray(copy.showings) ? copy.showings[0] : copy;
    const keys = [...Object.keys(target), 'extra'];
    const key = keys[pick % keys.length]!;
    if (value === undefined) delete target[key];
    else target[key] = value;
    return copy;
  });

const deepNesting = fc
  .integer({ min: 1_000, max: 200_000 })
  .map((depth) => `{"type":"showings","showings":${'['.repeat(depth)}${']'.repeat(depth)}}`);

const frames: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 3, arbitrary: validMessage.map((m) => ({ kind: 'valid', data: JSON.stringify(m) })) },
  {
    weight: 5,
    arbitrary: mutatedMessage.map((m) => ({ kind: 'mutated', data: JSON.stringify(m) })),
  },
  { weight: 2, arbitrary: fc.json().map((data) => ({ kind: 'json', data })) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary' }).map((data) => ({ kind: 'text', data })) },
  {
    weight: 2,
    arbitrary: fc.uint8Array({ maxLength: 256 }).map((data) => ({ kind: 'binary', data })),
  },
  { weight: 1, arbitrary: deepNesting.map((data) => ({ kind: 'deep', data })) },
  {
    weight: 1,
    arbitrary: fc
      .constant(0)
      .map(() => ({ kind: 'oversized', data: 'x'.repeat(MAX_FRAME_BYTES + 1) })),
  },
);

/** Send a ping and wait for its pong or for the connection to close; returns which came first. */
async function pingOrClose(client: ScreenClient): Promise<'pong' | number> {
  const mine = ++nonce;
  if (client.closeCode === null) client.send({ type: 'ping', nonce: mine });
  return client.waitFor(
    () =>
      client.closeCode ??
      (client.ofType('pong').some((pong) => pong.nonce === mine) ? ('pong' as const) : undefined),
    `pong ${mine} or close`,
    5000,
  );
}

async function sendFrame(client: ScreenClient, frame: Frame) {
  if (client.closeCode !== null) return;
  client.socket.send(frame.data, { binary: frame.data instanceof Uint8Array });
}

async function publicationTotal(): Promise<number> {
  const { status, json } = await server.api('GET', '/api/publications?limit=1');
  expect(status).toBe(200);
  return json.total;
}

describe('screen socket under random frames', () => {
  it('stays up and closes only the bad connection', async () => {
    await fc.assert(
      fc.asyncProperty(frames, async (frame) => {
        const client = new ScreenClient(server.url, fuzzToken);
        try {
          await client.nth('hello', 1, 5000);
          await sendFrame(client, frame);
          const outcome = await pingOrClose(client);

          if (outcome !== 'pong') {
            expect([CloseCode.invalidMessage, CloseCode.tooLarge]).toContain(outcome);
          }
          if (frame.kind === 'valid') expect(outcome).toBe('pong');
          if (frame.kind === 'binary') expect(outcome).toBe(CloseCode.invalidMessage);
          if (frame.kind === 'oversized') expect(outcome).toBe(CloseCode.tooLarge);
          for (const ack of client.ofType('ack')) for (const id of ack.committed) committed.add(id);

          expect(await pingOrClose(observer)).toBe('pong');
          const health = await fetch(`${server.url}/healthz`);
          expect(health.status).toBe(200);
        } finally {
          client.close();
          await client.closed(5000).catch(() => undefined);
        }
      }),
      { numRuns: 150 },
    );

    expect(await publicationTotal()).toBe(committed.size);
  }, 60_000);

  it('valid showings count once each', async () => {
    const before = await publicationTotal();
    await fc.assert(
      fc.asyncProperty(fc.array(validShowing(), { minLength: 1, maxLength: 20 }), async (rows) => {
        const client = new ScreenClient(server.url, fuzzToken);
        try {
          await client.nth('hello', 1, 5000);
          const duplicated = [...rows, ...rows.slice(0, 1)];
          client.send({ type: 'showings', showings: duplicated });
          const ack = await client.nth('ack', 1, 5000);
          expect(ack.rejected).toEqual([]);
          for (const id of ack.committed) committed.add(id);
        } finally {
          client.close();
          await client.closed(5000).catch(() => undefined);
        }
      }),
      { numRuns: 30 },
    );
    const added = (await publicationTotal()) - before;
    expect(added).toBeGreaterThan(0);
    expect(await publicationTotal()).toBe(committed.size);
  }, 30_000);
});

describe('showing start times', () => {
  it('start outside the Date range is rejected', async () => {
    const client = new ScreenClient(server.url, fuzzToken);
    try {
      await client.nth('hello', 1, 5000);
      const rows = [1e300, -1e300].map((startedAt) => ({
        id: crypto.randomUUID(),
        disclosureId,
        versionId,
        startedAt,
        seconds: 10,
      }));
      client.send({ type: 'showings', showings: rows });
      const ack = await client.nth('ack', 1, 5000);
      for (const id of ack.committed) committed.add(id);
      expect(ack.committed).toEqual([]);
      expect(ack.rejected.map((row) => row.id)).toEqual(rows.map((row) => row.id));
    } finally {
      client.close();
    }
  });
});
