/**
 * Reconnects after a server restart: 300 screens come back spread out rather than all at once,
 * and a screen whose connection was taken over by another with its token stays away.
 *
 * Time: the displays run the real `backoffDelay` with its default options, but every timer of
 * their connection (backoff, ping, silence, the 4003 retry) fires TIME_SCALE = 20 times sooner.
 * Measured real durations are multiplied by 20 to get display seconds, so "no display second holds
 * more than a fifth of the screens" is checked on `floor(realMs * 20 / 1000)` buckets.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BACKOFF } from '../display/backoff.ts';
import { CloseCode } from '../shared/protocol.ts';
import { ServerProcess } from './support/server-process.ts';
import {
  createScreen,
  MemoryStorage,
  publishDisclosure,
  SimulatedDisplay,
} from './support/simulated-display.ts';

const TIME_SCALE = 20;
const DISPLAYS = 300;
const MAX_SHARE_PER_SECOND = 1 / 5;

let server: ServerProcess | null = null;
const displays: SimulatedDisplay[] = [];

afterEach(async () => {
  for (const display of displays.splice(0)) display.stop();
  await server?.stop();
  server = null;
  vi.restoreAllMocks();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(check: () => boolean, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

async function startServer() {
  vi.spyOn(console, 'info').mockImplementation(() => {});
  server = await ServerProcess.start();
  const running = server;
  const api = running.api.bind(running);
  const { disclosureId } = await publishDisclosure(api);
  return { running, api, disclosureId };
}

function connectDisplay(baseUrl: string, token: string) {
  const display = new SimulatedDisplay({
    baseUrl,
    token,
    storage: new MemoryStorage(),
    timeScale: TIME_SCALE,
  });
  displays.push(display);
  display.start();
  return display;
}

/** Count instants per display second after `origin`, scaled up from real milliseconds. */
function perDisplaySecond(instants: number[], origin: number): Map<number, number> {
  const buckets = new Map<number, number>();
  for (const instant of instants) {
    const second = Math.floor(((instant - origin) * TIME_SCALE) / 1000);
    buckets.set(second, (buckets.get(second) ?? 0) + 1);
  }
  return buckets;
}

describe('reconnect storm', () => {
  it('spreads 300 reconnects after a restart', async () => {
    const { running, api, disclosureId } = await startServer();
    const screenIds: number[] = [];
    for (let index = 0; index < DISPLAYS; index += 1) {
      const { screenId, token } = await createScreen(api, `电子屏 ${index + 1}`, disclosureId);
      screenIds.push(screenId);
      connectDisplay(running.url, token);
    }
    await waitUntil(
      () => displays.every((display) => display.status === 'online'),
      'every display online',
      15_000,
    );

    await running.kill();
    const killedAt = Date.now();
    await waitUntil(
      () => displays.every((display) => display.status !== 'online'),
      'every display to notice the kill',
      5_000,
    );
    await running.start();
    const upAt = Date.now();
    await waitUntil(
      () => displays.every((display) => display.status === 'online'),
      'every display back online',
      20_000,
    );

    // Client side: the first hello each display got after the kill.
    const landed = displays.map(
      (display) =>
        display.events.find((event) => event.kind === 'hello' && event.at > killedAt)!.at,
    );
    // Server side: the first "screen connected" line per screen of the new process.
    const firstByScreen = new Map<number, number>();
    for (const line of running.logsWith('screen connected')) {
      const at = Date.parse(String(line.time));
      if (at > killedAt && !firstByScreen.has(line.screenId!))
        firstByScreen.set(line.screenId!, at);
    }
    expect([...firstByScreen.keys()].sort((a, b) => a - b)).toEqual(screenIds);
    const { json } = await api('GET', '/api/screens');
    expect(json.screens.filter((screen: { online: boolean }) => screen.online)).toHaveLength(
      DISPLAYS,
    );

    const limit = DISPLAYS * MAX_SHARE_PER_SECOND;
    const clientBuckets = perDisplaySecond(landed, killedAt);
    const serverBuckets = perDisplaySecond([...firstByScreen.values()], killedAt);
    const clientMax = Math.max(...clientBuckets.values());
    const serverMax = Math.max(...serverBuckets.values());
    expect(clientMax).toBeLessThanOrEqual(limit);
    expect(serverMax).toBeLessThanOrEqual(limit);

    const lastSecond = Math.max(...clientBuckets.keys());
    const downSeconds = ((upAt - killedAt) * TIME_SCALE) / 1000;
    console.log(
      `reconnect storm (backoff base ${DEFAULT_BACKOFF.baseMs} ms, cap ${DEFAULT_BACKOFF.capMs} ms, ` +
        `x${TIME_SCALE}): server down ${downSeconds.toFixed(1)} display s; all ${DISPLAYS} back ` +
        `by display second ${lastSecond}; max per display second ${clientMax} (client), ` +
        `${serverMax} (server log); limit ${limit}`,
    );
  }, 40_000);

  it('keeps a replaced connection closed', async () => {
    const { running, api, disclosureId } = await startServer();
    const { screenId, token } = await createScreen(api, '大厅电子屏', disclosureId);
    const older = connectDisplay(running.url, token);
    await older.waitFor(() => older.status === 'online', 'the older connection');

    const newer = connectDisplay(running.url, token);
    await newer.waitFor(() => newer.status === 'online', 'the newer connection');
    await older.waitFor(() => older.status === 'replaced', 'the older one to be replaced');
    const closes = older.events.filter((event) => event.kind === 'close');
    expect(closes.map((event) => event.detail)).toEqual([CloseCode.replaced]);

    // One display minute: a reconnect would start within 10 display seconds, the first backoff.
    await sleep(60_000 / TIME_SCALE);
    expect(older.status).toBe('replaced');
    expect(older.socketCount).toBe(1);
    expect(newer.status).toBe('online');
    expect(newer.socketCount).toBe(1);
    const connected = running
      .logsWith('screen connected')
      .filter((line) => line.screenId === screenId);
    expect(connected).toHaveLength(2);
  }, 40_000);
});
