/**
 * The public pages in real Chromium at a phone's size (390x844). The stylesheet loads under the
 * strict CSP without a console error. Type is large, with line height and contrast checked. The
 * page never scrolls sideways, even with a wide table, a long unbroken line or a wide image.
 * Screenshots go to test-artifacts/ for a person to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR, launchBrowser } from './support/browser.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let disclosureId: number;

async function uploadImage(width: number, height: number): Promise<string> {
  const png = await sharp({
    create: { width, height, channels: 3, background: { r: 40, g: 110, b: 170 } },
  })
    .png()
    .toBuffer();
  const response = await fetch(`${server.url}/api/images`, {
    method: 'POST',
    headers: { cookie: server.admin.cookie, origin: server.url },
    body: new Uint8Array(png),
  });
  expect(response.status).toBe(201);
  return (await response.json()).image.url;
}

beforeAll(async () => {
  server = await startTestServer({ sample: true });
  const image = await uploadImage(1600, 600);
  const created = await server.api('POST', '/api/disclosures', {
    catalogItem: 13,
    title: '2026年第四季度困难补助发放名单公示',
    formedOn: '2026-12-01',
    images: [{ url: image, alt: '发放现场照片' }],
    body: [
      { type: 'heading', text: '公示说明' },
      {
        type: 'paragraph',
        spans: [
          { text: '经居民申请、入户调查和评议，以下居民符合补助条件。公示期内如有异议，请' },
          { text: '到居委会当面反映', strong: true },
          { text: '。' },
        ],
      },
      { type: 'paragraph', spans: [{ text: 'https://example.org/' + 'a'.repeat(120) }] },
      { type: 'list', ordered: true, items: ['补助标准按市区规定执行', '名单按申请先后排列'] },
      {
        type: 'table',
        personal: true,
        columns: ['序号', '姓名', '家庭人口', '补助金额（元）', '所在楼组', '补助类别', '备注'],
        rows: [
          ['1', '刘小兵', '3', '1200', '第3楼组', '临时救助', '因病'],
          ['2', '欧阳明', '2', '800', '第5楼组', '困难补助', '—'],
          ['3', '张三', '1', '600', '第1楼组', '困难补助', '独居老人'],
        ],
      },
    ],
  });
  expect(created.status).toBe(201);
  disclosureId = created.json.disclosure.id;
  expect((await server.api('POST', `/api/disclosures/${disclosureId}/publish`)).status).toBe(200);

  browser = await launchBrowser({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
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

/** Open a page, collecting console errors (CSP violations among them) and page errors. */
async function open(route: string) {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  const response = await page.goto(server.url + route, { waitUntil: 'load' });
  return { page, problems, status: response?.status() };
}

async function layoutFacts(page: Page) {
  return page.evaluate(() => {
    const body = getComputedStyle(document.body);
    const link = document.querySelector('a');
    return {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      fontSize: parseFloat(body.fontSize),
      lineHeight: parseFloat(body.lineHeight),
      fontFamily: body.fontFamily,
      color: body.color,
      background: getComputedStyle(document.body).backgroundColor,
      linkColor: link ? getComputedStyle(link).color : body.color,
      stylesheets: document.styleSheets.length,
    };
  });
}

async function expectReadable(page: Page) {
  const facts = await layoutFacts(page);
  expect(facts.stylesheets).toBe(1);
  expect(facts.scrollWidth).toBeLessThanOrEqual(facts.clientWidth);
  expect(facts.fontSize).toBeGreaterThanOrEqual(18);
  expect(facts.lineHeight / facts.fontSize).toBeGreaterThanOrEqual(1.6);
  expect(facts.fontFamily).toContain('Noto Sans CJK SC');
  expect(contrast(facts.color, facts.background)).toBeGreaterThanOrEqual(4.5);
  expect(contrast(facts.linkColor, facts.background)).toBeGreaterThanOrEqual(4.5);
  // Muted text (labels, dates) must stay readable too.
  const muted = await page.evaluate(() =>
    [...document.querySelectorAll('.meta, .label, .facts dt, footer.site')].map((node) => {
      const style = getComputedStyle(node);
      return { color: style.color, size: parseFloat(style.fontSize) };
    }),
  );
  for (const { color, size } of muted) {
    expect(contrast(color, 'rgb(243, 245, 248)')).toBeGreaterThanOrEqual(4.5);
    expect(size).toBeGreaterThanOrEqual(16);
  }
}

describe('public pages on a phone', () => {
  it('index: readable, no sideways scroll, no CSP violation', async () => {
    const { page, problems, status } = await open('/p/');
    expect(status).toBe(200);
    await expectReadable(page);
    await expect
      .poll(() => page.locator(`a[href="/p/${disclosureId}"]`).textContent())
      .toBe('2026年第四季度困难补助发放名单公示');
    await page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'public-index-phone.png'),
      fullPage: true,
    });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('disclosure: wide table scrolls in its box, image fits, names masked', async () => {
    const { page, problems, status } = await open(`/p/${disclosureId}`);
    expect(status).toBe(200);
    await expectReadable(page);

    const table = await page.locator('.table-wrap').evaluate((wrap) => ({
      wrapWidth: wrap.getBoundingClientRect().width,
      tableWidth: wrap.querySelector('table')!.getBoundingClientRect().width,
      overflowX: getComputedStyle(wrap).overflowX,
    }));
    expect(table.overflowX).toBe('auto');
    expect(table.wrapWidth).toBeLessThanOrEqual(390);
    expect(table.tableWidth).toBeGreaterThan(table.wrapWidth);

    const image = await page.locator('figure img').evaluate((img: HTMLImageElement) => ({
      complete: img.complete && img.naturalWidth > 0,
      width: img.getBoundingClientRect().width,
    }));
    expect(image.complete).toBe(true);
    expect(image.width).toBeLessThanOrEqual(390);

    const cells = await page.locator('td').allTextContents();
    expect(cells).toContain('刘*兵');
    expect(cells).toContain('欧阳*');
    expect(cells).not.toContain('刘小兵');

    await page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'public-page-phone.png'),
      fullPage: true,
    });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('not found: the friendly page, styled', async () => {
    const { page, problems, status } = await open('/p/99999');
    expect(status).toBe(404);
    await expect.poll(() => page.locator('h1').textContent()).toBe('该公开信息不存在或已过公示期');
    await expectReadable(page);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'public-not-found-phone.png') });
    // Chromium logs the 404 of the document itself as a console error; nothing else may appear.
    expect(problems.filter((text) => !text.includes('404'))).toEqual([]);
    await page.close();
  });

  it('the QR code loads as an image', async () => {
    const { page, status } = await open(`/p/${disclosureId}/qr.svg`);
    expect(status).toBe(200);
    const size = await page.locator('svg').evaluate((svg) => svg.getBoundingClientRect().width);
    expect(size).toBeGreaterThan(0);
    await page.close();
  });
});
