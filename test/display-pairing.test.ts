/**
 * The display's PairingClient and ScreenConnection in Node against the real server. A code is
 * shown and paired, an expired code is replaced, a 429 is waited out and an unreachable server is
 * retried. A revoked token (close code 4003) stops the connection for good.
 *
 * Time scaling: the client's timers run TIME_SCALE times faster than written; the delays it asked
 * for are recorded unscaled. The server's clock is shifted to expire codes and rate limits.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  PairingClient,
  POLL_INTERVAL_MS,
  RETRY_MS,
  type PairingState,
} from '../display/pairing-client.ts';
import {
  ScreenConnection,
  type ConnectionStatus,
  type WebSocketConstructor,
} from '../display/screen-connection.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const TIME_SCALE = 20;
const servers: TestServer[] = [];
const clients: PairingClient[] = [];
const connections: ScreenConnection[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.stop();
  for (const connection of connections.splice(0)) connection.stop();
  for (const server of servers.splice(0)) await server.close();
});

async function until<T>(check: () => T | undefined | null | false, what: string, ms = 3000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function serverWithClock() {
  const clock = { shift: 0 };
  const server = await startTestServer({ now: () => Date.now() + clock.shift });
  servers.push(server);
  return { server, clock };
}

function startClient(baseUrl: string, timeScale = TIME_SCALE) {
  const states: PairingState[] = [];
  const delays: number[] = [];
  const tokens: string[] = [];
  const client = new PairingClient({
    baseUrl,
    onState: (state) => states.push(state),
    onPaired: (token) => tokens.push(token),
    setTimer: (callback, ms) => {
      delays.push(ms);
      return setTimeout(callback, ms / timeScale);
    },
  });
  clients.push(client);
  client.start();
  const waitingCode = (after = 0) =>
    until(() => {
      const state = states.slice(after).find((item) => item.phase === 'waiting');
      return state?.phase === 'waiting' ? state : undefined;
    }, 'a pairing code');
  return { client, states, delays, tokens, waitingCode };
}

function pairScreen(server: TestServer, code: string) {
  return server.api('POST', '/api/screens/pair', {
    code,
    name: '配对测试屏',
    location: '一楼',
    orientation: 'landscape',
    channel: 'e-screen',
  });
}

function openConnection(server: TestServer, token: string) {
  const statuses: ConnectionStatus[] = [];
  let sockets = 0;
  const Counted = class extends WebSocket {
    constructor(url: string) {
      super(url);
      sockets += 1;
    }
  };
  const connection = new ScreenConnection({
    url: `${server.url.replace(/^http/, 'ws')}/ws/screen?token=${encodeURIComponent(token)}`,
    WebSocketImpl: Counted as unknown as WebSocketConstructor,
    onMessage: () => {},
    onPong: () => {},
    onStatus: (status) => statuses.push(status),
  });
  connections.push(connection);
  connection.start();
  return { connection, statuses, sockets: () => sockets };
}

describe('PairingClient', () => {
  it('shows a code and receives the token', async () => {
    const { server } = await serverWithClock();
    const { client, delays, tokens, waitingCode } = startClient(server.url);

    const waiting = await waitingCode();
    expect(waiting.code).toMatch(/^\d{6}$/);
    expect(waiting.reachable).toBe(true);
    expect(waiting.expiresAt).toBeGreaterThan(Date.now());

    const paired = await pairScreen(server, waiting.code);
    expect(paired.status).toBe(201);
    const [token] = await until(() => tokens.length > 0 && tokens, 'the token');
    expect(token).toEqual(expect.any(String));
    expect(client.state.phase).toBe('waiting');
    expect(delays.every((ms) => ms === POLL_INTERVAL_MS)).toBe(true);

    const { statuses } = openConnection(server, token!);
    await until(() => statuses.includes('online'), 'online with the paired token');
  });

  it('replaces an expired code', async () => {
    const { server, clock } = await serverWithClock();
    const { states, waitingCode } = startClient(server.url);
    const first = await waitingCode();

    clock.shift += 11 * 60_000;
    const second = await waitingCode(states.indexOf(first) + 1);
    expect(second.expiresAt).toBeGreaterThan(first.expiresAt);
    const stale = await pairScreen(server, first.code);
    expect(stale.status).toBe(404);
  });

  it('waits out a 429 before asking again', async () => {
    const { server, clock } = await serverWithClock();
    let limited = await server.anonymous('POST', '/api/pairing');
    while (limited.status !== 429) limited = await server.anonymous('POST', '/api/pairing');
    const retryAfterSeconds: number = limited.json.error.retryAfterSeconds;
    expect(retryAfterSeconds).toBeGreaterThan(0);

    const { states, delays, waitingCode } = startClient(server.url, 2000);
    const state = await until(
      () => states.find((item) => item.phase === 'rate-limited'),
      'the rate-limited state',
    );
    expect(state.phase).toBe('rate-limited');
    expect(delays[0]).toBe(retryAfterSeconds * 1000);

    clock.shift += 11 * 60_000;
    const waiting = await waitingCode();
    expect(waiting.code).toMatch(/^\d{6}$/);
  });

  it('retries an unreachable server', async () => {
    const port = await closedPort();
    const { states, delays } = startClient(`http://127.0.0.1:${port}`);

    await until(() => delays.length >= 2, 'a second attempt');
    expect(states[0]).toEqual({ phase: 'requesting' });
    expect(states.some((state) => state.phase === 'unreachable')).toBe(true);
    expect(delays.slice(0, 2)).toEqual([RETRY_MS, RETRY_MS]);
  });
});

describe('ScreenConnection after revoke', () => {
  it('stops for good on close code 4003', async () => {
    const { server } = await serverWithClock();
    const { tokens, waitingCode } = startClient(server.url);
    const paired = await pairScreen(server, (await waitingCode()).code);
    const [token] = await until(() => tokens.length > 0 && tokens, 'the token');
    const { connection, statuses, sockets } = openConnection(server, token!);
    await until(() => statuses.includes('online'), 'online');

    const revoked = await server.api('POST', `/api/screens/${paired.json.screen.id}/revoke`);
    expect(revoked.status).toBe(204);
    await until(() => statuses.includes('unauthorized'), 'the unauthorized status');

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sockets()).toBe(1);
    expect(connection.status).toBe('unauthorized');
  });
});

/** Find a loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
