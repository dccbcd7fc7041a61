/**
 * `<gk-channel-record-form>`: records that a disclosure was published on a channel that is not a
 * screen (公开栏, 微信群…): the Shanghai date, evidence as a link or an uploaded photo, and a note.
 * Fires `channel-recorded` after the server stored it and `record-cancelled` on 取消.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { addChannelRecord, uploadImage } from './api.ts';
import type { ChannelRecordInput } from './api-types.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { baseStyles } from './styles.ts';

const PHOTO_TYPES = 'image/jpeg,image/png,image/webp';

@customElement('gk-channel-record-form')
export class ChannelRecordForm extends LitElement {
  static override styles = [
    baseStyles,
    css`
      form {
        margin: 0.5rem 0;
        padding: 0.75rem;
        border: 1px solid #5f6b7a;
        border-radius: 6px;
        background: #f8f9fa;
      }

      h4 {
        margin: 0 0 0.5rem;
      }

      input[type='url'],
      input[name='note'] {
        width: 100%;
      }
    `,
  ];

  @property({ type: Number }) disclosureId = 0;
  @property() channel = '';
  @property() channelLabel = '';
  @property() disclosureTitle = '';
  /** Shanghai date used as the default 公开日期. */
  @property() today = '';

  @state() private notice: Notice | null = null;
  @state() private busy = false;

  override firstUpdated() {
    this.renderRoot.querySelector<HTMLInputElement>('input[name="publishedOn"]')?.focus();
  }

  override render() {
    return html`
      <form @submit=${this.#onSubmit} @keydown=${this.#onKeydown} aria-labelledby="record-heading">
        <h4 id="record-heading">登记公开：${this.disclosureTitle} · ${this.channelLabel}</h4>
        <label class="field">
          <span>公开日期（北京时间）</span>
          <input type="date" name="publishedOn" required .value=${this.today} />
        </label>
        <label class="field">
          <span>证据链接（如公众号文章地址）</span>
          <input type="url" name="evidenceUrl" placeholder="https://" />
        </label>
        <label class="field">
          <span>或上传照片（公开栏、宣传栏的现场照片）</span>
          <input type="file" name="photo" accept=${PHOTO_TYPES} />
        </label>
        <label class="field">
          <span>备注（可不填）</span>
          <input name="note" maxlength="500" />
        </label>
        ${renderNotice(this.notice)}
        <div class="row">
          <button class="primary" type="submit" ?disabled=${this.busy}>保存登记</button>
          <button type="button" ?disabled=${this.busy} @click=${this.#cancel}>取消</button>
        </div>
      </form>
    `;
  }

  #onKeydown(event: KeyboardEvent) {
    if (event.key === 'Escape') this.#cancel();
  }

  #cancel() {
    this.dispatchEvent(new CustomEvent('record-cancelled', { bubbles: true, composed: true }));
  }

  async #onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const publishedOn = String(data.get('publishedOn') ?? '').trim();
    const evidenceUrl = String(data.get('evidenceUrl') ?? '').trim();
    const photo = data.get('photo');
    const note = String(data.get('note') ?? '').trim();
    const hasPhoto = photo instanceof File && photo.size > 0;
    if (!publishedOn) {
      this.notice = { kind: 'error', text: '请填写公开日期。' };
      return;
    }
    if (!evidenceUrl && !hasPhoto) {
      this.notice = { kind: 'error', text: '请填写证据链接或上传一张照片，二者至少一项。' };
      return;
    }

    this.busy = true;
    this.notice = null;
    try {
      const input: ChannelRecordInput = {
        disclosureId: this.disclosureId,
        channel: this.channel,
        publishedOn,
        note,
      };
      if (evidenceUrl) input.evidenceUrl = evidenceUrl;
      if (hasPhoto) input.evidenceImageId = String((await uploadImage(photo)).id);
      const record = await addChannelRecord(input);
      this.dispatchEvent(
        new CustomEvent('channel-recorded', { detail: record, bubbles: true, composed: true }),
      );
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('登记公开', error) };
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-channel-record-form': ChannelRecordForm;
  }
  interface HTMLElementEventMap {
    'channel-recorded': CustomEvent<import('./api-types.ts').ChannelRecord>;
    'record-cancelled': CustomEvent<void>;
  }
}
