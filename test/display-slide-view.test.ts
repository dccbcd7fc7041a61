/**
 * `<gongkai-slide-view>` in real Chromium: long Chinese content is split into pages at kiosk sizes,
 * no page overflows, no character is lost and body text stays at 40 px or more.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlideContent } from '../shared/protocol.ts';
import { launchBrowser } from './support/browser.ts';

const sentence =
  '为进一步做好辖区老年人服务工作，切实保障高龄、独居、困难老人的基本生活，现将本年度为老服务工作安排公示如下。';

const content: SlideContent = {
  disclosureId: 1,
  versionId: 2,
  version: 1,
  title: '关于<b>营养补贴</b>的公示 & 说明',
  label: '民生保障 · 为老服务',
  catalogItem: 9,
  contentHash: 'test',
  sample: false,
  images: [],
  body: [
    { type: 'heading', text: '一、补贴对象' },
    { type: 'paragraph', spans: [{ text: sentence.repeat(8) }] },
    {
      type: 'table',
      columns: ['序号', '姓名', '金额（元）'],
      rows: Array.from({ length: 14 }, (_, index) => [String(index + 1), '刘*兵', '75']),
    },
    { type: 'list', ordered: true, items: [sentence, sentence.repeat(3)] },
  ],
};

let server: http.Server;
let baseUrl: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  const bundle = await build({
    stdin: {
      contents: "export * from './display/slide-view.ts';",
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    write: false,
  });
  const script = bundle.outputFiles[0]!.text;
  server = http.createServer((request, response) => {
    if (request.url === '/slide-view.js') {
      response.setHeader('content-type', 'text/javascript');
      response.end(script);
      return;
    }
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(
      '<!doctype html><html><head><script type="module" src="/slide-view.js"></script></head><body></body></html>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser({ viewport: { width: 1920, height: 1920 } });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

interface PageReport {
  pageCount: number;
  pages: { text: string; flowHeight: number; bodyHeight: number; pager: string }[];
  paragraphFontSize: number;
}

async function renderPages(width: number, height: number): Promise<PageReport> {
  const page = await browser.context.newPage();
  await page.goto(`${baseUrl}/`);
  const report = await page.evaluate(
    async ({ content, width, height }) => {
      await customElements.whenDefined('gongkai-slide-view');
      await document.fonts.ready;
      const view = document.createElement('gongkai-slide-view');
      Object.assign(view, {
        content,
        pageWidth: width,
        pageHeight: height,
        committeeName: '钟楼居民委员会',
      });
      document.body.append(view);
      await view.updateComplete;

      const pages = [];
      for (let index = 0; index < view.pageCount; index += 1) {
        view.page = index;
        await view.updateComplete;
        const root = view.shadowRoot!;
        pages.push({
          text: root.querySelector('.flow')!.textContent!.replace(/\s+/g, ''),
          flowHeight: root.querySelector('.flow')!.getBoundingClientRect().height,
          bodyHeight: root.querySelector('.body')!.getBoundingClientRect().height,
          pager: root.querySelector('.pager')!.textContent!,
        });
      }
      const paragraph = view.shadowRoot!.querySelector('.paragraph, .item-text, td');
      return {
        pageCount: view.pageCount,
        pages,
        paragraphFontSize: parseFloat(getComputedStyle(paragraph!).fontSize),
      };
    },
    { content, width, height },
  );
  await page.close();
  return report;
}

function expectedText(): string {
  const table = content.body[2];
  const list = content.body[3];
  const tableText =
    table?.type === 'table' ? [...table.columns, ...table.rows.flat()].join('') : '';
  const listText =
    list?.type === 'list' ? list.items.map((item, i) => `${i + 1}.${item}`).join('') : '';
  return `${content.title}一、补贴对象${sentence.repeat(8)}${tableText}${listText}`.replace(
    /\s+/g,
    '',
  );
}

describe.each([
  [1920, 1080],
  [1080, 1920],
])('slide view at %ix%i', (width, height) => {
  it('splits into at least three pages', async () => {
    const report = await renderPages(width, height);

    expect(report.pageCount).toBeGreaterThanOrEqual(3);
    expect(report.pages.at(-1)!.pager).toBe(`第 ${report.pageCount}/${report.pageCount} 页`);
  });

  it('loses no text and overflows no page', async () => {
    const report = await renderPages(width, height);
    // Each page repeats the table header, so drop repeats before comparing.
    const header = '序号姓名金额（元）';
    const joined = report.pages
      .map((page, index) => {
        const firstHeader = report.pages.findIndex((other) => other.text.includes(header));
        return index > firstHeader ? page.text.replace(header, '') : page.text;
      })
      .join('');

    expect(joined).toBe(expectedText());
    for (const page of report.pages)
      expect(page.flowHeight).toBeLessThanOrEqual(page.bodyHeight + 0.5);
  });

  it('keeps body text at 40 px or more', async () => {
    const report = await renderPages(width, height);

    expect(report.paragraphFontSize).toBeGreaterThanOrEqual(40);
  });
});
