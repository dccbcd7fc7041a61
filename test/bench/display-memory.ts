/**
 * Scenario 5c: the kiosk page's memory over many slide changes and reconnects, in Chromium against
 * the real server (in this process). The screen plays four disclosures with an image each, 5 s a
 * page (the minimum). To get thousands of changes in minutes, the page and the server run on a
 * clock SPEED times faster: in the page `performance.now()`, `Date.now()` and the delays of
 * `setTimeout`/`setInterval` are scaled (so the 250 ms tick, pings, the silence timeout and the
 * reconnect backoff all scale alike), and the server gets a `now` that runs as fast. Reconnects are
 * forced by stopping the server and starting it again on the same port and database: a normal
 * close (1001), where `hub.disconnect` would close with 4003 and unpair the display.
 *
 * Heap, DOM nodes and listeners come from the DevTools protocol (`Performance.getMetrics`) after
 * `HeapProfiler.collectGarbage`, once after a warm-up and once at the end.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import sharp from 'sharp';
import { launchBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { log, round, sleep, verdict } from './lib.ts';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
/** How much faster the page's and the server's clocks run than real time. */
const SPEED = env('BENCH_DISPLAY_SPEED', 200);
const WARMUP_CHANGES = 200;
/** Real time allowed for the measured part; the figures say how far it got. */
const BUDGET_MS = 170_000;
const SAMPLES_EVERY_RECONNECTS = 10;
const TARGET_GROWTH = 0.1;
const COLOURS = [
  { r: 40, g: 110, b: 170 },
  { r: 200, g: 60, b: 40 },
  { r: 60, g: 150, b: 80 },
  { r: 220, g: 170, b: 40 },
];

interface Metrics {
  heap: number;
  nodes: number;
  listeners: number;
}

/**
 * Init script that makes the page's time run `speed` times faster and counts slide changes (a
 * render of the slide view with new content or a new page) in `window.__slideChanges`. Source text,
 * because tsx wraps named functions in a helper that exists only in Node.
 */
function pageScript(speed: number): string {
  return `(() => {
    const speed = ${speed};
    const realNow = performance.now.bind(performance);
    const origin = realNow();
    const dateOrigin = Date.now();
    performance.now = () => origin + (realNow() - origin) * speed;
    Date.now = () => dateOrigin + (realNow() - origin) * speed;
    const realSetTimeout = window.setTimeout.bind(window);
    const realSetInterval = window.setInterval.bind(window);
    window.setTimeout = (handler, ms, ...args) =>
      realSetTimeout(handler, (Number(ms) || 0) / speed, ...args);
    window.setInterval = (handler, ms, ...args) =>
      realSetInterval(handler, (Number(ms) || 0) / speed, ...args);

    window.__slideChanges = 0;
    customElements.whenDefined('gongkai-slide-view').then(() => {
      const view = customElements.get('gongkai-slide-view');
      const updated = view.prototype.updated;
      view.prototype.updated = function (changed) {
        if (changed.has('content') || changed.has('page')) window.__slideChanges += 1;
        return updated.call(this, changed);
      };
    });
  })();`;
}

async function uploadImage(server: TestServer, index: number): Promise<string> {
  const png = await sharp({
    create: { width: 1200, height: 500, channels: 3, background: COLOURS[index]! },
  })
    .png()
    .toBuffer();
  const response = await fetch(`${server.url}/api/images`, {
    method: 'POST',
    headers: { cookie: server.admin.cookie, origin: server.url },
    body: new Uint8Array(png),
  });
  if (response.status !== 201) throw new Error(`image upload failed: ${response.status}`);
  return ((await response.json()) as { image: { url: string } }).image.url;
}

/** Four published disclosures with an image each, on the sample screen at 5 s a page. */
async function preparePlaylist(server: TestServer): Promise<void> {
  const entries = [];
  for (let index = 0; index < COLOURS.length; index++) {
    const image = await uploadImage(server, index);
    const created = await server.api('POST', '/api/disclosures', {
      catalogItem: 9,
      title: `为老服务活动通知（第 ${index + 1} 期）`,
      body: '本周三上午九点在居委会活动室举办为老服务咨询，欢迎居民参加。',
      images: [{ url: image, alt: `活动照片 ${index + 1}` }],
    });
    if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.json)}`);
    const id: number = created.json.disclosure.id;
    const published = await server.api('POST', `/api/disclosures/${id}/publish`);
    if (published.status !== 200) throw new Error(`publish failed: ${published.status}`);
    entries.push({ disclosureId: id, seconds: 5 });
  }
  const put = await server.api('PUT', `/api/screens/${server.sampleScreen!.id}/playlist`, {
    entries,
  });
  if (put.status !== 200) throw new Error(`playlist failed: ${JSON.stringify(put.json)}`);
}

async function sample(cdp: CDPSession): Promise<Metrics> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? NaN;
  return {
    heap: value('JSHeapUsedSize'),
    nodes: value('Nodes'),
    listeners: value('JSEventListeners'),
  };
}

const slideChanges = (page: Page) => page.evaluate('window.__slideChanges') as Promise<number>;

/** Wait until the page has made `count` slide changes; false if the deadline passed first. */
async function waitForChanges(page: Page, count: number, deadline: number): Promise<boolean> {
  while ((await slideChanges(page)) < count) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

function connectedCount(server: TestServer): number {
  return server.logs.filter((line) => line.msg === 'screen connected').length;
}

async function waitForConnection(server: TestServer): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (connectedCount(server) === 0) {
    if (Date.now() > deadline) throw new Error('the display did not reconnect within 15 s');
    await sleep(20);
  }
}

function growth(from: number, to: number): string {
  return `${round(((to - from) / from) * 100)} %`;
}

function describe(metrics: Metrics): string {
  return (
    `heap ${round(metrics.heap / 2 ** 20, 2)} MiB, ${metrics.nodes} nodes, ` +
    `${metrics.listeners} listeners`
  );
}

export async function benchDisplayMemory(changes: number, reconnects: number) {
  log(
    `\n## Scenario 5c: display memory over ${changes.toLocaleString('en')} slide changes and ` +
      `${reconnects} reconnects (clocks ${SPEED}x)`,
  );
  let acceleratedFrom: number | null = null;
  const serverNow = () =>
    acceleratedFrom === null
      ? Date.now()
      : acceleratedFrom + (Date.now() - acceleratedFrom) * SPEED;
  let server = await startTestServer({ sample: true, build: true, now: serverNow });
  const { dir, dbFile, port } = server;
  const token = server.sampleScreen!.token;
  let connections = 0;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | null = null;

  const restart = async (keepFiles: boolean) => {
    connections += connectedCount(server);
    await server.close(keepFiles);
    server = await startTestServer({
      dbFile,
      port,
      build: false,
      sample: false,
      distDir: path.join(dir, 'dist'),
      now: serverNow,
    });
    await waitForConnection(server);
  };

  try {
    await preparePlaylist(server);
    browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
    await browser.context.addInitScript(pageScript(SPEED));
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.enable');

    acceleratedFrom = Date.now();
    await page.goto(`${server.url}/display/?token=${token}`);
    const setupDeadline = Date.now() + 60_000;
    if (!(await waitForChanges(page, WARMUP_CHANGES, setupDeadline))) {
      throw new Error('the display made no slide changes during the warm-up');
    }
    await restart(true);
    const base = (await slideChanges(page)) + 20;
    await waitForChanges(page, base, setupDeadline);

    const start = await sample(cdp);
    const startedAt = Date.now();
    const deadline = startedAt + BUDGET_MS;
    const series = [start];
    let forced = 0;
    let inTime = true;
    for (let index = 1; index <= reconnects && inTime; index++) {
      await restart(false);
      forced += 1;
      inTime = await waitForChanges(
        page,
        base + Math.round((index * changes) / reconnects),
        deadline,
      );
      if (index % SAMPLES_EVERY_RECONNECTS === 0) series.push(await sample(cdp));
    }
    const made = (await slideChanges(page)) - base;
    const end = await sample(cdp);
    const seconds = (Date.now() - startedAt) / 1000;
    connections += connectedCount(server);
    const stored = (
      server.database.sqlite.prepare('SELECT count(*) AS n FROM publication').get() as {
        n: number;
      }
    ).n;

    log(
      `${made.toLocaleString('en')} slide changes and ${forced} forced reconnects in ` +
        `${round(seconds)} s real (${connections} connections in all, ` +
        `${stored.toLocaleString('en')} showings stored)`,
    );
    log(`after warm-up: ${describe(start)}`);
    log(`at the end:    ${describe(end)}`);
    log(
      `heap by ${SAMPLES_EVERY_RECONNECTS} reconnects: ` +
        series.map((metrics) => `${round(metrics.heap / 2 ** 20, 2)}`).join(', ') +
        ' MiB',
    );
    const worst = Math.max(
      (end.heap - start.heap) / start.heap,
      (end.nodes - start.nodes) / start.nodes,
      (end.listeners - start.listeners) / start.listeners,
    );
    log(
      `growth: heap ${growth(start.heap, end.heap)}, nodes ${growth(start.nodes, end.nodes)}, ` +
        `listeners ${growth(start.listeners, end.listeners)} ` +
        `(target < 10 %: ${verdict(worst < TARGET_GROWTH)})`,
    );
    return { made, forced, connections, start, end, series };
  } finally {
    await browser?.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
