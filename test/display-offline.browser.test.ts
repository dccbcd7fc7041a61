/**
 * The kiosk page without its server, in real Chromium against the real server: after a reload with
 * the server down it plays the cached schedule from the service worker's shell within 5 s, showings
 * made offline reach the publication log once each with their real start times after the server
 * returns, and a daypart boundary passes offline on the saved server time.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Showing } from '../shared/protocol.ts';
import { ARTIFACTS_DIR, launchBrowser } from './support/browser.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const servers: TestServer[] = [];
let browser: Awaited<ReturnType<typeof launchBrowser>> | null = null;

afterEach(async () => {
  await browser?.close();
  browser = null;
  for (const server of servers.splice(0)) await server.close();
});

const slideTitle = (page: Page) => page.locator('.slide .title, .slide .running-title').first();

async function disclosureTitle(server: TestServer, id: number): Promise<string> {
  const { json } = await server.api('GET', `/api/disclosures/${id}`);
  return json.disclosure.latest.title;
}

async function openDisplay(server: TestServer): Promise<Page> {
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
  // Jitter is the one input faked here: reconnect delays become 5 % of their ceiling, so the page
  // comes back within seconds of the restart instead of up to 40 s later.
  await browser.context.addInitScript(() => {
    Math.random = () => 0.05;
  });
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/display/?token=${server.sampleScreen!.token}`);
  return page;
}

/** Wait until the service worker controls the page and the schedule is in IndexedDB. */
async function waitUntilCached(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 5000,
  });
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const request = indexedDB.open('gongkai-display');
        request.onerror = () => resolve(false);
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('messages')) return resolve(false);
          const get = db.transaction('messages').objectStore('messages').get('schedule');
          get.onsuccess = () => resolve(get.result !== undefined);
          get.onerror = () => resolve(false);
        };
      }),
    null,
    { timeout: 5000, polling: 100 },
  );
}

const readOutbox = (page: Page): Promise<Showing[]> =>
  page.evaluate(() => JSON.parse(localStorage.getItem('gongkai.outbox') ?? '[]'));

describe('display offline', () => {
  it('plays from cache and delivers showings later', async () => {
    const server = await startTestServer({ sample: true, build: true });
    servers.push(server);
    const screenId = server.sampleScreen!.id;
    const { json: playlist } = await server.api('GET', `/api/screens/${screenId}/playlist`);
    const disclosureId: number = playlist.entries[0].disclosureId;
    await server.api('PUT', `/api/screens/${screenId}/playlist`, {
      entries: [{ disclosureId, seconds: 5 }],
    });
    const title = await disclosureTitle(server, disclosureId);

    const page = await openDisplay(server);
    await slideTitle(page).filter({ hasText: title }).waitFor({ timeout: 5000 });
    await waitUntilCached(page);

    const { port, dbFile, dir } = server;
    await server.close(true);
    servers.splice(servers.indexOf(server), 1);
    const offlineFrom = Date.now();

    await page.reload();
    await slideTitle(page).filter({ hasText: title }).waitFor({ timeout: 5000 });
    expect(Date.now() - offlineFrom).toBeLessThan(5000);
    await expect
      .poll(() => page.locator('.connection').textContent({ timeout: 1000 }))
      .toBe('离线');
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'display-offline.png') });

    // At 5 s per turn a showing made offline is in the outbox within one turn after the reload;
    // under load the reload itself may take seconds, so wait for it rather than a fixed time.
    await expect
      .poll(
        async () =>
          (await readOutbox(page)).filter((showing) => showing.startedAt >= offlineFrom).length,
        { timeout: 20_000 },
      )
      .toBeGreaterThanOrEqual(1);
    const offlineUntil = Date.now();
    const pending = await readOutbox(page);
    const madeOffline = pending.filter((showing) => showing.startedAt >= offlineFrom);

    const restarted = await startTestServer({
      dbFile,
      port,
      build: false,
      distDir: path.join(dir, 'dist'),
    });
    servers.push(restarted);
    // The display retries with backoff (up to 10 s, then 20 s, then 40 s after failed attempts
    // while the server was down), so its return may take most of a minute.
    await expect.poll(() => readOutbox(page), { timeout: 60_000 }).toEqual([]);
    await page.locator('.connection').waitFor({ state: 'detached', timeout: 5000 });

    const { json } = await restarted.api('GET', `/api/publications?screen=${screenId}&limit=500`);
    const rows: { id: string; startedAt: string; title: string }[] = json.publications;
    for (const showing of pending) {
      const matching = rows.filter((row) => row.id === showing.id);
      expect(matching).toHaveLength(1);
      expect(Date.parse(matching[0]!.startedAt)).toBe(showing.startedAt);
    }
    for (const showing of madeOffline) {
      expect(showing.startedAt).toBeLessThanOrEqual(offlineUntil);
      expect(rows.find((row) => row.id === showing.id)!.title).toBe(title);
    }
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('passes a daypart boundary offline', async () => {
    // The server clock jumps, once the playlist is in place, to 8 s before 10:00 in Shanghai on
    // Monday 2026-12-07.
    const boundary = Date.parse('2026-12-07T10:00:00+08:00');
    let shift = 0;
    const server = await startTestServer({
      sample: true,
      build: true,
      now: () => Date.now() + shift,
    });
    servers.push(server);
    const screenId = server.sampleScreen!.id;
    const { json: playlist } = await server.api('GET', `/api/screens/${screenId}/playlist`);
    const [allDay, morning] = playlist.entries.map(
      (entry: { disclosureId: number }) => entry.disclosureId,
    );
    await server.api('PUT', `/api/screens/${screenId}/playlist`, {
      entries: [
        { disclosureId: allDay, seconds: 60, priority: 0 },
        {
          disclosureId: morning,
          seconds: 60,
          priority: 10,
          dayparts: [{ weekdays: [1, 2, 3, 4, 5], start: '10:00', end: '11:00' }],
        },
      ],
    });
    const titleA = await disclosureTitle(server, allDay);
    const titleB = await disclosureTitle(server, morning);
    shift = boundary - (Date.now() + 8_000);

    const page = await openDisplay(server);
    await slideTitle(page).filter({ hasText: titleA }).waitFor({ timeout: 5000 });
    await waitUntilCached(page);
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    expect(Date.now() + shift).toBeLessThan(boundary);

    await slideTitle(page).filter({ hasText: titleB }).waitFor({ timeout: 12_000 });
    const switchedAt = Date.now() + shift;
    expect(switchedAt).toBeGreaterThanOrEqual(boundary);
    expect(switchedAt - boundary).toBeLessThan(1000);
    await expect
      .poll(() => page.locator('.connection').textContent({ timeout: 1000 }))
      .toBe('离线');
  });
});
