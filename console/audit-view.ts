/** 操作日志 (admin): who did what and when, newest first, 50 entries a page. */
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { listAudit } from './api.ts';
import type { AuditEntry } from './api-types.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { formatInstant } from './shanghai-input.ts';
import { baseStyles } from './styles.ts';

const PAGE_SIZE = 50;

const ACTION_LABELS: Record<string, string> = {
  login: '登录',
  login_failed: '登录失败',
  logout: '退出登录',
  user_create: '添加用户',
  user_update: '修改用户',
  disclosure_create: '新建公开信息',
  disclosure_edit: '编辑公开信息',
  disclosure_submit: '提交审核',
  disclosure_approve: '通过并发布',
  disclosure_return: '退回',
  disclosure_publish: '直接发布',
  disclosure_withdraw: '撤回',
  screen_pair: '配对屏幕',
  screen_revoke: '撤销屏幕',
  screen_update: '修改屏幕',
  group_change: '修改分组',
  schedule_change: '修改排期',
  settings_change: '修改设置',
  emergency_issue: '发布紧急通知',
  emergency_clear: '解除紧急通知',
};

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined || detail === '') return '—';
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}

@customElement('gk-audit-view')
export class AuditView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .pager {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin-top: 0.75rem;
      }

      td.detail {
        font-size: 0.9rem;
      }
    `,
  ];

  @state() private entries: AuditEntry[] | undefined;
  @state() private total = 0;
  @state() private offset = 0;
  @state() private notice: Notice | null = null;

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      const page = await listAudit(PAGE_SIZE, this.offset);
      this.entries = page.entries;
      this.total = page.total;
      this.notice = null;
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取操作日志', error) };
    }
  }

  override render() {
    return html`
      <h2>操作日志</h2>
      <p class="hint">记录每次登录和每项修改，时间为北京时间。</p>
      ${renderNotice(this.notice)} ${this.#renderTable()} ${this.#renderPager()}
    `;
  }

  #renderTable() {
    const entries = this.entries;
    if (!entries) return this.notice ? '' : html`<p>正在读取……</p>`;
    if (entries.length === 0) return html`<p>还没有记录。</p>`;

    return html`
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">时间</th>
            <th scope="col">用户</th>
            <th scope="col">操作</th>
            <th scope="col">对象</th>
            <th scope="col">详情</th>
          </tr>
        </thead>
        <tbody>
          ${entries.map(
            (entry) =>
              html`<tr>
                <td data-label="时间">${formatInstant(entry.at)}</td>
                <td data-label="用户">${entry.userName ?? '—'}</td>
                <td data-label="操作">${ACTION_LABELS[entry.action] ?? entry.action}</td>
                <td data-label="对象">${entry.subject ?? '—'}</td>
                <td data-label="详情" class="detail">${detailText(entry.detail)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    `;
  }

  #renderPager() {
    if (this.total <= PAGE_SIZE) return '';

    const pages = Math.ceil(this.total / PAGE_SIZE);
    const page = Math.floor(this.offset / PAGE_SIZE) + 1;
    return html`<nav class="pager" aria-label="翻页">
      <button ?disabled=${this.offset === 0} @click=${() => this.#goTo(this.offset - PAGE_SIZE)}>
        上一页
      </button>
      <span>第 ${page} / ${pages} 页，共 ${this.total} 条</span>
      <button
        ?disabled=${this.offset + PAGE_SIZE >= this.total}
        @click=${() => this.#goTo(this.offset + PAGE_SIZE)}
      >
        下一页
      </button>
    </nav>`;
  }

  async #goTo(offset: number) {
    this.offset = Math.max(0, offset);
    await this.#load();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-audit-view': AuditView;
  }
}
