/**
 * The kiosk's own clock and time zone are not trusted. In Chromium with the time zone of New York
 * and a kiosk clock set back to 2024, the page shows Shanghai's current date and time from the real
 * server and plays the entry in force on server time. Its showings start on server time too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatClockText } from '../display/clock-text.ts';
import { ARTIFACTS_DIR, launchBrowser } from './support/browser.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

/** How far the kiosk's clock is behind: it reads 2024-03-01 12:00 UTC when the test starts. */
const KIOSK_SHIFT = Date.parse('2024-03-01T12:00:00Z') - Date.now();

beforeAll(async () => {
  server = await startTestServer({ sample: true, build: true });
  browser = await launchBrowser({
    viewport: { width: 1920, height: 1080 },
    timezoneId: 'America/New_York',
  });
  // Shift `Date` (the kiosk's wall clock) but keep `performance.now` real, as a kiosk whose clock
  // was set wrong would.
  await browser.context.addInitScript((shift: number) => {
    const RealDate = Date;
    class KioskDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(RealDate.now() + shift);
        else super(...(args as [string]));
      }
      static override now(): number {
        return RealDate.now() + shift;
      }
    }
    globalThis.Date = KioskDate as DateConstructor;
  }, KIOSK_SHIFT);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('display clock', () => {
  it('follows server time, not the kiosk', async () => {
    const screenId = server.sampleScreen!.id;
    const { json: playlist } = await server.api('GET', `/api/screens/${screenId}/playlist`);
    const [inTheKiosksYear, current] = playlist.entries.map(
      (entry: { disclosureId: number }) => entry.disclosureId,
    );
    // The first entry would be in force if the kiosk's clock were trusted; only the second is now.
    await server.api('PUT', `/api/screens/${screenId}/playlist`, {
      entries: [
        {
          disclosureId: inTheKiosksYear,
          seconds: 5,
          from: '2024-01-01T00:00:00+08:00',
          until: '2025-01-01T00:00:00+08:00',
        },
        { disclosureId: current, seconds: 5, from: '2026-01-01T00:00:00+08:00' },
      ],
    });
    const { json } = await server.api('GET', `/api/disclosures/${current}`);
    const title: string = json.disclosure.latest.title;

    const page = await browser.context.newPage();
    expect(await page.evaluate(() => new Date().getFullYear())).toBe(2024);
    const openedAt = Date.now();
    await page.goto(`${server.url}/display/?token=${server.sampleScreen!.token}`);

    await page
      .locator('.slide .title, .slide .running-title')
      .first()
      .filter({ hasText: title })
      .waitFor({ timeout: 5000 });
    await expect
      .poll(async () => {
        const shown = await page.locator('.clock').first().textContent({ timeout: 1000 });
        return shown === formatClockText(Date.now());
      })
      .toBe(true);
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'display-kiosk-clock-2024.png') });

    // One turn lasts 5 s; its showing reaches the log when it ends.
    let rows: { startedAt: string; title: string }[] = [];
    await expect
      .poll(
        async () => {
          const { json } = await server.api('GET', `/api/publications?screen=${screenId}`);
          rows = json.publications;
          return rows.length;
        },
        { timeout: 12_000, interval: 250 },
      )
      .toBeGreaterThanOrEqual(1);
    for (const row of rows) {
      expect(row.title).toBe(title);
      const startedAt = Date.parse(row.startedAt);
      expect(startedAt).toBeGreaterThanOrEqual(openedAt - 3000);
      expect(startedAt).toBeLessThanOrEqual(Date.now() + 3000);
    }
  });
});
