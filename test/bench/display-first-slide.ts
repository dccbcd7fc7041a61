/**
 * Scenario 5b: time from a reload of the kiosk page to its first slide while the server is down,
 * so the page and script come from the service worker's cache and the schedule from IndexedDB.
 * The real server runs in this process (`startTestServer`, sample content, a fresh build); the
 * browser is Debian's Chromium headless at 1920x1080.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startTestServer } from '../support/test-server.ts';
import { log, median, round, verdict } from './lib.ts';

const RELOADS = 5;
const TARGET_MS = 1000;

/**
 * Init script: stores in `window.__firstSlideAt` the `performance.now()` (milliseconds since
 * navigation start) of the first animation frame in which the shown slide has the given title.
 * The slide is in two shadow roots; the hidden pagination sizer is outside them and not matched.
 * Source text rather than a function, because tsx wraps named functions in a helper that exists
 * only in Node.
 */
function watchFirstSlide(title: string): string {
  return `(() => {
    const title = ${JSON.stringify(title)};
    const check = () => {
      const element = document
        .querySelector('gongkai-display')
        ?.shadowRoot?.querySelector('gongkai-slide-view')
        ?.shadowRoot?.querySelector('.slide .title, .slide .running-title');
      if (element?.textContent?.includes(title) && element.getBoundingClientRect().height > 0) {
        window.__firstSlideAt = performance.now();
        return;
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })();`;
}

async function firstSlideAt(page: Page): Promise<number> {
  await page.waitForFunction(() => '__firstSlideAt' in window, null, {
    timeout: 15_000,
    polling: 'raf',
  });
  return page.evaluate(() => (window as unknown as { __firstSlideAt: number }).__firstSlideAt);
}

/** Wait until the service worker controls the page and the schedule is in IndexedDB. */
async function waitUntilCached(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 10_000,
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
    { timeout: 10_000, polling: 100 },
  );
}

export async function benchDisplayFirstSlide() {
  log(`\n## Scenario 5b: first slide from cache, server down, median of ${RELOADS} reloads`);
  const server = await startTestServer({ sample: true, build: true });
  const dir = server.dir;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | null = null;
  let serverUp = true;
  try {
    // One entry, so every reload shows the same slide.
    const screenId = server.sampleScreen!.id;
    const playlist = await server.api('GET', `/api/screens/${screenId}/playlist`);
    const disclosureId: number = playlist.json.entries[0].disclosureId;
    await server.api('PUT', `/api/screens/${screenId}/playlist`, {
      entries: [{ disclosureId, seconds: 60 }],
    });
    const disclosure = await server.api('GET', `/api/disclosures/${disclosureId}`);
    const title: string = disclosure.json.disclosure.latest.title;

    browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
    await browser.context.addInitScript(watchFirstSlide(title));
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/display/?token=${server.sampleScreen!.token}`);
    const online = await firstSlideAt(page);
    await waitUntilCached(page);
    await server.close(true);
    serverUp = false;

    const inPage: number[] = [];
    const outside: number[] = [];
    for (let reload = 0; reload < RELOADS; reload++) {
      const started = Date.now();
      await page.reload({ waitUntil: 'commit' });
      inPage.push(await firstSlideAt(page));
      outside.push(Date.now() - started);
    }
    const format = (values: number[]) => values.map((ms) => Math.round(ms)).join(', ');
    log(`first open, server up: first slide ${Math.round(online)} ms after navigation start`);
    log(`reloads, server down: navigation start to first slide frame ${format(inPage)} ms`);
    log(`same, timed outside the page from page.reload(): ${format(outside)} ms`);
    const result = median(inPage);
    log(
      `median ${round(result)} ms (outside ${round(median(outside))} ms) ` +
        `(target < ${TARGET_MS} ms: ${verdict(result < TARGET_MS)})`,
    );
    return { online, inPage, outside };
  } finally {
    await browser?.close();
    if (serverUp) await server.close(true);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
