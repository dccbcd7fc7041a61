/**
 * The server is SIGKILLed while 200 screens report showings, and started again on the same port
 * and database: every showing generated reaches the database exactly once and nothing else does.
 *
 * Time: the displays' connection timers (backoff, ping, silence) and ack timeout run 10 times
 * faster (TIME_SCALE), so a reconnect waits at most 6 s of real time instead of 60 s. Showings are
 * made at a fast fake pace, one every 20 to 50 ms per screen, each written to the outbox before it
 * is sent, as the display does.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { uuidV4 } from '../display/uuid.ts';
import { ServerProcess } from './support/server-process.ts';
import {
  createScreen,
  MemoryStorage,
  publishDisclosure,
  SimulatedDisplay,
} from './support/simulated-display.ts';

const TIME_SCALE = 10;
const DISPLAYS = 200;
/** Real milliseconds of reporting before the kill and after the restart. */
const REPORT_BEFORE_KILL_MS = 2_000;
const REPORT_AFTER_RESTART_MS = 1_000;

let server: ServerProcess | null = null;
const displays: SimulatedDisplay[] = [];
const generators: NodeJS.Timeout[] = [];

afterEach(async () => {
  for (const timer of generators.splice(0)) clearTimeout(timer);
  for (const display of displays.splice(0)) display.stop();
  await server?.stop();
  server = null;
  vi.restoreAllMocks();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function storedIds(dbFile: string): string[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id FROM publication').pluck().all() as string[];
  } finally {
    db.close();
  }
}

async function waitUntil(check: () => boolean, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

describe('server killed mid-stream', () => {
  it('stores every showing exactly once', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    server = await ServerProcess.start();
    const running = server;
    const api = running.api.bind(running);
    const { disclosureId, versionId } = await publishDisclosure(api);
    for (let index = 0; index < DISPLAYS; index += 1) {
      const { token } = await createScreen(api, `电子屏 ${index + 1}`, disclosureId);
      const display = new SimulatedDisplay({
        baseUrl: running.url,
        token,
        storage: new MemoryStorage(),
        timeScale: TIME_SCALE,
      });
      displays.push(display);
      display.start();
    }
    await waitUntil(
      () => displays.every((display) => display.status === 'online'),
      'every display online',
      15_000,
    );

    const generated = new Set<string>();
    let generating = true;
    const generate = (display: SimulatedDisplay, slot: number) => {
      if (!generating) return;
      const id = uuidV4();
      generated.add(id);
      display.record({ id, disclosureId, versionId, startedAt: Date.now(), seconds: 0.5 });
      generators[slot] = setTimeout(() => generate(display, slot), 20 + Math.random() * 30);
    };
    displays.forEach((display, slot) => generate(display, slot));

    await sleep(REPORT_BEFORE_KILL_MS);
    const storedBeforeKill = storedIds(running.dbFile).length;
    await running.kill();
    const unackedAtKill = displays.reduce((sum, display) => sum + display.outbox.size, 0);
    const generatedAtKill = generated.size;
    const killedAt = Date.now();

    await running.start();
    const restartMs = Date.now() - killedAt;
    await sleep(REPORT_AFTER_RESTART_MS);
    generating = false;
    const stoppedAt = Date.now();
    await waitUntil(
      () => displays.every((display) => display.outbox.size === 0),
      'every outbox to drain',
      25_000,
    );
    const drainMs = Date.now() - stoppedAt;

    const stored = storedIds(running.dbFile);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored.length).toBe(generated.size);
    expect(stored.filter((id) => !generated.has(id))).toEqual([]);

    // The kill must have caught showings in flight, or this test proved nothing.
    expect(storedBeforeKill).toBeGreaterThan(0);
    expect(unackedAtKill).toBeGreaterThan(0);
    const resent = displays.reduce((sum, display) => {
      const seen = new Set<string>();
      let twice = 0;
      for (const id of display.batches.flat()) {
        if (seen.has(id)) twice += 1;
        seen.add(id);
      }
      return sum + twice;
    }, 0);
    console.log(
      `server kill: ${generated.size} showings (${generatedAtKill} before the kill, ` +
        `${unackedAtKill} unacked at the kill, ${resent} sent again), restart ${restartMs} ms, ` +
        `drain ${drainMs} ms after generation stopped (real time; x${TIME_SCALE} for display time)`,
    );
  }, 40_000);
});
