/**
 * The disclosure editor: catalog item, title, a structured body (block editor), images, the date
 * the information was formed, and the 公示期 in Shanghai time. Beside it, the item's content
 * elements as a checklist (a UI aid, not stored) and a live preview drawn by the kiosk's own
 * slide element. Fires `disclosure-saved` with `{ disclosure, created, submitted }` and
 * `form-cancel`.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Block } from '../shared/content.ts';
import type { SlideContent } from '../shared/protocol.ts';
import {
  createDisclosure,
  disclosureAction,
  updateDisclosure,
  uploadImage,
  type DisclosureInput,
} from './api.ts';
import type { Catalog, CatalogItem, Disclosure, ImageRef, Version } from './api-types.ts';
import { cleanBody, emptyBlock, keyed, type EditorBlock } from './block-model.ts';
import './block-editor.ts';
import { groupByCategory, itemLabel, itemLabelByNumber } from './catalog-labels.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { isoToShanghaiLocal, shanghaiLocalToIso } from './shanghai-input.ts';
import './slide-preview.ts';
import { baseStyles } from './styles.ts';

export interface DisclosureSavedDetail {
  disclosure: Disclosure;
  created: boolean;
  submitted: boolean;
}

/** The server's upload limit, stated to staff before they pick a file. */
export const MAX_IMAGE_MIB = 8;
const IMAGE_TYPES = 'image/jpeg,image/png,image/webp';

/** A version's 公示期, from the flat fields or the `displayWindow` object. */
export function displayWindowOf(version: Version): { from: string | null; until: string | null } {
  return {
    from: version.displayFrom ?? version.displayWindow?.from ?? null,
    until: version.displayUntil ?? version.displayWindow?.until ?? null,
  };
}

@customElement('gk-disclosure-form')
export class DisclosureForm extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 1rem;
      }

      @media (min-width: 1100px) {
        .layout {
          grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        }

        aside {
          position: sticky;
          top: 0;
          align-self: start;
          max-height: 100vh;
          overflow-y: auto;
        }
      }

      input[type='text'],
      select {
        width: 100%;
      }

      .images {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        padding: 0;
        list-style: none;
      }

      .images li {
        border: 1px solid #d0d7de;
        border-radius: 6px;
        padding: 0.4rem;
        width: 12rem;
      }

      .images img {
        display: block;
        max-width: 100%;
        max-height: 7rem;
        margin-bottom: 0.3rem;
      }

      .checklist {
        list-style: none;
        padding: 0;
        margin: 0;
      }

      .checklist li {
        margin-bottom: 0.3rem;
      }

      .checklist label {
        display: flex;
        gap: 0.4rem;
        align-items: flex-start;
      }

      .checklist input {
        margin-top: 0.35rem;
      }
    `,
  ];

  @property({ attribute: false }) catalog: Catalog | undefined;
  /** The disclosure to edit; unset to write a new one. */
  @property({ attribute: false }) disclosure: Disclosure | undefined;
  /** Whether the user may submit for review (editors and admins). */
  @property({ type: Boolean }) canSubmit = true;

  @state() private catalogItem: number | null = null;
  @state() private titleText = '';
  @state() private blocks: EditorBlock[] = [keyed(emptyBlock('paragraph'))];
  @state() private images: ImageRef[] = [];
  @state() private formedOn = '';
  @state() private displayFrom = '';
  @state() private displayUntil = '';
  /** Content elements staff ticked as covered; a UI aid only, never saved. */
  @state() private ticked = new Set<string>();
  @state() private busy = false;
  @state() private uploading = false;
  @state() private notice: Notice | null = null;
  @state() private imageNotice: Notice | null = null;

  override willUpdate(changed: Map<PropertyKey, unknown>) {
    if (!changed.has('disclosure') || !this.disclosure) return;

    const { catalogItem, latest } = this.disclosure;
    this.catalogItem = catalogItem;
    this.titleText = latest.title;
    this.blocks = latest.body.map(keyed);
    this.images = latest.images.map((image) => ({ ...image }));
    this.formedOn = latest.formedOn ?? '';
    const window = displayWindowOf(latest);
    this.displayFrom = isoToShanghaiLocal(window.from);
    this.displayUntil = isoToShanghaiLocal(window.until);
    this.notice = null;
  }

  /** Move keyboard focus to the first field, for when the editor opens. */
  focusFirstField() {
    this.renderRoot.querySelector<HTMLElement>('select, input')?.focus();
  }

  get #item(): CatalogItem | undefined {
    return this.catalog?.items.find((item) => item.number === this.catalogItem);
  }

  override render() {
    const editing = this.disclosure;
    return html`
      <form class="panel" @submit=${this.#onSubmit} novalidate aria-label="编辑公开信息">
        <h3>${editing ? html`编辑：${editing.latest.title}` : '新建公开信息'}</h3>
        <div class="layout">
          <div class="main">
            ${editing ? this.#renderEditIntro(editing) : this.#renderItemSelect()}
            <label class="field">
              <span>标题</span>
              <input
                type="text"
                name="title"
                maxlength="200"
                .value=${this.titleText}
                @input=${(event: Event) => (this.titleText = (event.target as HTMLInputElement).value)}
              />
            </label>
            <fieldset>
              <legend>正文</legend>
              <gk-block-editor
                .blocks=${this.blocks}
                @blocks-change=${(event: CustomEvent<EditorBlock[]>) =>
                  (this.blocks = event.detail)}
              ></gk-block-editor>
            </fieldset>
            ${this.#renderImages()} ${this.#renderDates()} ${renderNotice(this.notice)}
            <div class="row">
              <button class="primary" type="submit" ?disabled=${this.busy}>保存草稿</button>
              ${
                this.canSubmit
                  ? html`<button
                      type="button"
                      ?disabled=${this.busy}
                      @click=${() => this.#save(true)}
                    >
                      保存并提交审核
                    </button>`
                  : ''
              }
              <button type="button" ?disabled=${this.busy} @click=${this.#onCancel}>取消</button>
            </div>
          </div>
          <aside aria-label="对照与预览">
            ${this.#renderChecklist()}
            <h4>屏幕预览</h4>
            <gk-slide-preview
              .content=${this.#previewContent()}
              committee-name=${this.catalog?.committee.name ?? ''}
            ></gk-slide-preview>
          </aside>
        </div>
      </form>
    `;
  }

  #renderEditIntro(disclosure: Disclosure) {
    const label = itemLabelByNumber(this.catalog, disclosure.catalogItem);
    const published = disclosure.published;
    return html`
      <p>目录事项：${label}（${disclosure.label}）· 正在编辑第 ${disclosure.latest.version} 版</p>
      ${
        published
          ? html`<p class="notice warn">
              屏幕上继续显示已发布的第 ${published.version}
              版，直到修改后的新版本提交审核并通过后才会替换。
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
        <select
          name="catalogItem"
          @change=${(event: Event) => {
            const value = (event.target as HTMLSelectElement).value;
            this.catalogItem = value ? Number(value) : null;
            this.ticked = new Set();
          }}
        >
          <option value="" ?selected=${this.catalogItem === null}>请选择……</option>
          ${[...groupByCategory(items)].map(
            ([category, group]) => html`
              <optgroup label=${category}>
                ${group.map(
                  (item) =>
                    html`<option value=${item.number} ?selected=${item.number === this.catalogItem}>
                      ${itemLabel(item)}
                    </option>`,
                )}
              </optgroup>
            `,
          )}
        </select>
      </label>
    `;
  }

  #renderImages() {
    return html`
      <fieldset>
        <legend>图片（可不加）</legend>
        <label class="field">
          <span>选择图片文件</span>
          <input
            type="file"
            name="image"
            accept=${IMAGE_TYPES}
            ?disabled=${this.uploading}
            @change=${this.#onFile}
          />
          <span class="hint"
            >只支持 JPEG、PNG、WebP 格式，每张不超过 ${MAX_IMAGE_MIB}
            MiB；较大的图片会自动缩小。</span
          >
        </label>
        ${this.uploading ? html`<p role="status">正在上传……</p>` : ''}
        ${renderNotice(this.imageNotice)}
        ${
          this.images.length
            ? html`<ul class="images">
                ${this.images.map((image, index) => this.#renderImage(image, index))}
              </ul>`
            : ''
        }
      </fieldset>
    `;
  }

  #renderImage(image: ImageRef, index: number) {
    const position = `第 ${index + 1} 张图片`;
    return html`<li>
      <img src=${image.url} alt=${image.alt || position} />
      <label class="field">
        <span>${position}说明文字</span>
        <input
          type="text"
          .value=${image.alt}
          @input=${(event: Event) => {
            const alt = (event.target as HTMLInputElement).value;
            this.images = this.images.map((old, at) => (at === index ? { ...old, alt } : old));
          }}
        />
      </label>
      <button
        type="button"
        class="danger"
        aria-label="删除${position}"
        @click=${() => (this.images = this.images.filter((_, at) => at !== index))}
      >
        删除
      </button>
    </li>`;
  }

  #renderDates() {
    return html`
      <fieldset>
        <legend>日期</legend>
        <label class="field">
          <span>信息形成或变更日期（可不填）</span>
          <input
            type="date"
            name="formedOn"
            .value=${this.formedOn}
            @change=${(event: Event) => (this.formedOn = (event.target as HTMLInputElement).value)}
          />
          <span class="hint">用于计算公开时限，例如“自信息形成或者变更之日起20个工作日内”。</span>
        </label>
        <div class="row">
          <label class="field">
            <span>公示期开始（北京时间，可不填）</span>
            <input
              type="datetime-local"
              name="displayFrom"
              .value=${this.displayFrom}
              @change=${(event: Event) =>
                (this.displayFrom = (event.target as HTMLInputElement).value)}
            />
          </label>
          <label class="field">
            <span>公示期结束（北京时间，可不填）</span>
            <input
              type="datetime-local"
              name="displayUntil"
              .value=${this.displayUntil}
              @change=${(event: Event) =>
                (this.displayUntil = (event.target as HTMLInputElement).value)}
            />
          </label>
        </div>
        <p class="hint">
          屏幕只在公示期内显示这条信息；时间一律按北京时间填写，与本电脑所在时区无关。
        </p>
      </fieldset>
    `;
  }

  #renderChecklist() {
    const item = this.#item;
    if (!item) {
      return html`<p class="hint">选择目录事项后，这里列出该事项应公开的内容，便于逐项对照。</p>`;
    }

    const done = item.elements.filter((element) => this.ticked.has(element)).length;
    return html`
      <fieldset class="checklist-box">
        <legend>应公开的内容（${done}/${item.elements.length} 已写）</legend>
        <p class="hint">${item.timeLimit.text}。勾选只用于自己对照，不会保存。</p>
        <ul class="checklist">
          ${item.elements.map(
            (element) =>
              html`<li>
                <label>
                  <input
                    type="checkbox"
                    .checked=${this.ticked.has(element)}
                    @change=${(event: Event) => this.#tick(element, event)}
                  />
                  <span>${element}</span>
                </label>
              </li>`,
          )}
        </ul>
      </fieldset>
    `;
  }

  #tick(element: string, event: Event) {
    const next = new Set(this.ticked);
    if ((event.target as HTMLInputElement).checked) next.add(element);
    else next.delete(element);
    this.ticked = next;
  }

  /** The slide as the kiosk would get it, built from the form as it stands. */
  #previewContent(): SlideContent | null {
    const body = cleanBody(this.blocks);
    if (!this.titleText.trim() && body.length === 0) return null;

    const item = this.#item;
    const latest = this.disclosure?.latest;
    return {
      disclosureId: this.disclosure?.id ?? 0,
      versionId: latest?.id ?? 0,
      version: latest?.version ?? 1,
      title: this.titleText.trim(),
      label: item ? `${item.category} · ${item.matterSecond}` : '',
      catalogItem: this.catalogItem ?? 0,
      body,
      images: this.images,
      contentHash: 'preview',
      sample: false,
    };
  }

  async #onFile(event: Event) {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;

    this.uploading = true;
    this.imageNotice = null;
    try {
      const image = await uploadImage(file);
      const alt = file.name.replace(/\.[^.]+$/, '');
      this.images = [...this.images, { url: image.url, alt }];
      this.imageNotice = { kind: 'ok', text: `已上传“${file.name}”。` };
    } catch (error) {
      this.imageNotice = { kind: 'error', text: describeError(`上传“${file.name}”`, error) };
    } finally {
      this.uploading = false;
      input.value = '';
    }
  }

  #onCancel() {
    this.dispatchEvent(new CustomEvent('form-cancel', { bubbles: true, composed: true }));
  }

  #onSubmit(event: SubmitEvent) {
    event.preventDefault();
    void this.#save(false);
  }

  /** Check the form and build the request, or return the first problem in Chinese. */
  #buildInput(): { input: DisclosureInput; body: Block[] } | string {
    if (!this.disclosure && this.catalogItem === null) return '请选择目录事项。';
    const title = this.titleText.trim();
    if (!title) return '请填写标题。';
    const body = cleanBody(this.blocks);
    if (body.length === 0) return '请填写正文。';

    const displayFrom = this.displayFrom ? shanghaiLocalToIso(this.displayFrom) : null;
    if (this.displayFrom && !displayFrom) return `公示期开始时间“${this.displayFrom}”无效。`;
    const displayUntil = this.displayUntil ? shanghaiLocalToIso(this.displayUntil) : null;
    if (this.displayUntil && !displayUntil) return `公示期结束时间“${this.displayUntil}”无效。`;
    if (displayFrom && displayUntil && Date.parse(displayFrom) >= Date.parse(displayUntil)) {
      return '公示期结束时间必须晚于开始时间。';
    }

    const input: DisclosureInput = { title, body, images: this.images };
    if (this.formedOn) input.formedOn = this.formedOn;
    else if (this.disclosure?.latest.formedOn) input.formedOn = null;
    const window = this.disclosure ? displayWindowOf(this.disclosure.latest) : undefined;
    if (displayFrom) input.displayFrom = displayFrom;
    else if (window?.from) input.displayFrom = null;
    if (displayUntil) input.displayUntil = displayUntil;
    else if (window?.until) input.displayUntil = null;
    return { input, body };
  }

  async #save(submit: boolean) {
    const built = this.#buildInput();
    if (typeof built === 'string') {
      this.notice = { kind: 'error', text: built };
      return;
    }

    this.busy = true;
    this.notice = null;
    let saved: Disclosure | undefined;
    try {
      const existing = this.disclosure;
      saved = existing
        ? await updateDisclosure(existing.id, built.input)
        : await createDisclosure({ ...built.input, catalogItem: this.catalogItem! });
      if (submit) saved = await disclosureAction(saved.id, 'submit');
      this.#emitSaved({ disclosure: saved, created: !existing, submitted: submit });
    } catch (error) {
      const action = saved ? '已保存草稿，但提交审核' : '保存';
      this.notice = { kind: 'error', text: describeError(action, error) };
      if (saved) this.disclosure = saved;
    } finally {
      this.busy = false;
    }
  }

  #emitSaved(detail: DisclosureSavedDetail) {
    this.dispatchEvent(
      new CustomEvent<DisclosureSavedDetail>('disclosure-saved', {
        detail,
        bubbles: true,
        composed: true,
      }),
    );
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
