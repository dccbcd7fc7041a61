/**
 * A screen cut off for a whole day, then rebooted and reconnected: its backlog reaches the server
 * once, in protocol-sized batches, and survives a lost ack.
 *
 * Time: the display's connection timers and ack timeout run 10 times faster (TIME_SCALE), and the
 * showings' start times are written directly across yesterday (Shanghai), one every 30 s, as a
 * display with a faked clock would have recorded them. The server's clock runs two days behind
 * until the screen is set up, so its catalog and disclosure version are older than every showing.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OUTBOX_KEY } from '../display/outbox.ts';
import { uuidV4 } from '../display/uuid.ts';
import { MAX_SHOWINGS_PER_BATCH, type Showing } from '../shared/protocol.ts';
import { addDays, shanghaiDate, startOfShanghaiDay } from '../shared/shanghai-time.ts';
import {
  createScreen,
  FileStorage,
  publishDisclosure,
  SimulatedDisplay,
} from './support/simulated-display.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const TIME_SCALE = 10;
const DAY_MS = 24 * 60 * 60_000;
const SHOWING_EVERY_MS = 30_000;
const BACKLOG = DAY_MS / SHOWING_EVERY_MS;

let server: TestServer;
let serverClockOffset = 0;
const displays: SimulatedDisplay[] = [];

beforeEach(async () => {
  vi.spyOn(console, 'info').mockImplementation(() => {});
  // The database is born two days ago, so that its catalog and the disclosure predate the backlog.
  serverClockOffset = 2 * DAY_MS;
  server = await startTestServer({ now: () => Date.now() - serverClockOffset });
});

afterEach(async () => {
  for (const display of displays.splice(0)) display.stop();
  await server.close();
  vi.restoreAllMocks();
});

function startDisplay(token: string, storage: FileStorage) {
  const display = new SimulatedDisplay({
    baseUrl: server.url,
    token,
    storage,
    timeScale: TIME_SCALE,
  });
  displays.push(display);
  display.start();
  return display;
}

/** Yesterday in Shanghai, one showing every 30 s; every seventh one cut short. */
function yesterdaysShowings(disclosureId: number, versionId: number): Showing[] {
  const dayStart = startOfShanghaiDay(addDays(shanghaiDate(Date.now()), -1));
  return Array.from({ length: BACKLOG }, (_, index) => {
    const interrupted = index % 7 === 3;
    return {
      id: uuidV4(),
      disclosureId,
      versionId,
      startedAt: dayStart + index * SHOWING_EVERY_MS,
      seconds: interrupted ? 3.2 : 15,
      ...(interrupted ? { interrupted: true } : {}),
    };
  });
}

function storedRows(dbFile: string) {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT id, screen_id, disclosure_id, version_id, started_at, ended_at, seconds,
                interrupted, flag
           FROM publication ORDER BY started_at, id`,
      )
      .all();
  } finally {
    db.close();
  }
}

function countRows(dbFile: string): number {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM publication').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('a display offline for a day', () => {
  it('delivers a day of showings exactly once', async () => {
    const { disclosureId, versionId } = await publishDisclosure(server.api);
    const { screenId, token } = await createScreen(server.api, '大厅电子屏', disclosureId);
    // From here on the server runs on today's clock (a staff session made before has expired).
    serverClockOffset = 0;
    const storageFile = path.join(server.dir, 'display-storage.json');

    // Online first, then the network goes away for the day.
    const before = startDisplay(token, new FileStorage(storageFile));
    await before.waitFor(() => before.status === 'online', 'first connection');
    before.setOffline(true);
    await before.waitFor(() => before.status === 'offline', 'the cut');

    const showings = yesterdaysShowings(disclosureId, versionId);
    for (const showing of showings) before.record(showing);
    expect(before.batches).toEqual([]);

    // A reboot: the outbox comes back from storage alone.
    before.stop();
    const display = new SimulatedDisplay({
      baseUrl: server.url,
      token,
      storage: new FileStorage(storageFile),
      timeScale: TIME_SCALE,
    });
    displays.push(display);
    expect(display.outbox.size).toBe(BACKLOG);

    // The first ack is lost: the server has committed the batch, the display has not heard.
    const atLoss: { stored: number; outbox: number }[] = [];
    display.faults.loseAcks = 1;
    display.faults.onAckLost = () =>
      atLoss.push({ stored: countRows(server.dbFile), outbox: display.outbox.size });
    const reconnectedAt = Date.now();
    display.start();
    await display.waitFor(() => display.outbox.size === 0, 'the backlog to drain', 20_000);
    const drainMs = Date.now() - reconnectedAt;

    expect(atLoss).toEqual([{ stored: MAX_SHOWINGS_PER_BATCH, outbox: BACKLOG }]);
    const sizes = display.batches.map((batch) => batch.length);
    expect(sizes).toEqual([500, 500, 500, 500, 500, 500, 380]);
    expect(display.batches[1]).toEqual(display.batches[0]);
    expect(display.batches.slice(1).flat()).toEqual(showings.map((showing) => showing.id));
    const outboxAfterAcks = display.events
      .filter((event) => event.kind === 'ack')
      .map((event) => (event.detail as { outboxSize: number }).outboxSize);
    expect(outboxAfterAcks).toEqual([2380, 1880, 1380, 880, 380, 0]);
    expect(JSON.parse(fs.readFileSync(storageFile, 'utf8'))[OUTBOX_KEY]).toBe('[]');

    const expected = showings
      .map((showing) => ({
        id: showing.id,
        screen_id: screenId,
        disclosure_id: disclosureId,
        version_id: versionId,
        started_at: showing.startedAt,
        ended_at: showing.startedAt + Math.round(showing.seconds * 1000),
        seconds: showing.seconds,
        interrupted: showing.interrupted ? 1 : 0,
        flag: null,
      }))
      .sort((a, b) => a.started_at - b.started_at || a.id.localeCompare(b.id));
    expect(storedRows(server.dbFile)).toEqual(expected);
    console.log(`offline backlog: ${BACKLOG} showings drained in ${drainMs} ms real time`);
  });
});
