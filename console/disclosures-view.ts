/**
 * 公开信息: the list of disclosures with their publication and review state, the editor that
 * writes one, and the detail panel with review actions and version history. Every change reloads
 * the list so that states and version numbers come from the server.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { listDisclosures } from './api.ts';
import type { Catalog, Disclosure, User } from './api-types.ts';
import { itemLabelByNumber } from './catalog-labels.ts';
import { reviewOf } from './disclosure-detail.ts';
import './disclosure-detail.ts';
import './disclosure-form.ts';
import type { DisclosureSavedDetail } from './disclosure-form.ts';
import { REVIEW_LABELS, STATUS_LABELS } from './disclosure-labels.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { can } from './roles.ts';
import { formatInstant } from './shanghai-input.ts';
import { baseStyles } from './styles.ts';

/** What is open below the toolbar. */
type Panel =
  | { mode: 'closed' }
  | { mode: 'create' }
  | { mode: 'edit'; id: number }
  | { mode: 'view'; id: number };

@customElement('gk-disclosures-view')
export class DisclosuresView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        justify-content: space-between;
      }

      .item-label {
        color: #4f5b67;
        font-size: 0.9rem;
      }
    `,
  ];

  @property({ attribute: false }) catalog: Catalog | undefined;
  @property({ attribute: false }) user: User | undefined;

  @state() private disclosures: Disclosure[] | undefined;
  @state() private panel: Panel = { mode: 'closed' };
  @state() private notice: Notice | null = null;

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      this.disclosures = await listDisclosures();
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取公开信息', error) };
    }
  }

  override render() {
    const writer = can(this.user, 'write');
    return html`
      <div class="toolbar">
        <h2>公开信息</h2>
        ${
          writer
            ? html`<button class="primary" @click=${this.#openCreate}>新建公开信息</button>`
            : ''
        }
      </div>
      <p class="hint">
        编辑写好后“提交审核”，审核人“通过并发布”后才在屏幕上显示；修改已发布的内容时，屏幕继续显示原版本，直到新版本通过审核。
      </p>
      ${renderNotice(this.notice)} ${this.#renderPanel()} ${this.#renderTable()}
    `;
  }

  #renderPanel() {
    const panel = this.panel;
    switch (panel.mode) {
      case 'closed':
        return '';
      case 'view':
        return keyed(
          `view-${panel.id}`,
          html`<gk-disclosure-detail
            .disclosureId=${panel.id}
            .user=${this.user}
            .catalog=${this.catalog}
            @disclosure-changed=${() => this.#load()}
            @edit-disclosure=${(event: CustomEvent<number>) => this.#open('edit', event.detail)}
          ></gk-disclosure-detail>`,
        );
      case 'create':
      case 'edit': {
        const editing =
          panel.mode === 'edit'
            ? this.disclosures?.find((item) => item.id === panel.id)
            : undefined;
        return keyed(
          panel.mode === 'edit' ? `edit-${panel.id}` : 'new',
          html`<gk-disclosure-form
            .catalog=${this.catalog}
            .disclosure=${editing}
            @disclosure-saved=${this.#onSaved}
            @form-cancel=${() => (this.panel = { mode: 'closed' })}
          ></gk-disclosure-form>`,
        );
      }
    }
  }

  #renderTable() {
    const disclosures = this.disclosures;
    if (!disclosures) return this.notice ? '' : html`<p>正在读取……</p>`;
    if (disclosures.length === 0) return html`<p>还没有公开信息。</p>`;

    return html`
      <table class="stack disclosures">
        <thead>
          <tr>
            <th scope="col">目录事项</th>
            <th scope="col">标题</th>
            <th scope="col">状态</th>
            <th scope="col">版本</th>
            <th scope="col">作者</th>
            <th scope="col">更新时间（北京时间）</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          ${disclosures.map((disclosure) => this.#renderRow(disclosure))}
        </tbody>
      </table>
    `;
  }

  #renderRow(disclosure: Disclosure) {
    const { latest, published } = disclosure;
    const review = reviewOf(disclosure);
    return html`
      <tr>
        <td data-label="目录事项">
          <div>
            ${itemLabelByNumber(this.catalog, disclosure.catalogItem)}
            <div class="item-label">${disclosure.label}</div>
          </div>
        </td>
        <td data-label="标题">
          <div>
            <span class="title">${latest.title}</span>
            ${disclosure.sample ? html` <span class="tag sample">示例</span>` : ''}
          </div>
        </td>
        <td data-label="状态">
          <div>
            <span class="status-${disclosure.status}">${STATUS_LABELS[disclosure.status]}</span>
            · <span class="review-${review}">${REVIEW_LABELS[review]}</span>
            ${
              disclosure.reviewComment && review === 'returned'
                ? html`<div class="hint">退回意见：${disclosure.reviewComment}</div>`
                : ''
            }
          </div>
        </td>
        <td data-label="版本">
          <div>
            第 ${latest.version} 版
            ${
              published && published.version !== latest.version
                ? html`<div class="hint">屏幕显示第 ${published.version} 版</div>`
                : ''
            }
          </div>
        </td>
        <td data-label="作者">${disclosure.authorName ?? '—'}</td>
        <td data-label="更新时间">${formatInstant(disclosure.updatedAt)}</td>
        <td data-label="操作" class="actions">
          <button @click=${() => this.#open('view', disclosure.id)}>查看与审核</button>
          ${
            can(this.user, 'write')
              ? html`<button @click=${() => this.#open('edit', disclosure.id)}>编辑</button>`
              : ''
          }
        </td>
      </tr>
    `;
  }

  async #openCreate() {
    this.panel = { mode: 'create' };
    await this.#focusPanel();
  }

  async #open(mode: 'view' | 'edit', id: number) {
    this.panel = { mode, id };
    await this.#focusPanel();
  }

  async #focusPanel() {
    await this.updateComplete;
    const form = this.renderRoot.querySelector('gk-disclosure-form');
    const panel = form ?? this.renderRoot.querySelector('gk-disclosure-detail');
    if (!panel) return;

    await panel.updateComplete;
    panel.scrollIntoView({ block: 'start' });
    form?.focusFirstField();
  }

  async #onSaved(event: CustomEvent<DisclosureSavedDetail>) {
    const { disclosure, submitted } = event.detail;
    const title = disclosure.latest.title;
    this.notice = {
      kind: 'ok',
      text: submitted
        ? `已保存并提交审核「${title}」第 ${disclosure.latest.version} 版。`
        : `已保存草稿「${title}」第 ${disclosure.latest.version} 版。检查无误后点“提交审核”。`,
    };
    this.panel = { mode: 'view', id: disclosure.id };
    await this.#load();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-disclosures-view': DisclosuresView;
  }
}
