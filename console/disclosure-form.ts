/**
 * The form that writes a disclosure: a new one when `disclosure` is unset, otherwise a new version
 * of that disclosure. It sends only the fields that changed and fires `disclosure-saved` with
 * `{ disclosure, created }` on success and `form-cancel` when staff close it.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createDisclosure, updateDisclosure, type DisclosureInput } from './api.ts';
import type { Catalog, Disclosure } from './api-types.ts';
import { bodyToEditableText, hasRichStructure } from './body-text.ts';
import { groupByCategory, itemLabel, itemLabelByNumber } from './catalog-labels.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { baseStyles } from './styles.ts';

export interface DisclosureSavedDetail {
  disclosure: Disclosure;
  created: boolean;
}

@customElement('gk-disclosure-form')
export class DisclosureForm extends LitElement {
  static override styles = [
    baseStyles,
    css`
      input[type='text'],
      select {
        width: min(100%, 40rem);
      }
    `,
  ];

  @property({ attribute: false }) catalog: Catalog | undefined;
  /** The disclosure to edit; unset to create a new one. */
  @property({ attribute: false }) disclosure: Disclosure | undefined;

  @state() private busy = false;
  @state() private notice: Notice | null = null;

  /** Field values the form started from, to send only what staff changed. */
  #initialTitle = '';
  #initialBody = '';
  #initialFormedOn = '';

  override willUpdate(changed: Map<PropertyKey, unknown>) {
    if (!changed.has('disclosure')) return;

    const latest = this.disclosure?.latest;
    this.#initialTitle = latest?.title ?? '';
    this.#initialBody = latest ? bodyToEditableText(latest.body) : '';
    this.#initialFormedOn = latest?.formedOn ?? '';
    this.notice = null;
  }

  /** Move keyboard focus to the first field, for when the form opens. */
  focusFirstField() {
    this.renderRoot.querySelector<HTMLElement>('select, input')?.focus();
  }

  override render() {
    const editing = this.disclosure;
    return html`
      <form class="panel" @submit=${this.#onSubmit} novalidate>
        <h3>${editing ? `编辑：${editing.latest.title}` : '新建公开信息'}</h3>
        ${editing ? this.#renderEditIntro(editing) : this.#renderItemSelect()}
        <label class="field">
          <span>标题</span>
          <input type="text" name="title" required maxlength="200" .value=${this.#initialTitle} />
        </label>
        <label class="field">
          <span>正文</span>
          <textarea name="body" required .value=${this.#initialBody}></textarea>
          <span class="hint">直接输入文字即可；段落之间空一行。</span>
        </label>
        <label class="field">
          <span>信息形成日期（可不填）</span>
          <input type="date" name="formedOn" .value=${this.#initialFormedOn} />
          <span class="hint">信息形成或变更的日期，用于计算公开时限。</span>
        </label>
        ${renderNotice(this.notice)}
        <div class="row">
          <button class="primary" type="submit" ?disabled=${this.busy}>
            ${editing ? '保存为新版本' : '保存为草稿'}
          </button>
          <button type="button" ?disabled=${this.busy} @click=${this.#onCancel}>取消</button>
        </div>
      </form>
    `;
  }

  #renderEditIntro(disclosure: Disclosure) {
    const label = itemLabelByNumber(this.catalog, disclosure.catalogItem);
    return html`
      <p>目录事项：${label}（${disclosure.label}）· 当前第 ${disclosure.latest.version} 版</p>
      <p class="notice warn">保存后生成新版本，已发布的内容将立即更新到屏幕。</p>
      ${
        hasRichStructure(disclosure.latest.body)
          ? html`<p class="notice warn">
              此内容含标题、列表、表格或加粗文字。只改标题或日期不会影响正文；若修改正文，保存后正文将变为普通段落。
            </p>`
          : ''
      }
    `;
  }

  #renderItemSelect() {
    const items = this.catalog?.items ?? [];
    return html`
      <label class="field">
        <span>目录事项</span>
        <select name="catalogItem" required>
          <option value="" selected>请选择……</option>
          ${[...groupByCategory(items)].map(
            ([category, group]) => html`
              <optgroup label=${category}>
                ${group.map(
                  (item) => html`<option value=${item.number}>${itemLabel(item)}</option>`,
                )}
              </optgroup>
            `,
          )}
        </select>
      </label>
    `;
  }

  #onCancel() {
    this.dispatchEvent(new CustomEvent('form-cancel', { bubbles: true, composed: true }));
  }

  async #onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const body = String(data.get('body') ?? '');
    const formedOn = String(data.get('formedOn') ?? '');

    const missing = this.#findMissingField(data, title, body);
    if (missing) {
      this.notice = { kind: 'error', text: `请填写${missing}。` };
      return;
    }

    this.busy = true;
    this.notice = null;
    try {
      const detail = this.disclosure
        ? await this.#saveVersion(this.disclosure, title, body, formedOn)
        : await this.#create(Number(data.get('catalogItem')), title, body, formedOn);
      if (!detail) return;

      if (detail.created) form.reset();
      this.dispatchEvent(
        new CustomEvent<DisclosureSavedDetail>('disclosure-saved', {
          detail,
          bubbles: true,
          composed: true,
        }),
      );
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('保存', error) };
    } finally {
      this.busy = false;
    }
  }

  #findMissingField(data: FormData, title: string, body: string): string | null {
    if (!this.disclosure && !data.get('catalogItem')) return '目录事项';
    if (!title) return '标题';
    if (!body.trim()) return '正文';
    return null;
  }

  async #create(
    catalogItem: number,
    title: string,
    body: string,
    formedOn: string,
  ): Promise<DisclosureSavedDetail> {
    const input = { catalogItem, title, body, ...(formedOn ? { formedOn } : {}) };
    return { disclosure: await createDisclosure(input), created: true };
  }

  async #saveVersion(
    disclosure: Disclosure,
    title: string,
    body: string,
    formedOn: string,
  ): Promise<DisclosureSavedDetail | null> {
    const input: DisclosureInput = {};
    if (title !== this.#initialTitle.trim()) input.title = title;
    if (body !== this.#initialBody) input.body = body;
    if (formedOn !== this.#initialFormedOn) input.formedOn = formedOn || null;

    if (Object.keys(input).length === 0) {
      this.notice = { kind: 'warn', text: '没有修改，无需保存。' };
      return null;
    }
    return { disclosure: await updateDisclosure(disclosure.id, input), created: false };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-disclosure-form': DisclosureForm;
  }
  interface HTMLElementEventMap {
    'disclosure-saved': CustomEvent<DisclosureSavedDetail>;
    'form-cancel': CustomEvent<void>;
  }
}
