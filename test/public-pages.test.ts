/**
 * The public pages under /p against the real server. They list and show only what is public now,
 * escape content and mask names. Withdrawal and the end of the 公示期 take a page down, and an id
 * that is not a positive integer finds nothing. The QR code's address follows public_url.
 */
import http from 'node:http';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatShanghaiIso } from '../shared/shanghai-time.ts';
import { buildSchedule } from '../server/schedule-builder.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const START = Date.parse('2026-12-04T09:00:00+08:00');
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
const NOT_PUBLIC = '该公开信息不存在或已过公示期';

let server: TestServer;
let clock = START;

beforeAll(async () => {
  server = await startTestServer({ sample: true, now: () => clock });
});

afterAll(async () => {
  await server?.close();
});

async function page(route: string, headers: Record<string, string> = {}) {
  const response = await fetch(server.url + route, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function createDisclosure(fields: Record<string, unknown>): Promise<number> {
  const { status, json } = await server.api('POST', '/api/disclosures', {
    catalogItem: 6,
    body: '正文',
    ...fields,
  });
  expect(status, JSON.stringify(json)).toBe(201);
  return json.disclosure.id;
}

async function publish(id: number) {
  const { status, json } = await server.api('POST', `/api/disclosures/${id}/publish`);
  expect(status, JSON.stringify(json)).toBe(200);
}

async function setPublicUrl(publicUrl: string) {
  return server.api('PUT', '/api/settings', { publicUrl });
}

/** Run `check` with the server clock moved to `instant`, then move it back. */
async function at(instant: number, check: () => Promise<void>) {
  clock = instant;
  try {
    await check();
  } finally {
    clock = START;
  }
}

describe('index', () => {
  it('lists published by category, not drafts', async () => {
    const published = await createDisclosure({ title: '社区敬老活动通知' });
    await publish(published);
    await createDisclosure({ title: '尚未发布的草稿' });

    const index = await page('/p/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.text).toContain('钟楼居民委员会');
    expect(index.text).toContain(`<a href="/p/${published}">社区敬老活动通知</a>`);
    expect(index.text).not.toContain('尚未发布的草稿');
    // Sample content is public too, but marked as such.
    expect(index.text).toContain('冬季文化活动安排（示例）');
    expect(index.text).toMatch(/<span class="tag">示例<\/span>/);
    expect(index.text).toMatch(/<h2>综合居务<\/h2>[\s\S]*<h2>民生保障<\/h2>/);
  });

  it('works without session under CSP', async () => {
    const index = await server.anonymous('GET', '/p/');
    expect(index.status).toBe(200);
    expect(index.json).toContain('<link rel="stylesheet" href="/p/style.css" />');
    expect(index.json).toContain('name="viewport"');
    expect(index.json).not.toMatch(/<script|style=/i);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");

    const css = await page('/p/style.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.text).toContain('line-height: 1.7');

    const bare = await fetch(server.url + '/p', { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/p/');
  });
});

describe('disclosure page', () => {
  it('shows the published version with its facts', async () => {
    const id = await createDisclosure({
      title: '冬季读书会',
      formedOn: '2026-12-01',
      body: [
        { type: 'heading', text: '活动安排' },
        { type: 'list', ordered: true, items: ['第一场：12月10日', '第二场：12月17日'] },
        { type: 'table', columns: ['场次', '地点'], rows: [['1', '活动室']] },
      ],
    });
    await publish(id);

    const shown = await page(`/p/${id}`);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('<h1>冬季读书会</h1>');
    expect(shown.text).toContain('综合居务 · 文化活动');
    expect(shown.text).toContain('2026年12月1日');
    expect(shown.text).toContain('第 1 版');
    expect(shown.text).toMatch(/公开日期<\/dt>\s*<dd>2026年12月4日<\/dd>/);
    expect(shown.text).toContain('<h2>活动安排</h2>');
    expect(shown.text).toMatch(/<ol>\s*<li>第一场：12月10日<\/li><li>第二场：12月17日<\/li>/);
    expect(shown.text).toContain('<td>活动室</td>');
  });

  it('shows published version during review', async () => {
    const id = await createDisclosure({ title: '已发布的标题' });
    await publish(id);
    await server.api('PATCH', `/api/disclosures/${id}`, { title: '修改中的标题' });

    const shown = await page(`/p/${id}`);
    expect(shown.text).toContain('已发布的标题');
    expect(shown.text).not.toContain('修改中的标题');
  });

  it('escapes markup in the title and body', async () => {
    const id = await createDisclosure({
      title: '<script>alert(1)</script>通知',
      body: [
        {
          type: 'paragraph',
          spans: [
            { text: '<b>不是粗体</b> & <img src=x onerror=alert(2)>' },
            { text: '重点', strong: true },
          ],
        },
        { type: 'list', ordered: false, items: ['<script>alert(3)</script>'] },
      ],
    });
    await publish(id);

    const shown = await page(`/p/${id}`);
    expect(shown.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;通知');
    expect(shown.text).toContain(
      '&lt;b&gt;不是粗体&lt;/b&gt; &amp; &lt;img src=x onerror=alert(2)&gt;',
    );
    expect(shown.text).toContain('&lt;script&gt;alert(3)&lt;/script&gt;');
    expect(shown.text).toContain('<strong>重点</strong>');
    expect(shown.text).not.toMatch(/<script|<b>|<img src=x/i);

    const index = await page('/p/');
    expect(index.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;通知');
    expect(index.text).not.toMatch(/<script/i);
  });

  it('masks names in a personal list', async () => {
    const id = await createDisclosure({
      catalogItem: 13,
      title: '困难补助名单',
      body: [
        {
          type: 'table',
          personal: true,
          columns: ['序号', '姓名', '金额'],
          rows: [['1', '刘小兵', '1200']],
        },
      ],
    });
    await publish(id);

    const shown = await page(`/p/${id}`);
    expect(shown.text).toContain('<td class="name">刘*兵</td>');
    expect(shown.text).toContain('<td>1200</td>');
    expect(shown.text).not.toContain('刘小兵');
  });

  it('shows only images stored by this server', async () => {
    const media = `/media/${'a'.repeat(64)}`;
    const id = await createDisclosure({
      title: '带图片的通知',
      images: [
        { url: media, alt: '活动海报 "冬季"' },
        { url: 'https://elsewhere.example/x.png', alt: '外部图片' },
        { url: 'javascript:alert(1)', alt: '脚本' },
      ],
    });
    await publish(id);

    const shown = await page(`/p/${id}`);
    expect(shown.text).toContain(`<img src="${media}" alt="活动海报 &quot;冬季&quot;"`);
    expect(shown.text).not.toContain('elsewhere.example');
    expect(shown.text).not.toContain('javascript:');
  });
});

describe('pages that are not public', () => {
  it('404 for drafts and bad ids', async () => {
    const draft = await createDisclosure({ title: '草稿' });
    const routes = [`/p/${draft}`, '/p/99999', '/p/0', '/p/-1', '/p/1.5', '/p/abc', '/p/1/x'];
    for (const route of routes) {
      const shown = await page(route);
      expect(shown.status, route).toBe(404);
      expect(shown.text, route).toContain(NOT_PUBLIC);
      expect(shown.headers.get('content-type'), route).toMatch(/^text\/html/);
    }
  });

  it('never reads files for a path with dot segments', async () => {
    const raw = (rawPath: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        // http.get sends the path as given: no dot-segment normalisation as fetch would do.
        const target = { host: '127.0.0.1', port: server.port, path: rawPath };
        const request = http.get(target, (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, text }));
        });
        request.on('error', reject);
      });
    for (const route of ['/p/..%2f..%2fserver', '/p/..%2f..%2fpackage.json', '/p/..%5cserver']) {
      const shown = await raw(route);
      expect(shown.status, route).toBe(404);
      expect(shown.text, route).toContain(NOT_PUBLIC);
    }
    // Plain and encoded dot segments are resolved before routing, so these leave /p altogether.
    for (const route of ['/p/../../package.json', '/p/%2e%2e/%2e%2e/package.json']) {
      const outside = await raw(route);
      expect(outside.status, route).toBe(404);
      expect(outside.text, route).not.toContain('"name": "gongkai"');
    }
  });

  it('takes a withdrawn disclosure down from the page and the index', async () => {
    const id = await createDisclosure({ title: '即将撤回的通知' });
    await publish(id);
    expect((await page(`/p/${id}`)).status).toBe(200);

    await server.api('POST', `/api/disclosures/${id}/withdraw`);
    const shown = await page(`/p/${id}`);
    expect(shown.status).toBe(404);
    expect(shown.text).toContain(NOT_PUBLIC);
    expect((await page('/p/')).text).not.toContain('即将撤回的通知');
    expect((await page(`/p/${id}/qr.svg`)).status).toBe(404);
  });

  it('shows a list only during its 公示期', async () => {
    const id = await createDisclosure({
      catalogItem: 13,
      title: '低保公示名单',
      displayFrom: formatShanghaiIso(START + DAY),
      displayUntil: formatShanghaiIso(START + 8 * DAY),
    });
    await publish(id);

    // Not started yet.
    expect((await page(`/p/${id}`)).status).toBe(404);
    expect((await page('/p/')).text).not.toContain('低保公示名单');

    await at(START + DAY, async () => {
      const shown = await page(`/p/${id}`);
      expect(shown.status).toBe(200);
      expect(shown.text).toContain('2026年12月12日 09:00');
      expect((await page('/p/')).text).toContain('低保公示名单');
    });

    // The window is half-open: at display_until the list is down.
    await at(START + 8 * DAY, async () => {
      const shown = await page(`/p/${id}`);
      expect(shown.status).toBe(404);
      expect(shown.text).toContain(NOT_PUBLIC);
      expect((await page('/p/')).text).not.toContain('低保公示名单');
      expect((await page(`/p/${id}/qr.svg`)).status).toBe(404);
    });
  });
});

describe('QR code', () => {
  const options = { type: 'svg', margin: 1, errorCorrectionLevel: 'M' } as const;
  let id: number;

  beforeAll(async () => {
    id = await createDisclosure({ title: '二维码测试' });
    await publish(id);
  });

  it('encodes request origin without setting', async () => {
    const svg = await page(`/p/${id}/qr.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(svg.text).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.text).toBe(await QRCode.toString(`${server.url}/p/${id}`, options));
  });

  it('follows valid forwarded headers only', async () => {
    const forwarded = await page(`/p/${id}/qr.svg`, {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'gongkai.example.org, proxy.internal',
    });
    expect(forwarded.text).toBe(
      await QRCode.toString(`https://gongkai.example.org/p/${id}`, options),
    );

    const bogus = await page(`/p/${id}/qr.svg`, {
      'x-forwarded-proto': 'javascript',
      'x-forwarded-host': 'evil.example/path?',
    });
    expect(bogus.text).toBe(await QRCode.toString(`${server.url}/p/${id}`, options));
  });

  it('follows public_url, as the schedule does', async () => {
    expect((await setPublicUrl('https://gongkai.example.org/')).status).toBe(400);
    expect((await setPublicUrl('ftp://gongkai.example.org')).status).toBe(400);
    expect((await setPublicUrl('https://gongkai.example.org/?a=1')).status).toBe(400);

    const base = 'https://gongkai.example.org/zhonglou';
    const saved = await setPublicUrl(base);
    expect(saved.status).toBe(200);
    expect(saved.json.settings.publicUrl).toBe(base);
    try {
      const svg = await page(`/p/${id}/qr.svg`, { 'x-forwarded-host': 'other.example' });
      expect(svg.text).toBe(await QRCode.toString(`${base}/p/${id}`, options));

      const { body } = await buildSchedule(server.database.db, server.sampleScreen!.id, clock);
      const slides = Object.values(body.content);
      expect(slides.length).toBeGreaterThan(0);
      for (const slide of slides) expect(slide.publicUrl).toBe(`${base}/p/${slide.disclosureId}`);
    } finally {
      expect((await setPublicUrl('')).status).toBe(200);
    }

    const { body } = await buildSchedule(server.database.db, server.sampleScreen!.id, clock);
    for (const slide of Object.values(body.content)) expect(slide).not.toHaveProperty('publicUrl');
  });
});
