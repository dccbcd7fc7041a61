/**
 * 公开信息: the list of disclosures with publish, withdraw and edit, and the form that writes a new
 * one. Every action reloads the list so that status and version numbers come from the server.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { listDisclosures, publishDisclosure, withdrawDisclosure } from './api.ts';
import type { Catalog, Disclosure } from './api-types.ts';
import { itemLabelByNumber } from './catalog-labels.ts';
import './disclosure-form.ts';
import type { DisclosureForm, DisclosureSavedDetail } from './disclosure-form.ts';
import { STATUS_LABELS } from './disclosure-labels.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { formatInstant } from './shanghai-input.ts';
import { baseStyles } from './styles.ts';

/** The open form: none, the create form, or the edit form of one disclosure. */
type FormState = { mode: 'closed' } | { mode: 'create' } | { mode: 'edit'; id: number };

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

  @state() private disclosures: Disclosure[] | undefined;
  @state() private form: FormState = { mode: 'closed' };
  @state() private notice: Notice | null = null;
  /** Id of the disclosure whose publish or withdraw request is running. */
  @state() private busyId: number | null = null;

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
    return html`
      <div class="toolbar">
        <h2>公开信息</h2>
        <button class="primary" @click=${this.#openCreate}>新建公开信息</button>
      </div>
      <p class="hint">
        新建的内容先保存为草稿；点“发布”后，才能在“屏幕”中加入播放列表并显示给居民。
      </p>
      ${renderNotice(this.notice)} ${this.#renderForm()} ${this.#renderTable()}
    `;
  }

  #renderForm() {
    const form = this.form;
    if (form.mode === 'closed') return '';

    const editing =
      form.mode === 'edit' ? this.disclosures?.find((item) => item.id === form.id) : undefined;
    return keyed(
      form.mode === 'edit' ? form.id : 'new',
      html`<gk-disclosure-form
        .catalog=${this.catalog}
        .disclosure=${editing}
        @disclosure-saved=${this.#onSaved}
        @form-cancel=${this.#closeForm}
      ></gk-disclosure-form>`,
    );
  }

  #renderTable() {
    const disclosures = this.disclosures;
    if (!disclosures) return html`<p>正在读取……</p>`;
    if (disclosures.length === 0) return html`<p>还没有公开信息。点“新建公开信息”开始撰写。</p>`;

    return html`
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">目录事项</th>
            <th scope="col">标题</th>
            <th scope="col">状态</th>
            <th scope="col">版本</th>
            <th scope="col">更新时间</th>
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
    const busy = this.busyId === disclosure.id;
    const canPublish = disclosure.status !== 'published';
    return html`
      <tr>
        <td data-label="目录事项">
          <div>
            ${itemLabelByNumber(this.catalog, disclosure.catalogItem)}
            <div class="item-label">${this.#categoryOf(disclosure)}</div>
          </div>
        </td>
        <td data-label="标题">
          <div>
            <span>${latest.title}</span>
            ${disclosure.sample ? html` <span class="tag sample">示例</span>` : ''}
          </div>
        </td>
        <td data-label="状态" class="status-${disclosure.status}">
          ${STATUS_LABELS[disclosure.status]}
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
        <td data-label="更新时间">${formatInstant(disclosure.updatedAt)}</td>
        <td data-label="操作" class="actions">
          ${
            canPublish
              ? html`<button
                  class="primary"
                  ?disabled=${busy}
                  @click=${() => this.#publish(disclosure)}
                >
                  发布
                </button>`
              : html`<button
                  class="danger"
                  ?disabled=${busy}
                  @click=${() => this.#withdraw(disclosure)}
                >
                  撤回
                </button>`
          }
          <button ?disabled=${busy} @click=${() => this.#openEdit(disclosure.id)}>编辑</button>
        </td>
      </tr>
    `;
  }

  /** The item's category (类别), or the server's label when the catalog has not loaded. */
  #categoryOf(disclosure: Disclosure): string {
    const item = this.catalog?.items.find((entry) => entry.number === disclosure.catalogItem);
    return item?.category ?? disclosure.label;
  }

  async #openCreate() {
    this.form = { mode: 'create' };
    await this.#focusForm();
  }

  async #openEdit(id: number) {
    this.form = { mode: 'edit', id };
    await this.#focusForm();
  }

  async #focusForm() {
    await this.updateComplete;
    const form = this.renderRoot.querySelector<DisclosureForm>('gk-disclosure-form');
    if (!form) return;

    await form.updateComplete;
    form.scrollIntoView({ block: 'start' });
    form.focusFirstField();
  }

  #closeForm() {
    this.form = { mode: 'closed' };
  }

  async #onSaved(event: CustomEvent<DisclosureSavedDetail>) {
    const { disclosure, created } = event.detail;
    const title = disclosure.latest.title;
    this.form = { mode: 'closed' };
    this.notice = created
      ? { kind: 'ok', text: `已保存草稿「${title}」。检查无误后点“发布”。` }
      : {
          kind: 'ok',
          text: `已保存「${title}」第 ${disclosure.latest.version} 版${
            disclosure.status === 'published' ? '，屏幕将显示新版本' : ''
          }。`,
        };
    await this.#load();
  }

  async #publish(disclosure: Disclosure) {
    await this.#runAction(disclosure, '发布', async () => {
      const result = await publishDisclosure(disclosure.id);
      return `已发布「${result.latest.title}」。要在屏幕上显示，请到“屏幕”中把它加入播放列表。`;
    });
  }

  async #withdraw(disclosure: Disclosure) {
    const question = `撤回后，所有屏幕将停止显示「${disclosure.latest.title}」。确定撤回吗？`;
    if (!window.confirm(question)) return;

    await this.#runAction(disclosure, '撤回', async () => {
      const result = await withdrawDisclosure(disclosure.id);
      return `已撤回「${result.latest.title}」，屏幕不再显示它。`;
    });
  }

  async #runAction(disclosure: Disclosure, action: string, run: () => Promise<string>) {
    this.busyId = disclosure.id;
    this.notice = null;
    try {
      this.notice = { kind: 'ok', text: await run() };
    } catch (error) {
      this.notice = { kind: 'error', text: describeError(action, error) };
    } finally {
      this.busyId = null;
    }
    await this.#load();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-disclosures-view': DisclosuresView;
  }
}
