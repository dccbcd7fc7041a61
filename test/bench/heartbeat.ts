/**
 * Scenario 3b: heartbeat round trips while the real server ingests a backlog of showings through
 * its WebSocket path. A few screens upload their backlog as the display does (batches of 500, the
 * next batch after the ack of the last one); 100 other screens in a child process
 * (`ping-clients.ts`) ping every 200 ms and time each pong. Pings are timed first with no backlog,
 * then during it.
 *
 * Set BENCH_HEARTBEAT_PROFILE=1 to run the server with `--cpu-prof` and print its top functions.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import WebSocket from 'ws';
import type { ScheduleMessage, Showing } from '../../shared/protocol.ts';
import { createFleet } from './fleet.ts';
import {
  BENCH_DIR,
  cpuMs,
  log,
  median,
  percentile,
  request,
  round,
  sleep,
  spawnNode,
  verdict,
  wallMs,
} from './lib.ts';

const PINGING_SCREENS = 100;
/** Screens uploading at once; BENCH_BACKLOG_SCREENS overrides it. */
const BACKLOG_SCREENS = Number(process.env.BENCH_BACKLOG_SCREENS ?? 4);
const BATCH = 500;
const PING_INTERVAL_MS = 200;
const IDLE_MS = 5_000;
const TARGET_P99_MS = 100;

interface Uploader {
  socket: WebSocket;
  disclosureId: number;
  versionId: number;
  /** Resolvers of acks not yet received, in sending order. */
  acks: (() => void)[];
}

/** Connect as a screen and wait for its first schedule, which names the version it may show. */
function connectUploader(url: string): Promise<Uploader> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    let uploader: Uploader | null = null;
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === 'ack') uploader?.acks.shift()?.();
      if (message.type !== 'schedule' || uploader) return;

      const content = Object.values((message as ScheduleMessage).content)[0];
      if (!content) return reject(new Error('the first schedule has no content'));
      uploader = {
        socket,
        disclosureId: content.disclosureId,
        versionId: content.versionId,
        acks: [],
      };
      resolve(uploader);
    });
    socket.once('error', reject);
  });
}

/**
 * Uploads `count` showings in batches, each after the previous batch's ack, and returns each
 * batch's send-to-ack time.
 */
async function upload(uploader: Uploader, count: number, firstStart: number): Promise<number[]> {
  const times: number[] = [];
  for (let offset = 0; offset < count; offset += BATCH) {
    const showings: Showing[] = [];
    for (let index = offset; index < Math.min(count, offset + BATCH); index++) {
      showings.push({
        id: randomUUID(),
        disclosureId: uploader.disclosureId,
        versionId: uploader.versionId,
        startedAt: firstStart + index * 2,
        seconds: 15,
      });
    }
    const acked = new Promise<void>((resolve) => uploader.acks.push(resolve));
    const sentAt = performance.now();
    uploader.socket.send(JSON.stringify({ type: 'showings', showings }));
    await acked;
    times.push(performance.now() - sentAt);
  }
  return times;
}

function summarize(roundTrips: number[]): string {
  return (
    `${roundTrips.length.toLocaleString('en')} pongs: p50 ${round(median(roundTrips), 2)} ms, ` +
    `p99 ${round(percentile(roundTrips, 99), 2)} ms, max ${round(Math.max(...roundTrips), 2)} ms`
  );
}

/** Self time by function from a V8 .cpuprofile, largest first, as "name (file) 12.3 %". */
function topFunctions(file: string, count: number): string[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string }; hitCount?: number }[];
  };
  const byName = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const where = node.callFrame.url.split('/').slice(-2).join('/');
    const key = `${node.callFrame.functionName || '(anonymous)'} (${where || 'native'})`;
    byName.set(key, (byName.get(key) ?? 0) + hits);
  }
  return [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, hits]) => `${key} ${round((hits / total) * 100)} %`);
}

export async function benchHeartbeat(showings: number) {
  log(
    `\n## Scenario 3b: heartbeats of ${PINGING_SCREENS} screens while ` +
      `${showings.toLocaleString('en')} showings are ingested over WebSocket`,
  );
  const profile = process.env.BENCH_HEARTBEAT_PROFILE === '1';
  const fleet = await createFleet(PINGING_SCREENS + BACKLOG_SCREENS);
  if (profile) {
    // The server's working folder is its cwd, where --cpu-prof writes on a graceful stop.
    await fleet.server.stop('SIGTERM');
    await fleet.server.start(['--cpu-prof']);
  }
  const pingers = spawnNode([path.join(BENCH_DIR, 'ping-clients.ts')], { ipc: true });
  const socketUrl = `${fleet.server.url.replace('http', 'ws')}/ws/screen`;
  try {
    const uploaders = await Promise.all(
      fleet.tokens
        .slice(0, BACKLOG_SCREENS)
        .map((token) => connectUploader(`${socketUrl}?token=${encodeURIComponent(token)}`)),
    );
    await request(
      pingers.child,
      { type: 'connect', url: socketUrl, tokens: fleet.tokens.slice(BACKLOG_SCREENS) },
      'connected',
      60_000,
    );

    await request(pingers.child, { type: 'start', intervalMs: PING_INTERVAL_MS }, 'started');
    await sleep(IDLE_MS);

    // Showings of the last few minutes, after the version was created, so none is flagged.
    const perScreen = Math.ceil(showings / BACKLOG_SCREENS);
    const firstStart = Date.now() - 4 * 60_000;
    const cpuBefore = cpuMs(fleet.server.pid);
    const backlogFrom = wallMs();
    const batchTimes = (
      await Promise.all(uploaders.map((uploader) => upload(uploader, perScreen, firstStart)))
    ).flat();
    const backlogUntil = wallMs();
    const cpu = cpuMs(fleet.server.pid) - cpuBefore;

    const stopped = await request<{ samples: [number, number][]; lost: number }>(
      pingers.child,
      { type: 'stop', graceMs: 1_000 },
      'stopped',
      60_000,
    );
    const idle = stopped.samples.filter(([at]) => at < backlogFrom).map(([, ms]) => ms);
    const during = stopped.samples
      .filter(([at]) => at >= backlogFrom && at <= backlogUntil)
      .map(([, ms]) => ms);

    const stored = countPublications(fleet.server.dbFile);
    const seconds = (backlogUntil - backlogFrom) / 1000;
    log(
      `backlog: ${stored.toLocaleString('en')} showings stored from ${BACKLOG_SCREENS} screens in ` +
        `${round(seconds, 2)} s (${Math.round(stored / seconds).toLocaleString('en')} rows/s), ` +
        `server CPU ${round(cpu / 1000, 2)} s; batch of ${BATCH} send-to-ack ` +
        `p50 ${round(median(batchTimes))} ms, p99 ${round(percentile(batchTimes, 99))} ms`,
    );
    log(`pings with no backlog: ${summarize(idle)}`);
    log(
      `pings during the backlog: ${summarize(during)}; ${stopped.lost} without a pong ` +
        `(target p99 < ${TARGET_P99_MS} ms: ${verdict(percentile(during, 99) < TARGET_P99_MS)})`,
    );
    if (stored < showings) throw new Error(`stored ${stored} showings, expected ${showings}`);

    await request(pingers.child, { type: 'close' }, 'closed');
    for (const uploader of uploaders) uploader.socket.terminate();
    if (profile) {
      await fleet.server.stop('SIGTERM');
      const file = fs.readdirSync(fleet.server.dir).find((name) => name.endsWith('.cpuprofile'));
      if (file) {
        const kept = path.join(os.tmpdir(), 'gongkai-heartbeat-server.cpuprofile');
        fs.copyFileSync(path.join(fleet.server.dir, file), kept);
        const top = topFunctions(kept, 15);
        log(`server profile (${kept}), self time: ${top.join('; ')}`);
      }
    }
    return { idle, during, batchTimes, stored, seconds };
  } finally {
    await pingers.kill();
    await fleet.server.remove();
  }
}

function countPublications(dbFile: string): number {
  const sqlite = new SQLite(dbFile, { readonly: true });
  try {
    return (sqlite.prepare('SELECT count(*) AS n FROM publication').get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}
