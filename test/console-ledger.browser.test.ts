/**
 * The console's 台账 and 发布证明 in real Chromium against the real server, with the server's clock
 * at 2026-09-20 10:00 Shanghai time: the overdue item comes first with its status as text, a staff
 * record entered through 登记 updates the ledger, and the printed PDF (A4) holds the ledger but no
 * navigation. The PDF and a PNG of its first page go to test-artifacts/ (pdftotext and pdftoppm
 * come from poppler-utils).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR, launchBrowser } from './support/browser.ts';
import { ScreenClient } from './support/screen-client.ts';
import { TEST_PASSWORD, startTestServer, type TestServer } from './support/test-server.ts';

const OVERDUE_TITLE = '居民自治公约修订稿';
const DUE_TITLE = '重阳节文艺演出';
const EDITOR = 'taizhang';
/** Tab names of the navigation, none of which may appear on paper. */
const NAVIGATION_TEXT = ['公开目录', '发布记录', '我的账户', '退出登录', '导出CSV'];

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
const clock = Date.parse('2026-09-20T10:00:00+08:00');
let overdueId: number;
let dueId: number;

async function publish(catalogItem: number, title: string, formedOn: string) {
  const { json } = await server.api('POST', '/api/disclosures', {
    catalogItem,
    title,
    body: '内容',
    formedOn,
    displayFrom: '2026-09-18T00:00:00+08:00',
    displayUntil: '2026-09-25T00:00:00+08:00',
  });
  expect(json.disclosure, JSON.stringify(json)).toBeDefined();
  const published = await server.api('POST', `/api/disclosures/${json.disclosure.id}/publish`);
  expect(published.status).toBe(200);
  return json.disclosure.id as number;
}

/** A showing of the published version on a new 电子屏 screen that has it in its playlist. */
async function showOnScreen(disclosureId: number, startedAt: number) {
  const { json: detail } = await server.api('GET', `/api/disclosures/${disclosureId}`);
  const { json: screen } = await server.api('POST', '/api/screens', {
    name: '大厅电子屏',
    channel: 'e-screen',
  });
  const playlist = await server.api('PUT', `/api/screens/${screen.screen.id}/playlist`, {
    entries: [{ target: { kind: 'disclosure', disclosureId }, seconds: 15 }],
  });
  expect(playlist.status, JSON.stringify(playlist.json)).toBe(200);
  // The screen may only report versions that the server sent it in a schedule.
  const client = new ScreenClient(server.url, screen.token);
  await client.nth('schedule', 1);
  client.send({
    type: 'showings',
    showings: [
      {
        id: 'ledger-browser-0001',
        disclosureId,
        versionId: detail.disclosure.published.id,
        startedAt,
        seconds: 15,
      },
    ],
  });
  const ack = await client.nth('ack', 1);
  expect(ack.committed, JSON.stringify(ack)).toHaveLength(1);
  client.close();
}

function artifact(name: string) {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, name);
}

/** Print the page as Chromium does for window.print() and return the PDF's text. */
async function printToText(name: string): Promise<string> {
  const pdfFile = artifact(`${name}.pdf`);
  await page.pdf({ path: pdfFile, format: 'A4', preferCSSPageSize: true, printBackground: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', pdfFile, artifact(name)]);
  const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
  // pdftotext spaces CJK text out by layout; the checks compare text without whitespace.
  return text.replace(/\s+/g, '');
}

beforeAll(async () => {
  server = await startTestServer({ build: true, now: () => clock });
  overdueId = await publish(4, OVERDUE_TITLE, '2026-08-03');
  dueId = await publish(6, DUE_TITLE, '2026-09-18');
  await showOnScreen(dueId, clock);
  const emergency = await server.api('POST', '/api/emergencies', {
    title: '停水告知书',
    body: '今天 8 时至 12 时停水。',
    eventAt: '2026-09-20T07:00:00+08:00',
  });
  expect(emergency.status, JSON.stringify(emergency.json)).toBe(201);
  await server.signIn('editor', EDITOR);

  browser = await launchBrowser({ viewport: { width: 1366, height: 768 } });
  page = await browser.context.newPage();
  page.setDefaultTimeout(8000);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('ledger in the console', () => {
  it('lists overdue item first as text', async () => {
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('用户名').fill(EDITOR);
    await page.getByLabel('密码', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page
      .getByRole('navigation', { name: '主要栏目' })
      .getByRole('link', { name: '台账' })
      .click();

    const view = page.locator('gk-ledger-view');
    await expect.poll(() => view.locator('tbody tr').count(), { timeout: 10_000 }).toBe(21);
    const { json: ledger } = await server.api('GET', '/api/ledger');
    const overdueDays = Math.max(
      ...ledger.items[0].obligations[0].channels.map(
        (channel: { overdueWorkingDays?: number }) => channel.overdueWorkingDays ?? 0,
      ),
    );
    expect(ledger.items[0].number).toBe(4);
    expect(overdueDays).toBeGreaterThan(0);

    const first = view.locator('tbody tr').first();
    expect(await first.locator('td').first().textContent()).toContain('4');
    expect(await first.textContent()).toContain(OVERDUE_TITLE);
    expect(await first.locator('td[data-label="状态"]').textContent()).toContain(
      `已逾期 ${overdueDays} 个工作日`,
    );
    expect(await first.textContent()).toContain('形成日期：2026-08-03');
    expect(await view.locator('h2').textContent()).toContain('钟楼居民委员会 公开台账');
    const overdue = ledger.items
      .flatMap(
        (item: { obligations: { status: string }[]; firstNotices: { status: string }[] }) => [
          ...item.obligations,
          ...item.firstNotices,
        ],
      )
      .filter((entry: { status: string }) => entry.status === 'overdue').length;
    expect(await view.locator('.summary').textContent()).toMatch(
      new RegExp(`已逾期\\s*${overdue}\\s*条`),
    );

    const notices = view.locator('tbody tr', { hasText: '首次告知：停水告知书' });
    expect(await notices.locator('td').first().textContent()).toContain('17');
    expect(await notices.textContent()).toContain('事件发生：2026-09-20 07:00:00');
    expect(await notices.textContent()).toContain('截止：2026-09-20 09:00:00');
    expect(await notices.textContent()).toContain('首次显示：尚未显示');
    expect(await notices.textContent()).toContain('已逾期（超过事件发生后 2 小时仍未显示）');

    const due = view.locator('tbody tr', { hasText: DUE_TITLE });
    expect(await due.textContent()).toContain('电子屏：按时公开 · 2026-09-20 · 屏幕记录');
    expect(await due.textContent()).toMatch(/微信群推送：待公开，剩余 \d+ 个工作日/);
    const csv = await view.getByRole('link', { name: '导出 CSV' }).getAttribute('href');
    expect(csv).toBe('/api/ledger/export.csv');
    await page.screenshot({ path: artifact('console-ledger-1366.png'), fullPage: true });
  });

  it('records a channel through 登记', async () => {
    const view = page.locator('gk-ledger-view');
    await view.getByRole('button', { name: `登记 ${DUE_TITLE} 在微信群推送的公开` }).click();
    const form = view.locator('gk-channel-record-form');
    await expect
      .poll(() => form.getByLabel('公开日期（北京时间）').inputValue())
      .toBe('2026-09-20');
    await form.getByRole('button', { name: '保存登记' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toContain('请填写证据链接或上传一张照片');

    await form.getByLabel('证据链接（如公众号文章地址）').fill('https://example.org/post/9');
    await form.getByLabel('备注（可不填）').fill('微信群截图另存');
    await form.getByRole('button', { name: '保存登记' }).click();
    await expect.poll(() => view.getByRole('status').textContent()).toContain('已登记公开记录');
    const due = view.locator('tbody tr', { hasText: DUE_TITLE });
    await expect
      .poll(() => due.textContent())
      .toContain('微信群推送：按时公开 · 2026-09-20 · 人工登记');

    const { json } = await server.api('GET', `/api/channel-records?disclosure=${dueId}`);
    expect(json.records).toHaveLength(1);
    expect(json.records[0]).toMatchObject({
      channel: 'wechat-group',
      publishedOn: '2026-09-20',
      evidenceUrl: 'https://example.org/post/9',
      note: '微信群截图另存',
      recordedBy: EDITOR,
    });
  });

  it('prints ledger without navigation', async () => {
    const text = await printToText('ledger-print');
    expect(text).toContain('钟楼居民委员会公开台账');
    expect(text).toContain(OVERDUE_TITLE);
    expect(text).toContain(`已逾期`);
    for (const navigation of NAVIGATION_TEXT) expect(text).not.toContain(navigation);
    for (const control of ['打印', '查询', '全部日期', '发布证明', '保存登记'])
      expect(text).not.toContain(control);
    expect(fs.existsSync(artifact('ledger-print.png'))).toBe(true);
  });

  it('stacks on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const status = page.locator('gk-ledger-view tbody tr').first().locator('td[data-label="状态"]');
    expect(await status.evaluate((cell) => getComputedStyle(cell).display)).toBe('grid');
    await status.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('console-ledger-390.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
  });
});

describe('certificate in the console', () => {
  it('opens from the disclosure detail', async () => {
    await page.goto(`${server.url}/console/#/disclosures`);
    const row = page.locator('gk-disclosures-view tbody tr', { hasText: DUE_TITLE });
    await row.getByRole('button', { name: '查看与审核' }).click();
    await page.locator('gk-disclosure-detail').getByRole('button', { name: '发布证明' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/certificate/${dueId}`);

    const view = page.locator('gk-certificate-view article');
    const { json } = await server.api('GET', `/api/disclosures/${dueId}/certificate`);
    const hash: string = json.certificate.versions[0].contentHash;
    await expect.poll(() => view.textContent(), { timeout: 10_000 }).toContain(hash);
    expect(await view.textContent()).toContain('大厅电子屏');
    expect(await view.textContent()).toContain('未完全覆盖：显示 1 / 3 天');
    expect(await view.textContent()).toContain('2026-09-18：屏幕离线');
    expect(await view.textContent()).toContain('2026-09-19：屏幕离线');
    expect(await view.textContent()).toContain('播放记录（共 1 次）');
    await page.screenshot({ path: artifact('console-certificate-1366.png'), fullPage: true });

    const text = await printToText('certificate-print');
    expect(text).toContain('发布证明');
    expect(text).toContain(hash.slice(0, 16));
    for (const navigation of NAVIGATION_TEXT) expect(text).not.toContain(navigation);
  });

  it('reports a missing disclosure', async () => {
    await page.goto(`${server.url}/console/#/certificate/99999`);
    await expect
      .poll(() => page.locator('gk-certificate-view').getByRole('alert').textContent())
      .toContain('读取发布证明失败');
    expect(overdueId).toBeGreaterThan(0);
  });
});

describe('settings for the ledger', () => {
  it('admin saves public address and policy', async () => {
    await page.goto(`${server.url}/console/`);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('link', { name: '设置' }).click();

    const view = page.locator('gk-settings-view');
    await view.getByLabel('公开网址').fill('https://gongkai.example.org');
    await view.getByRole('button', { name: '保存设置' }).click();
    await expect.poll(() => view.getByRole('status').first().textContent()).toContain('已保存设置');
    const { json: settings } = await server.api('GET', '/api/settings');
    expect(settings.settings.publicUrl).toBe('https://gongkai.example.org');

    const policy = view.locator('gk-ledger-policy-form');
    await policy.getByLabel('默认工作日数（0–60）').fill('3');
    await policy.getByLabel('7 便民利民服务').fill('10');
    await policy.getByRole('button', { name: '保存期限' }).click();
    await expect.poll(() => policy.getByRole('status').textContent()).toContain('已保存');
    const { json } = await server.api('GET', '/api/ledger/policy');
    expect(json.policy).toEqual({ promptlyDays: 3, promptlyOverrides: { '7': 10 } });
  });
});
