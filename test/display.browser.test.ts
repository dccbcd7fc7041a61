/**
 * The kiosk page in real Chromium against the real server: the sample screen shows Chinese slides
 * in a CJK font, follows publish, edit and withdraw within a second, and its showings reach the
 * publication log.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR, launchBrowser } from './support/browser.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let displayUrl: string;
const cspViolations: string[] = [];

/** The title text of the slide on screen, read through the shadow roots. */
const slideTitle = (page: Page) =>
  page.locator('.slide .title, .slide .running-title').first().textContent({ timeout: 5000 });

async function samplePlaylistOf(seconds: number) {
  const screenId = server.sampleScreen!.id;
  const { json } = await server.api('GET', `/api/screens/${screenId}/playlist`);
  const entries = json.entries.map((entry: { disclosureId: number }) => ({
    disclosureId: entry.disclosureId,
    seconds,
  }));
  await server.api('PUT', `/api/screens/${screenId}/playlist`, { entries });
  return entries as { disclosureId: number }[];
}

interface DomNode {
  nodeId: number;
  nodeName: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

function findByClass(node: DomNode, className: string): DomNode | undefined {
  const attributes = node.attributes ?? [];
  const classIndex = attributes.indexOf('class');
  if (classIndex >= 0 && attributes[classIndex + 1]!.split(/\s+/).includes(className)) return node;
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
    const found = findByClass(child, className);
    if (found) return found;
  }
  return undefined;
}

/** Fonts Chromium actually used to draw an element's text, from the DevTools protocol. */
async function platformFonts(cdp: CDPSession, className: string): Promise<string[]> {
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const node = findByClass(root as DomNode, className);
  if (!node) throw new Error(`no element with class "${className}" on the page`);
  const fonts = await cdp.send('CSS.getPlatformFontsForNode', { nodeId: node.nodeId });
  return fonts.fonts.map((font) => font.familyName);
}

beforeAll(async () => {
  server = await startTestServer({ sample: true, build: true });
  displayUrl = `${server.url}/display/?token=${server.sampleScreen!.token}`;
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
  page = await browser.context.newPage();
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('display in Chromium', () => {
  it('shows a Chinese slide in a CJK font', async () => {
    await samplePlaylistOf(5);
    await page.goto(displayUrl);
    const title = await slideTitle(page);
    expect(title).toMatch(/（示例）$/);
    expect(new URL(page.url()).search).toBe('');

    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const fonts = await platformFonts(cdp, 'committee');
    expect(fonts.some((name) => /Noto Sans CJK/.test(name))).toBe(true);

    const bodyFontSize = await page
      .locator('.slide .body .paragraph, .slide .body .item-text')
      .first()
      .evaluate((node) => parseFloat(getComputedStyle(node).fontSize));
    expect(bodyFontSize).toBeGreaterThanOrEqual(40);

    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'display-1920x1080.png') });
  });

  it('logs its showings in the publication log', async () => {
    // The first turn may have begun before the page opened; the second one is whole.
    const deadline = Date.now() + 25_000;
    let rows: { title: string; seconds: number; version: number; startedAt: string }[] = [];
    while (rows.length < 2 && Date.now() < deadline) {
      const { json } = await server.api(
        'GET',
        `/api/publications?screen=${server.sampleScreen!.id}`,
      );
      rows = json.publications;
      if (rows.length < 2) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const [first, second] = [...rows].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    expect(first!.title).toMatch(/（示例）$/);
    expect(second!.title).toMatch(/（示例）$/);
    expect(second!.version).toBe(1);
    // A whole turn lasts 5 seconds per page; the page ticks every 250 ms.
    const pages = Math.round(second!.seconds / 5);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(Math.abs(second!.seconds - pages * 5)).toBeLessThanOrEqual(0.5);
  });

  it('follows edit, withdraw and publish within 1 s', async () => {
    const [only] = await samplePlaylistOf(60);
    await server.api('PUT', `/api/screens/${server.sampleScreen!.id}/playlist`, {
      entries: [{ disclosureId: only!.disclosureId, seconds: 60 }],
    });
    await page.waitForFunction(() => true);
    const id = only!.disclosureId;

    await server.api('PUT', `/api/disclosures/${id}`, { title: '<b>更新</b> & 标题' });
    await server.api('POST', `/api/disclosures/${id}/publish`);
    const edited = Date.now();
    await page
      .locator('.slide .title', { hasText: '<b>更新</b> & 标题' })
      .waitFor({ timeout: 1000 });
    expect(Date.now() - edited).toBeLessThan(1000);

    await server.api('POST', `/api/disclosures/${id}/withdraw`);
    await page.locator('.fallback').waitFor({ timeout: 1000 });

    await server.api('POST', `/api/disclosures/${id}/publish`);
    await page
      .locator('.slide .title', { hasText: '<b>更新</b> & 标题' })
      .waitFor({ timeout: 1000 });
  });

  it('runs under the strict CSP', async () => {
    const response = await page.request.get(displayUrl);
    const policy = response.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(cspViolations).toEqual([]);
  });

  it('fits portrait 1080x1920', async () => {
    await page.setViewportSize({ width: 1080, height: 1920 });
    await page.locator('.screen.portrait').waitFor({ timeout: 2000 });
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'display-1080x1920.png') });
  });
});
