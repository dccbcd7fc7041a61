/**
 * The whole staff path through the real console and display in Chromium, on a fresh server that
 * has only the administrator. The admin adds an editor and a reviewer in 用户. The editor writes a
 * disclosure for item 9 (为老服务) with an uploaded PNG and submits it, and the reviewer approves
 * it. The admin pairs a display opened in a second browser by the code it shows, then schedules
 * the disclosure with a daypart around the current Shanghai time. The display shows title and
 * image, and the showing appears in 发布记录 and in the CSV downloaded from its export link.
 * Every step a person takes goes through the UI. Only read-back checks use the API.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiParts } from '../shared/shanghai-time.ts';
import { ARTIFACTS_DIR, launchBrowser } from './support/browser.ts';
import { TEST_PASSWORD, startTestServer, type TestServer } from './support/test-server.ts';

const EDITOR = { name: '王编辑', password: 'editor-pass-2026' };
const REVIEWER = { name: '李审核', password: 'reviewer-pass-2026' };
const TITLE = '重阳节敬老活动安排';
const ITEM_LABEL = '9 为老服务工作';
const SCREEN_NAME = '一楼大厅屏';
/** Seconds per page: short, so that a turn ends and its showing is reported within seconds. */
const SECONDS = 6;

let server: TestServer;
let consoleBrowser: Awaited<ReturnType<typeof launchBrowser>>;
let displayBrowser: Awaited<ReturnType<typeof launchBrowser>>;
let staff: Page;
let display: Page;

beforeAll(async () => {
  server = await startTestServer({ build: true, sample: false });
  // Staff browsers run in Chinese, so time inputs show 24-hour clocks as staff see them.
  consoleBrowser = await launchBrowser({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  displayBrowser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
  staff = await consoleBrowser.context.newPage();
  staff.setDefaultTimeout(8000);
  display = await displayBrowser.context.newPage();
  display.setDefaultTimeout(8000);
});

afterAll(async () => {
  await consoleBrowser?.close();
  await displayBrowser?.close();
  await server?.close();
});

async function screenshot(page: Page, name: string) {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, name) });
}

const status = (scope: ReturnType<Page['locator']>) => scope.getByRole('status').allTextContents();

async function signIn(name: string, password: string) {
  await staff.getByLabel('用户名').fill(name);
  await staff.getByLabel('密码', { exact: true }).fill(password);
  await staff.getByRole('button', { name: '登录' }).click();
  await expect.poll(() => staff.locator('.user').textContent()).toContain(name);
}

async function signOut() {
  await staff.getByRole('button', { name: '退出登录' }).click();
  await staff.getByRole('heading', { name: '登录' }).waitFor();
}

async function openTab(label: string) {
  await staff
    .getByRole('navigation', { name: '主要栏目' })
    .getByRole('link', { name: label })
    .click();
}

async function addUser(name: string, role: 'editor' | 'reviewer', password: string) {
  const form = staff.locator('gk-users-view form');
  await form.getByLabel('用户名').fill(name);
  await form.getByLabel('角色').selectOption(role);
  await form.getByLabel(/初始密码/).fill(password);
  await form.getByRole('button', { name: '添加' }).click();
  const label = role === 'editor' ? '编辑' : '审核';
  await expect.poll(() => status(form)).toContain(`已添加${label}「${name}」。`);
}

async function addStaff() {
  await staff.goto(`${server.url}/console/`);
  await signIn('admin', TEST_PASSWORD);
  await openTab('用户');
  await addUser(EDITOR.name, 'editor', EDITOR.password);
  await addUser(REVIEWER.name, 'reviewer', REVIEWER.password);
  const rows = staff.locator('gk-users-view table.users tbody tr');
  await expect.poll(() => rows.count()).toBe(3);
  await screenshot(staff, 'staff-path-users.png');
  await signOut();
}

async function writeDisclosure() {
  await signIn(EDITOR.name, EDITOR.password);
  await openTab('公开信息');
  await staff.getByRole('button', { name: '新建公开信息' }).click();
  const form = staff.locator('gk-disclosure-form');
  await form.getByLabel('目录事项').selectOption('9');
  await form.getByLabel('标题').fill(TITLE);
  await form
    .getByLabel('第 1 块（段落）文字', { exact: true })
    .fill('10月29日（重阳节）上午9时在居委会活动室举办敬老茶话会，欢迎辖区60岁以上老人参加。');

  const png = await sharp({
    create: { width: 800, height: 600, channels: 3, background: '#c33' },
  })
    .png()
    .toBuffer();
  await form
    .getByLabel('选择图片文件')
    .setInputFiles({ name: '茶话会.png', mimeType: 'image/png', buffer: png });
  await expect.poll(() => status(form)).toContain('已上传“茶话会.png”。');
  await expect.poll(() => form.locator('.images img').count()).toBe(1);
  await screenshot(staff, 'staff-path-editor.png');

  await form.getByRole('button', { name: '保存并提交审核' }).click();
  await expect
    .poll(() => staff.locator('gk-disclosure-detail .state').textContent())
    .toContain('待审核');
  await signOut();
}

async function approve() {
  await signIn(REVIEWER.name, REVIEWER.password);
  await openTab('公开信息');
  const row = staff.locator('table.disclosures tbody tr', { hasText: TITLE });
  await row.getByRole('button', { name: '查看与审核' }).click();
  const detail = staff.locator('gk-disclosure-detail');
  await detail.getByRole('button', { name: '通过并发布' }).click();
  await expect.poll(() => detail.locator('.state').textContent()).toContain('已发布');
  await signOut();
}

/** Read the code the display shows (`123 456`) as the six digits staff type. */
async function pairingCode(): Promise<string> {
  await display.goto(`${server.url}/display/`);
  const code = display.locator('.pairing-code');
  await expect.poll(() => code.textContent(), { timeout: 5000 }).toMatch(/^\s*\d{3} \d{3}\s*$/);
  await screenshot(display, 'staff-path-display-pairing.png');
  return (await code.textContent())!.replace(/\D/g, '');
}

async function pairDisplay() {
  const code = await pairingCode();
  await signIn('admin', TEST_PASSWORD);
  await openTab('屏幕');
  await staff.getByLabel('配对码（六位数字）').fill(code);
  await staff.getByLabel('名称', { exact: true }).fill(SCREEN_NAME);
  await staff.getByLabel('位置', { exact: true }).fill('居委会一楼大厅');
  await staff.getByLabel('渠道').selectOption('e-screen');
  await staff.getByRole('button', { name: '配对', exact: true }).click();
  const screenRow = staff.locator('table.screens tbody tr', { hasText: SCREEN_NAME });
  await expect.poll(() => screenRow.count()).toBe(1);
  // The display leaves the pairing page once it has its token.
  await display.locator('.pairing-code').waitFor({ state: 'detached', timeout: 8000 });
}

/** Build a daypart from one hour before now to two after, Shanghai time (may cross midnight). */
function daypartAroundNow(): { start: string; end: string } {
  const hour = shanghaiParts(Date.now()).hour;
  const at = (offset: number) => `${String((hour + offset + 24) % 24).padStart(2, '0')}:00`;
  return { start: at(-1), end: at(2) };
}

async function schedule() {
  await openTab('排期');
  const editor = staff.locator('gk-playlist-editor');
  await expect.poll(() => editor.locator('h3').textContent()).toContain(SCREEN_NAME);
  await editor.getByRole('button', { name: '添加一项' }).click();
  await editor
    .getByLabel('公开信息（只能选已发布的）')
    .selectOption({ label: `${ITEM_LABEL} · ${TITLE}` });
  await editor.getByLabel('每次显示秒数').fill(String(SECONDS));

  await editor.getByRole('button', { name: '添加时段' }).click();
  const daypart = editor.getByRole('group', { name: '第 1 项第 1 个时段' });
  for (const day of ['一', '二', '三', '四', '五', '六', '日']) {
    await daypart.getByLabel(`星期${day}`).check();
  }
  const { start, end } = daypartAroundNow();
  await daypart.getByLabel('从').fill(start);
  await daypart.getByLabel('到').fill(end);
  await editor.getByRole('button', { name: '保存排期' }).click();
  await expect.poll(() => status(editor)).toContain('已保存排期，共 1 项。');
  await screenshot(staff, 'staff-path-schedule.png');
  return { start, end };
}

async function displayShowsDisclosure() {
  const title = display.locator('.slide .title, .slide .running-title').first();
  await expect.poll(() => title.textContent(), { timeout: 8000 }).toContain(TITLE);
  // The image may sit on the slide's second page, so wait up to two pages for it to load.
  const image = display.locator('.slide .figure img');
  await expect
    .poll(() => image.evaluate((node) => (node as HTMLImageElement).naturalWidth).catch(() => 0), {
      timeout: 2 * SECONDS * 1000 + 2000,
    })
    .toBeGreaterThan(0);
  await screenshot(display, 'staff-path-display-showing.png');
}

async function showingInLog() {
  await openTab('发布记录');
  const view = staff.locator('gk-publications-view');
  const row = view.locator('table tbody tr', { hasText: TITLE });
  // The view loads once, so the loop clicks 查询 to reload it, as staff would while waiting.
  await expect
    .poll(
      async () => {
        await view.getByRole('button', { name: '查询' }).click();
        return row.count();
      },
      { timeout: 3 * SECONDS * 1000, interval: 1000 },
    )
    .toBeGreaterThan(0);
  const text = await row.first().textContent();
  expect(text).toContain(SCREEN_NAME);
  expect(text).toContain(ITEM_LABEL);
  await screenshot(staff, 'staff-path-publications.png');
}

async function exportedCsv(): Promise<string> {
  const [download] = await Promise.all([
    staff.waitForEvent('download'),
    staff.getByRole('link', { name: /导出 CSV/ }).click(),
  ]);
  return fs.readFileSync((await download.path())!, 'utf8');
}

describe('staff path in Chromium', () => {
  it('carries a disclosure to the log', { timeout: 90_000 }, async () => {
    await addStaff();
    await writeDisclosure();
    await approve();
    await pairDisplay();
    const daypart = await schedule();
    await displayShowsDisclosure();
    await showingInLog();

    const csv = await exportedCsv();
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('屏幕,公开事项,标题,版本,开始时间,结束时间,展示秒数,备注');
    const row = lines.find((line) => line.includes(TITLE));
    expect(row, csv).toBeDefined();
    expect(row!.startsWith(`${SCREEN_NAME},${ITEM_LABEL},${TITLE},1,`)).toBe(true);

    // Read-back: the schedule was saved as set in the UI, and the log names the approved version.
    const { json: screens } = await server.api('GET', '/api/screens');
    const screen = screens.screens.find((item: { name: string }) => item.name === SCREEN_NAME);
    const { json: playlist } = await server.api('GET', `/api/screens/${screen.id}/playlist`);
    expect(playlist.entries[0]).toMatchObject({
      seconds: SECONDS,
      dayparts: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], ...daypart }],
    });
    const { json: log } = await server.api('GET', `/api/publications?screen=${screen.id}`);
    expect(log.publications[0]).toMatchObject({ title: TITLE, catalogItem: 9, version: 1 });
  });
});
