/**
 * The ticker band in real Chromium against the real server: large, high-contrast text with a text
 * tag, scrolling unless reduced motion is requested, and the slide area laid out again when the
 * band comes and goes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatShanghaiIso } from '../shared/shanghai-time.ts';
import { ARTIFACTS_DIR, launchBrowser } from './support/browser.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  server = await startTestServer({ sample: true, build: true });
  const screenId = server.sampleScreen!.id;
  const { json } = await server.api('GET', `/api/screens/${screenId}/playlist`);
  await server.api('PUT', `/api/screens/${screenId}/playlist`, {
    entries: [{ disclosureId: json.entries[0].disclosureId, seconds: 60 }],
  });
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** WCAG contrast ratio of two `rgb(r, g, b)` colours. */
function contrast(first: string, second: string): number {
  const luminance = (color: string) => {
    const [r, g, b] = color
      .match(/\d+(\.\d+)?/g)!
      .slice(0, 3)
      .map(Number);
    const linear = (channel: number) => {
      const c = channel / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light! + 0.05) / (dark! + 0.05);
}

const bodyHeight = (page: Page) =>
  page
    .locator('.slide .body')
    .first()
    .evaluate((node) => node.getBoundingClientRect().height);

/** Whether every visible slide page's flow fits in its body box. */
const flowFits = (page: Page) =>
  page
    .locator('.slide .body')
    .first()
    .evaluate((body) => {
      const flow = body.querySelector('.flow')!;
      return flow.getBoundingClientRect().height <= body.getBoundingClientRect().height + 0.5;
    });

describe('ticker band', () => {
  it('scrolls in large contrasting text', async () => {
    const text = '今晚20:00至22:00小区停水，请提前储水。';
    const until = Date.now() + 7000;
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/display/?token=${server.sampleScreen!.token}`);
    await page.locator('.slide .title').first().waitFor({ timeout: 5000 });
    const fullHeight = await bodyHeight(page);

    const created = await server.api('POST', '/api/tickers', {
      text,
      until: formatShanghaiIso(until),
    });
    expect(created.status).toBe(201);
    const band = page.locator('.ticker');
    await band.waitFor({ timeout: 2000 });

    expect(await band.locator('.ticker-tag').textContent()).toBe('紧急通知');
    expect(await band.locator('.ticker-text').textContent()).toBe(text);
    const style = await band.evaluate((node) => {
      const text = node.querySelector('.ticker-text')!;
      const tag = node.querySelector('.ticker-tag')!;
      return {
        fontSize: parseFloat(getComputedStyle(text).fontSize),
        color: getComputedStyle(node).color,
        background: getComputedStyle(node).backgroundColor,
        tagColor: getComputedStyle(tag).color,
        tagBackground: getComputedStyle(tag).backgroundColor,
        animation: getComputedStyle(text).animationName,
      };
    });
    expect(style.fontSize).toBeGreaterThanOrEqual(40);
    expect(contrast(style.color, style.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(style.tagColor, style.tagBackground)).toBeGreaterThanOrEqual(4.5);
    expect(style.animation).toBe('gk-ticker');

    // The band takes its height from the slide, whose pages are measured again.
    await expect.poll(() => bodyHeight(page)).toBeLessThan(fullHeight);
    expect(await flowFits(page)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'display-ticker.png') });

    await band.waitFor({ state: 'detached', timeout: until - Date.now() + 1500 });
    expect(Date.now()).toBeGreaterThanOrEqual(until - 250);
    await expect.poll(() => bodyHeight(page)).toBe(fullHeight);
    await page.close();
  });

  it('stands still with reduced motion', async () => {
    const text = '紧急停水通知：'.concat(
      '因主管道抢修，本小区一至十二号楼今日停水，恢复时间另行通知。'.repeat(4),
    );
    const created = await server.api('POST', '/api/tickers', { text });
    expect(created.status).toBe(201);

    const page = await browser.context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${server.url}/display/?token=${server.sampleScreen!.token}`);
    const band = page.locator('.ticker.still');
    await band.waitFor({ timeout: 5000 });

    const layout = await band.locator('.ticker-text').evaluate((node) => {
      const style = getComputedStyle(node);
      return {
        animation: style.animationName,
        height: node.getBoundingClientRect().height,
        lineHeight: parseFloat(style.lineHeight),
      };
    });
    expect(layout.animation).toBe('none');
    // Wrapped, but clamped to two lines.
    expect(layout.height).toBeGreaterThan(layout.lineHeight * 1.5);
    expect(layout.height).toBeLessThanOrEqual(layout.lineHeight * 2 + 1);
    expect(await flowFits(page)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'display-ticker-still.png') });

    await server.api('POST', `/api/tickers/${created.json.ticker.id}/clear`);
    await band.waitFor({ state: 'detached', timeout: 2000 });
    await page.close();
  });
});
