/**
 * The display's ScreenConnection in Node against a real `ws` server on loopback, with fake timers.
 * Heartbeats detect a dead connection within 30 s. Reconnects back off with jitter, starting from
 * a 10 s spread. After close code 4001 it waits ten minutes before taking the screen back.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { ServerMessage } from '../shared/protocol.ts';
import { backoffDelay, DEFAULT_BACKOFF } from '../display/backoff.ts';
import {
  CLOSE_SILENT,
  ScreenConnection,
  type ConnectionStatus,
  type WebSocketConstructor,
  REPLACED_RETRY_MS,
} from '../display/screen-connection.ts';

// Captured before the timers are faked: waits for real network events.
const realSetTimeout = globalThis.setTimeout;

async function until(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => realSetTimeout(resolve, 5));
  }
}

/** Real I/O for a moment, to show that something does NOT happen. */
const settle = () => new Promise((resolve) => realSetTimeout(resolve, 150));

const HELLO = {
  type: 'hello',
  serverTime: 1_800_000_000_000,
  screen: { id: 1, name: '大厅', orientation: 'landscape' },
  fallback: { committeeName: '钟楼居民委员会', officeHours: '', contact: '', address: '' },
};

interface Harness {
  url: string;
  server: WebSocketServer;
  sockets: WebSocket[];
  pings: number[];
  closeCodes: number[];
  answerPings: boolean;
}

let harness: Harness;
let connection: ScreenConnection | null = null;

beforeEach(async () => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  harness = {
    url: `ws://127.0.0.1:${port}/ws/screen`,
    server,
    sockets: [],
    pings: [],
    closeCodes: [],
    answerPings: false,
  };
  server.on('connection', (socket) => {
    harness.sockets.push(socket);
    socket.on('close', (code) => harness.closeCodes.push(code));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type !== 'ping') return;
      harness.pings.push(message.nonce);
      if (harness.answerPings) {
        socket.send(JSON.stringify({ type: 'pong', nonce: message.nonce, serverTime: 1 }));
      }
    });
    socket.send(JSON.stringify(HELLO));
  });
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});

afterEach(async () => {
  connection?.stop();
  connection = null;
  vi.useRealTimers();
  for (const socket of harness.sockets) socket.terminate();
  await new Promise((resolve) => harness.server.close(resolve));
});

function connect(random: () => number = () => 0.5) {
  const statuses: ConnectionStatus[] = [];
  const messages: ServerMessage[] = [];
  const pongs: number[] = [];
  connection = new ScreenConnection({
    url: harness.url,
    WebSocketImpl: WebSocket as unknown as WebSocketConstructor,
    random,
    monotonic: () => Date.now(),
    onMessage: (message) => messages.push(message),
    onPong: (serverTime) => pongs.push(serverTime),
    onStatus: (status) => statuses.push(status),
  });
  connection.start();
  return { connection, statuses, messages, pongs };
}

describe('ScreenConnection heartbeat', () => {
  it('drops a silent connection after 25 s', async () => {
    const client = connect();
    await until(() => client.connection.status === 'online', 'the hello');

    await vi.advanceTimersByTimeAsync(10_000);
    await until(() => harness.pings.length === 1, 'the first ping');
    await vi.advanceTimersByTimeAsync(14_999);
    expect(client.connection.status).toBe('online');

    await vi.advanceTimersByTimeAsync(1);
    expect(client.connection.status).toBe('offline');
    await until(() => harness.closeCodes.length === 1, 'the close on the server');
    expect(harness.closeCodes).toEqual([CLOSE_SILENT]);
  });

  it('stays online while pongs arrive', async () => {
    harness.answerPings = true;
    const client = connect();
    await until(() => client.connection.status === 'online', 'the hello');

    for (let second = 10; second <= 60; second += 10) {
      await vi.advanceTimersByTimeAsync(10_000);
      await until(() => client.pongs.length === second / 10, `pong ${second / 10}`);
    }
    expect(client.connection.status).toBe('online');
    expect(harness.sockets).toHaveLength(1);
    expect(harness.pings).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('drops a handshake that never completes', async () => {
    // A listening socket that never responds to the HTTP upgrade.
    const net = await import('node:net');
    const acceptedSockets: import('node:net').Socket[] = [];
    const silent = net.createServer((socket) => acceptedSockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    harness.url = `ws://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    try {
      const client = connect();
      await settle();
      expect(client.connection.status).toBe('connecting');

      await vi.advanceTimersByTimeAsync(25_000);
      expect(client.connection.status).toBe('offline');
    } finally {
      connection?.stop();
      for (const socket of acceptedSockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('ScreenConnection reconnect', () => {
  it('waits the jittered first delay', async () => {
    const client = connect(() => 0.5);
    await until(() => client.connection.status === 'online', 'the hello');

    harness.sockets[0]!.close(1001, 'server restarting');
    await until(() => client.connection.status === 'offline', 'the drop');
    // Half of the 10 s spread of the first retry.
    await vi.advanceTimersByTimeAsync(4_999);
    await settle();
    expect(harness.sockets).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(1);
    await until(() => harness.sockets.length === 2, 'the reconnect');
    await until(() => client.connection.status === 'online', 'the second hello');
    expect(client.statuses).toEqual(['online', 'offline', 'connecting', 'online']);
  });

  it('waits ten minutes after close code 4001', async () => {
    const client = connect();
    await until(() => client.connection.status === 'online', 'the hello');

    harness.sockets[0]!.close(4001, 'replaced');
    await until(() => client.connection.status === 'replaced', 'the replaced status');
    await vi.advanceTimersByTimeAsync(REPLACED_RETRY_MS - 1);
    await settle();
    expect(harness.sockets).toHaveLength(1);
    expect(client.connection.status).toBe('replaced');

    await vi.advanceTimersByTimeAsync(1);
    await until(() => client.connection.status === 'online', 'the connection taken back');
    expect(harness.sockets).toHaveLength(2);
  });

  it('uses globalThis.WebSocket by default', async () => {
    const saved = (globalThis as { WebSocket?: unknown }).WebSocket;
    (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
    try {
      const statuses: ConnectionStatus[] = [];
      connection = new ScreenConnection({
        url: harness.url,
        onMessage: () => {},
        onPong: () => {},
        onStatus: (status) => statuses.push(status),
      });
      connection.start();
      await until(() => statuses.includes('online'), 'the hello');
    } finally {
      (globalThis as { WebSocket?: unknown }).WebSocket = saved;
    }
  });
});

describe('backoffDelay', () => {
  /** Deterministic uniform numbers (mulberry32), so the test never flakes. */
  function seeded(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
  }

  it('spreads first retries of 1000 screens', () => {
    const random = seeded(42);
    const perSecond = new Map<number, number>();
    for (let screen = 0; screen < 1000; screen += 1) {
      const delay = backoffDelay(0, random);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(10_000);
      const second = Math.floor(delay / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    expect(perSecond.size).toBe(10);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(200);
  });

  it('doubles up to the 60 s cap', () => {
    const almostOne = () => 0.999_999;
    expect(DEFAULT_BACKOFF).toEqual({ baseMs: 10_000, capMs: 60_000 });
    expect(backoffDelay(0, almostOne)).toBe(9_999);
    expect(backoffDelay(1, almostOne)).toBe(19_999);
    expect(backoffDelay(2, almostOne)).toBe(39_999);
    expect(backoffDelay(3, almostOne)).toBe(59_999);
    expect(backoffDelay(1000, almostOne)).toBe(59_999);
  });
});
