/**
 * Hostile titles and bodies in real Chromium: the console's list and preview, the kiosk display
 * and the public pages show them as inert literal text. No dialog opens, no element is built from
 * content (no script, no img with onerror, no b), and the text is on the page as written.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_STRINGS } from './support/hostile-strings.ts';
import { launchBrowser } from './support/browser.ts';
import { TEST_PASSWORD, startTestServer, type TestServer } from './support/test-server.ts';

/** One title with every kind of markup, so the first slide and the first row carry them all. */
const TITLE = '<b>粗体</b> & 符号<script>alert(1)</script><img src=x onerror=alert(1)>';
const SHOWN_IDS = [
  'script-tag',
  'img-onerror',
  'bold-ampersand',
  'data-url',
  'javascript-url',
  'template-braces',
  'rtl-override',
  'emoji',
  'formula-hyperlink',
];
const SHOWN = HOSTILE_STRINGS.filter((entry) => SHOWN_IDS.includes(entry.id));
const TICKER = '<img src=x onerror=alert(1)>明天停水';

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let displayUrl: string;
const dialogs: string[] = [];
const ids: number[] = [];

beforeAll(async () => {
  server = await startTestServer({ build: true, sample: false });
  for (const title of [TITLE, ...SHOWN.map((entry) => entry.value)]) {
    const created = await server.api('POST', '/api/disclosures', {
      catalogItem: 6,
      title,
      body: [
        { type: 'heading', text: title },
        { type: 'paragraph', spans: [{ text: title }, { text: title, strong: true }] },
        { type: 'list', ordered: false, items: [title] },
        { type: 'table', columns: ['项目'], rows: [[title]] },
      ],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    ids.push(created.json.disclosure.id);
    await server.api('POST', `/api/disclosures/${created.json.disclosure.id}/publish`);
  }
  const screen = await server.api('POST', '/api/screens', { name: '<b>大厅</b> & 屏' });
  displayUrl = `${server.url}/display/?token=${encodeURIComponent(screen.json.token)}`;
  await server.api('PUT', `/api/screens/${screen.json.screen.id}/playlist`, {
    // Only the title with every kind of markup, so the slide on screen is known.
    entries: [{ disclosureId: ids[0], seconds: 30 }],
  });
  await server.api('POST', '/api/tickers', { text: TICKER });

  browser = await launchBrowser({ viewport: { width: 1366, height: 768 } });
  page = await browser.context.newPage();
  page.setDefaultTimeout(8000);
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Elements built from content, counted in the document and every open shadow root. */
function countInjected(target: Page) {
  return target.evaluate(() => {
    const counts = { script: 0, imgOnerror: 0, bold: 0, javascriptLinks: 0 };
    const visit = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll('*')) {
        const tag = element.tagName;
        if (tag === 'SCRIPT' && element.textContent?.includes('alert')) counts.script++;
        if (tag === 'IMG' && element.hasAttribute('onerror')) counts.imgOnerror++;
        if (tag === 'B' && element.textContent?.includes('粗体')) counts.bold++;
        if (tag === 'A' && /^\s*(javascript|data):/i.test(element.getAttribute('href') ?? ''))
          counts.javascriptLinks++;
        if (element.shadowRoot) visit(element.shadowRoot);
      }
    };
    visit(document);
    return counts;
  });
}

async function expectInert(where: string) {
  expect(await countInjected(page), where).toEqual({
    script: 0,
    imgOnerror: 0,
    bold: 0,
    javascriptLinks: 0,
  });
  expect(dialogs, where).toEqual([]);
}

describe('hostile content in Chromium', () => {
  it('console list and preview show literal text', async () => {
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('.user').waitFor();
    await page.goto(`${server.url}/console/#/disclosures`);

    const titles = page.locator('table.disclosures tbody tr .title');
    await expect.poll(() => titles.count()).toBe(ids.length);
    const shown = await titles.allTextContents();
    for (const value of [TITLE, ...SHOWN.map((entry) => entry.value)]) {
      expect(shown.map((text) => text.trim())).toContain(value);
    }
    await expectInert('console list');

    const row = page.locator('table.disclosures tbody tr', { hasText: TITLE });
    await row.getByRole('button', { name: '查看与审核' }).click();
    const slide = page.locator('gk-disclosure-detail gk-slide-preview gongkai-slide-view');
    await expect
      .poll(() => slide.locator('.title, .running-title').first().textContent())
      .toBe(TITLE);
    expect(await slide.locator('table td').first().textContent()).toContain(TITLE);
    await expectInert('console preview');
  });

  it('display shows literal text and ticker', async () => {
    await page.goto(displayUrl);
    const title = page.locator('.slide .title, .slide .running-title').first();
    await expect.poll(() => title.textContent(), { timeout: 10_000 }).toBe(TITLE);
    const ticker = page.locator('.ticker-text').first();
    await expect.poll(() => ticker.textContent()).toContain(TICKER);
    const body = await page.locator('.slide .body').first().textContent();
    // The body is split into pages by characters and the slide may be on any page, so only
    // part of the markup is on screen, as text.
    expect(body).toMatch(/[<>]/);
    await expectInert('display');
  });

  it('public pages show literal text', async () => {
    const values = [TITLE, ...SHOWN.map((entry) => entry.value)];
    for (const [index, id] of ids.entries()) {
      await page.goto(`${server.url}/p/${id}`);
      expect((await page.locator('h1').first().textContent())?.trim(), `/p/${id}`).toBe(
        values[index],
      );
      expect(await page.title(), `/p/${id}`).toContain(values[index]!);
      expect(await page.locator('main td').first().textContent(), `/p/${id}`).toBe(values[index]);
      await expectInert(`/p/${id}`);
    }
    await page.goto(`${server.url}/p/`);
    expect(await page.locator('body').textContent()).toContain(TITLE);
    await expectInert('/p/');
  });
});
