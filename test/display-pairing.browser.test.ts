/**
 * Pairing the kiosk page in real Chromium against the real server. A display without a token shows
 * a six-digit code and plays its playlist within 5 s of staff entering the code. It reports its app
 * version and shows the QR code of each slide. Within 5 s of being revoked it shows a new code.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DISPLAY_VERSION } from '../display/version.ts';
import { ARTIFACTS_DIR, launchBrowser } from './support/browser.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>> | null = null;

beforeAll(async () => {
  server = await startTestServer({ sample: true, build: true });
  // QR codes on slides point at the public pages of this server.
  const settings = await server.api('PUT', '/api/settings', { publicUrl: server.url });
  expect(settings.status).toBe(200);
});

afterEach(async () => {
  await browser?.close();
  browser = null;
});

afterAll(async () => {
  await server?.close();
});

const slideTitle = (page: Page) => page.locator('.slide .title, .slide .running-title').first();

/** Read the code on the pairing page as shown (`123 456`), or null while none is shown. */
async function shownCode(page: Page): Promise<string | null> {
  const text = await page
    .locator('.pairing-code')
    .textContent({ timeout: 500 })
    .catch(() => null);
  const code = text?.trim() ?? '';
  return /^\d{3} \d{3}$/.test(code) ? code : null;
}

async function firstSampleDisclosure(): Promise<{ id: number; title: string }> {
  const { json: playlist } = await server.api(
    'GET',
    `/api/screens/${server.sampleScreen!.id}/playlist`,
  );
  const id: number = playlist.entries[0].disclosureId;
  const { json } = await server.api('GET', `/api/disclosures/${id}`);
  return { id, title: json.disclosure.latest.title };
}

/** Read what the page keeps for its screen: token, cached messages and unsent showings. */
function storedIdentity(page: Page) {
  return page.evaluate(async () => {
    const messages = await new Promise<string[]>((resolve) => {
      const request = indexedDB.open('gongkai-display');
      request.onerror = () => resolve([]);
      request.onsuccess = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains('messages')) return resolve([]);
        const keys = db.transaction('messages').objectStore('messages').getAllKeys();
        keys.onsuccess = () => resolve(keys.result.map(String));
        keys.onerror = () => resolve([]);
      };
    });
    return {
      token: localStorage.getItem('gongkai.token'),
      outbox: JSON.parse(localStorage.getItem('gongkai.outbox') ?? '[]') as unknown[],
      messages,
    };
  });
}

describe('display pairing', () => {
  it('pairs, plays, and pairs again after revoke', async () => {
    const disclosure = await firstSampleDisclosure();
    browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/display/`);

    await expect.poll(() => shownCode(page), { timeout: 5000 }).not.toBeNull();
    const firstCode = (await shownCode(page))!;
    await expect(page.locator('.pairing-title').textContent()).resolves.toBe('屏幕配对');
    const address = await page.locator('.pairing-address span').textContent();
    expect(address).toBe(server.url);
    const step = await page.locator('.pairing-step').textContent();
    expect(step).toContain('在管理控制台「屏幕」页输入此配对码');
    const codeHeight = await page
      .locator('.pairing-code')
      .evaluate((node) => parseFloat(getComputedStyle(node).fontSize));
    expect(codeHeight).toBeGreaterThanOrEqual(160);
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'display-pairing-1920x1080.png') });

    // Staff enter the code; the screen gets a playlist at once.
    const pairedAt = Date.now();
    const paired = await server.api('POST', '/api/screens/pair', {
      code: firstCode.replace(' ', ''),
      name: '配对测试屏',
      location: '一楼',
      orientation: 'landscape',
      channel: 'e-screen',
    });
    expect(paired.status).toBe(201);
    const screenId: number = paired.json.screen.id;
    const playlist = await server.api('PUT', `/api/screens/${screenId}/playlist`, {
      entries: [{ disclosureId: disclosure.id, seconds: 60 }],
    });
    expect(playlist.status).toBe(200);

    await slideTitle(page)
      .filter({ hasText: disclosure.title })
      .waitFor({ timeout: 5000 - (Date.now() - pairedAt) });
    expect(Date.now() - pairedAt).toBeLessThan(5000);
    expect((await storedIdentity(page)).token).toEqual(expect.any(String));
    await expect
      .poll(async () => {
        const { json } = await server.api('GET', '/api/screens');
        return json.screens.find((screen: { id: number }) => screen.id === screenId);
      })
      .toMatchObject({ displayVersion: DISPLAY_VERSION });

    // The QR code of the slide: loaded, captioned, and clear of the text.
    const qrImage = page.locator('.qr img');
    expect(await qrImage.getAttribute('src')).toBe(`/p/${disclosure.id}/qr.svg`);
    expect(await qrImage.getAttribute('alt')).toBe('扫码在手机上阅读全文');
    await expect
      .poll(() => qrImage.evaluate((node) => (node as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    expect(await page.locator('.qr figcaption').textContent()).toBe('扫码阅读全文');
    const qrBox = (await qrImage.boundingBox())!;
    expect(qrBox.width).toBeGreaterThanOrEqual(190);
    const bodyBox = (await page.locator('.slide .body').boundingBox())!;
    expect(bodyBox.x + bodyBox.width).toBeLessThanOrEqual(qrBox.x);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'display-qr-1920x1080.png') });

    // Revoking closes the socket with 4003: the page deletes the screen's data and shows a new code.
    const revokedAt = Date.now();
    const revoked = await server.api('POST', `/api/screens/${screenId}/revoke`);
    expect(revoked.status).toBe(204);
    await expect
      .poll(
        async () => {
          const code = await shownCode(page);
          return code !== null && code !== firstCode;
        },
        { timeout: 5000 },
      )
      .toBe(true);
    expect(Date.now() - revokedAt).toBeLessThan(5000);

    const identity = await storedIdentity(page);
    expect(identity.token).toBeNull();
    expect(identity.outbox).toEqual([]);
    await expect.poll(async () => (await storedIdentity(page)).messages).toEqual([]);
    expect(await page.locator('.slide').count()).toBe(0);
  });

  it('hides a QR code that fails to load', async () => {
    const disclosure = await firstSampleDisclosure();
    await server.api('PUT', `/api/screens/${server.sampleScreen!.id}/playlist`, {
      entries: [{ disclosureId: disclosure.id, seconds: 60 }],
    });
    // No service worker, so that the page's own request for the QR image can be failed.
    browser = await launchBrowser({
      viewport: { width: 1920, height: 1080 },
      serviceWorkers: 'block',
    });
    const page = await browser.context.newPage();
    await page.route('**/qr.svg', (route) => route.abort('internetdisconnected'));
    await page.goto(`${server.url}/display/?token=${server.sampleScreen!.token}`);

    await slideTitle(page).filter({ hasText: disclosure.title }).waitFor({ timeout: 5000 });
    const qr = page.locator('.qr');
    await expect.poll(() => qr.getAttribute('hidden')).toBe('');
    expect(await qr.isVisible()).toBe(false);
  });
});
