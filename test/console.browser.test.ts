/**
 * The staff console in real Chromium against the real server: sign-in errors and roles, writing a
 * disclosure with a table and an image in the block editor, the live preview drawn by the kiosk's
 * slide element, submit as an editor and approve as a reviewer, and markup in a title shown as
 * literal text everywhere. Screenshots at 1366x768 and 390x844 go to test-artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { shanghaiParts } from '../shared/shanghai-time.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR, launchBrowser } from './support/browser.ts';
import { TEST_PASSWORD, startTestServer, type TestServer } from './support/test-server.ts';

const TITLE = '<b>困难补助</b>名单公示<script>alert(1)</script>';
const EDITOR = 'bianji';
const REVIEWER = 'shenhe';

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

async function signIn(name: string, password = TEST_PASSWORD) {
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

async function screenshot(name: string) {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, name), fullPage: true });
}

/** A small PNG drawn on a canvas in the page, as bytes. */
async function makePng(): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 200;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#0b57d0';
    context.fillRect(0, 0, 320, 200);
    context.fillStyle = '#ffffff';
    context.fillRect(40, 40, 240, 120);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}

beforeAll(async () => {
  server = await startTestServer({ build: true });
  await server.signIn('editor', EDITOR);
  await server.signIn('reviewer', REVIEWER);
  browser = await launchBrowser({ viewport: { width: 1366, height: 768 } });
  page = await browser.context.newPage();
  page.setDefaultTimeout(8000);
  page.on('dialog', (dialog) => void dialog.accept());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('staff console in Chromium', () => {
  it('says 用户名或密码错误 on a wrong password', async () => {
    await page.goto(`${server.url}/console/`);
    await signIn(EDITOR, 'not the password');
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 })
      .toContain('用户名或密码错误');
    await screenshot('console-login-1366.png');
  });

  it('editor sees only editor tabs', async () => {
    await signIn(EDITOR);
    await expect.poll(() => page.locator('.user').textContent()).toBe(`${EDITOR}（编辑）`);
    const tabs = await page
      .getByRole('navigation', { name: '主要栏目' })
      .getByRole('link')
      .allTextContents();
    expect(tabs).toContain('公开信息');
    expect(tabs).not.toContain('屏幕');
    expect(tabs).not.toContain('用户');
  });

  it('editor writes table, image and preview', async () => {
    await page.goto(`${server.url}/console/#/disclosures`);
    await page.getByRole('button', { name: '新建公开信息' }).click();
    const form = page.locator('gk-disclosure-form');
    await form.getByLabel('目录事项').selectOption('10');
    await form.getByLabel('标题').fill(TITLE);
    await form
      .getByLabel('第 1 块（段落）文字', { exact: true })
      .fill('经居民会议评议，下列家庭符合困难补助条件，现予公示。');

    await form.getByRole('button', { name: '＋ 表格' }).click();
    await form.getByLabel('第 2 块（表格）第 1 行，姓名', { exact: true }).fill('刘*兵');
    await form.getByLabel('第 2 块（表格）第 1 行，金额（元）', { exact: true }).fill('800');
    await form.getByRole('button', { name: '＋ 添加一行' }).click();
    await form.getByLabel('第 2 块（表格）第 2 行，姓名', { exact: true }).fill('王*芳');
    await form.getByLabel('第 2 块（表格）第 2 行，金额（元）', { exact: true }).fill('600');
    await form.getByRole('button', { name: '＋ 添加一列' }).click();
    await form.getByLabel('第 2 块（表格）第 3 列标题', { exact: true }).fill('户数');

    await form.getByLabel('选择图片文件').setInputFiles({
      name: '公示现场.png',
      mimeType: 'image/png',
      buffer: await makePng(),
    });
    await expect
      .poll(() => form.getByRole('status').allTextContents())
      .toContain('已上传“公示现场.png”。');
    await expect.poll(() => form.locator('.images img').count()).toBe(1);

    // The preview is the kiosk's own element, with the title as literal text.
    const slide = form.locator('gk-slide-preview gongkai-slide-view');
    await expect
      .poll(() => slide.locator('.title, .running-title').first().textContent())
      .toContain('<b>困难补助</b>');
    expect(await slide.locator('b, script').count()).toBe(0);
    expect(await slide.locator('table').count()).toBeGreaterThan(0);
    await expect.poll(() => form.locator('.page-label').textContent()).toMatch(/第 1\/\d+ 页/);
    await screenshot('console-editor-1366.png');

    await form.getByRole('button', { name: '保存并提交审核' }).click();
    const detail = page.locator('gk-disclosure-detail');
    await expect
      .poll(() => detail.locator('.state').textContent(), { timeout: 10_000 })
      .toContain('待审核');

    const { json } = await server.api('GET', '/api/disclosures');
    const saved = json.disclosures.find(
      (item: { latest: { title: string } }) => item.latest.title === TITLE,
    );
    expect(saved.review).toBe('submitted');
    expect(saved.latest.body).toContainEqual({
      type: 'table',
      columns: ['姓名', '金额（元）', '户数'],
      rows: [
        ['刘*兵', '800', ''],
        ['王*芳', '600', ''],
      ],
    });
    expect(saved.latest.images).toHaveLength(1);
  });

  it('reviewer approves, title stays literal', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await signIn(REVIEWER);
    await expect.poll(() => page.locator('.user').textContent()).toBe(`${REVIEWER}（审核）`);
    await page.goto(`${server.url}/console/#/disclosures`);

    const row = page.locator('table.disclosures tbody tr', { hasText: '困难补助' });
    await expect.poll(() => row.locator('.title').textContent()).toBe(TITLE);
    expect(await row.locator('b, script').count()).toBe(0);
    expect(await page.getByRole('button', { name: '新建公开信息' }).count()).toBe(0);

    await row.getByRole('button', { name: '查看与审核' }).click();
    const detail = page.locator('gk-disclosure-detail');
    await detail.getByRole('button', { name: '通过并发布' }).click();
    await expect
      .poll(() => detail.locator('.state').textContent(), { timeout: 10_000 })
      .toContain('已发布');

    const { json } = await server.api('GET', '/api/disclosures');
    const saved = json.disclosures.find(
      (item: { latest: { title: string } }) => item.latest.title === TITLE,
    );
    expect(saved.status).toBe('published');
    expect(saved.published.title).toBe(TITLE);
  });

  it('lost session returns to login', async () => {
    await page.context().clearCookies();
    await page.getByRole('link', { name: '发布记录' }).click();
    await expect.poll(() => page.getByRole('heading', { name: '登录' }).count()).toBe(1);
  });

  it('fits a phone screen (390 px)', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/console/`);
    await signIn('admin');
    await page.goto(`${server.url}/console/#/disclosures`);
    await expect.poll(() => page.locator('table.disclosures tbody tr').count()).toBeGreaterThan(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(390);
    await screenshot('console-disclosures-390.png');
    await page.getByRole('button', { name: '新建公开信息' }).click();
    await page.locator('gk-disclosure-form').getByRole('button', { name: '＋ 表格' }).click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await screenshot('console-editor-390.png');
    await page.goto(`${server.url}/console/#/screens`);
    await screenshot('console-screens-390.png');
  });

  it('admin pairs and schedules a screen', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    const pairing = await server.anonymous('POST', '/api/pairing');
    expect(pairing.status).toBe(201);

    await page.goto(`${server.url}/console/#/screens`);
    await page.getByLabel('配对码（六位数字）').fill(pairing.json.code);
    await page.getByLabel('名称', { exact: true }).fill('一楼大厅屏');
    await page.getByLabel('位置', { exact: true }).fill('居委会一楼大厅');
    await page.getByLabel('渠道').selectOption('e-screen');
    await page.getByRole('button', { name: '配对', exact: true }).click();
    const screenRow = page.locator('table.screens tbody tr', { hasText: '一楼大厅屏' });
    await expect.poll(() => screenRow.count()).toBe(1);
    expect(await screenRow.textContent()).toMatch(/在线|离线/);
    await screenshot('console-screens-paired-1366.png');

    await page.goto(`${server.url}/console/#/schedule`);
    const editor = page.locator('gk-playlist-editor');
    await editor.getByRole('button', { name: '添加一项' }).click();
    await editor
      .getByLabel('公开信息（只能选已发布的）')
      .selectOption({ label: `10 残疾人服务工作 · ${TITLE}` });
    await editor.getByLabel('每次显示秒数').fill('20');
    await editor.getByLabel('优先级（-100～100）').fill('5');
    await editor.getByRole('button', { name: '添加时段' }).click();
    // A daypart around the current Shanghai hour on every weekday, so today's timeline shows it
    // whenever the test runs.
    const daypart = editor.getByRole('group', { name: '第 1 项第 1 个时段' });
    for (const day of ['一', '二', '三', '四', '五', '六', '日']) {
      await daypart.getByLabel(`星期${day}`).check();
    }
    const hour = shanghaiParts(Date.now()).hour;
    const at = (offset: number) => `${String((hour + offset + 24) % 24).padStart(2, '0')}:00`;
    await daypart.getByLabel('从').fill(at(-1));
    await daypart.getByLabel('到').fill(at(2));
    await editor.getByRole('button', { name: '保存排期' }).click();
    await expect
      .poll(() => editor.getByRole('status').allTextContents())
      .toContain('已保存排期，共 1 项。');

    const timeline = page.locator('gk-timeline-view');
    await expect.poll(() => timeline.locator('table.timeline').textContent()).toContain(TITLE);
    await timeline.getByRole('button', { name: '本周' }).click();
    await expect.poll(() => timeline.locator('.day').count()).toBe(8);
    await screenshot('console-schedule-timeline-1366.png');
  });

  it('shows the admin views at 1366x768', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    for (const route of ['publications', 'emergencies', 'users', 'settings', 'audit', 'catalog']) {
      await page.goto(`${server.url}/console/#/${route}`);
      await page.waitForTimeout(400);
      expect(await page.getByRole('alert').count(), route).toBe(0);
      await screenshot(`console-${route}-1366.png`);
    }
  });
});
