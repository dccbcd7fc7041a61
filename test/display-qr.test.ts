/**
 * The QR code on `<gongkai-slide-view>` in real Chromium: a slide with a public address shows the
 * QR image with its caption in a corner, and on every page the text stays clear of it, in landscape
 * and portrait.
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
  disclosureId: 12,
  versionId: 2,
  version: 1,
  title: '关于营养补贴的公示',
  label: '民生保障 · 为老服务',
  catalogItem: 9,
  contentHash: 'test',
  sample: false,
  images: [],
  publicUrl: 'http://127.0.0.1/p/12',
  body: [
    { type: 'paragraph', spans: [{ text: sentence.repeat(10) }] },
    {
      type: 'table',
      columns: ['序号', '姓名', '金额（元）'],
      rows: Array.from({ length: 12 }, (_, index) => [String(index + 1), '刘*兵', '75']),
    },
  ],
};

/** A stand-in for the server's QR image: a black square on white, 29 modules wide. */
const QR_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><rect width="29" height="29" fill="#fff"/><rect x="1" y="1" width="27" height="27"/></svg>';

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
    if (request.url === '/p/12/qr.svg') {
      response.setHeader('content-type', 'image/svg+xml');
      response.end(QR_SVG);
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

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface QrReport {
  pageCount: number;
  pages: { flow: Box; body: Box; qr: Box; src: string; caption: string; loaded: boolean }[];
}

async function renderWithQr(width: number, height: number, slide: SlideContent) {
  const page = await browser.context.newPage();
  await page.goto(`${baseUrl}/`);
  const report: QrReport = await page.evaluate(
    async ({ slide, width, height }) => {
      await customElements.whenDefined('gongkai-slide-view');
      await document.fonts.ready;
      const view = document.createElement('gongkai-slide-view');
      Object.assign(view, {
        content: slide,
        pageWidth: width,
        pageHeight: height,
        committeeName: '钟楼居民委员会',
      });
      document.body.append(view);
      await view.updateComplete;

      const box = (node: Element) => {
        const rect = node.getBoundingClientRect();
        return { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
      };
      const pages = [];
      for (let index = 0; index < view.pageCount; index += 1) {
        view.page = index;
        await view.updateComplete;
        const root = view.shadowRoot!;
        const image = root.querySelector<HTMLImageElement>('.qr img')!;
        await image.decode().catch(() => {});
        pages.push({
          flow: box(root.querySelector('.flow')!),
          body: box(root.querySelector('.body')!),
          qr: box(root.querySelector('.qr')!),
          src: image.getAttribute('src')!,
          caption: root.querySelector('.qr figcaption')!.textContent!,
          loaded: image.naturalWidth > 0,
        });
      }
      return { pageCount: view.pageCount, pages };
    },
    { slide, width, height },
  );
  await page.close();
  return report;
}

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

describe.each([
  [1920, 1080],
  [1080, 1920],
])('QR code at %ix%i', (width, height) => {
  it('keeps text clear of it on every page', async () => {
    const report = await renderWithQr(width, height, content);

    expect(report.pageCount).toBeGreaterThanOrEqual(2);
    for (const page of report.pages) {
      expect(page.src).toBe('/p/12/qr.svg');
      expect(page.caption).toBe('扫码阅读全文');
      expect(page.loaded).toBe(true);
      expect(page.qr.right - page.qr.left).toBeGreaterThanOrEqual(160);
      expect(page.flow.bottom).toBeLessThanOrEqual(page.body.bottom + 0.5);
      expect(overlaps(page.body, page.qr)).toBe(false);
      expect(overlaps(page.flow, page.qr)).toBe(false);
    }
  });
});
