/**
 * 设置 (admin): office hours, contact and address (shown on screens with nothing scheduled),
 * whether a reviewer must be someone other than the author, the public address that QR codes
 * point to, and the ledger's 及时公开 policy.
 */
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getSettings, saveSettings } from './api.ts';
import type { Catalog, Settings } from './api-types.ts';
import { describeError } from './error-text.ts';
import './ledger-policy-form.ts';
import { renderNotice, type Notice } from './notice.ts';
import { baseStyles } from './styles.ts';

@customElement('gk-settings-view')
export class SettingsView extends LitElement {
  static override styles = [baseStyles];

  @property({ attribute: false }) catalog: Catalog | undefined;

  @state() private settings: Settings | undefined;
  @state() private notice: Notice | null = null;
  @state() private busy = false;

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      this.settings = await getSettings();
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取设置', error) };
    }
  }

  override render() {
    const settings = this.settings;
    return html`
      <h2>设置</h2>
      ${renderNotice(this.notice)}
      ${
        settings
          ? html`<form class="panel" @submit=${this.#onSubmit} novalidate>
              <p class="hint">办公时间、联系方式和地址在屏幕没有排期内容时显示。</p>
              <label class="field">
                <span>办公时间</span>
                <input name="officeHours" .value=${settings.officeHours} />
              </label>
              <label class="field">
                <span>联系方式</span>
                <input name="contact" .value=${settings.contact} />
              </label>
              <label class="field">
                <span>地址</span>
                <input name="address" .value=${settings.address} />
              </label>
              <label>
                <input
                  type="checkbox"
                  name="requireDifferentApprover"
                  .checked=${settings.requireDifferentApprover}
                />
                审核人须与作者不同（开启后，作者不能通过自己写的内容）
              </label>
              <label class="field">
                <span>公开网址</span>
                <input
                  name="publicUrl"
                  type="url"
                  inputmode="url"
                  placeholder="https://gongkai.example.org"
                  aria-describedby="public-url-hint"
                  .value=${settings.publicUrl ?? ''}
                />
              </label>
              <p class="hint" id="public-url-hint">
                居民扫屏幕上的二维码打开的网站地址（末尾不加斜杠）；留空则屏幕不显示二维码。
              </p>
              <div class="row">
                <button class="primary" type="submit" ?disabled=${this.busy}>保存设置</button>
              </div>
            </form>`
          : this.notice
            ? ''
            : html`<p>正在读取……</p>`
      }
      <gk-ledger-policy-form .catalog=${this.catalog}></gk-ledger-policy-form>
    `;
  }

  async #onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const change: Settings = {
      officeHours: String(data.get('officeHours') ?? '').trim(),
      contact: String(data.get('contact') ?? '').trim(),
      address: String(data.get('address') ?? '').trim(),
      requireDifferentApprover: data.get('requireDifferentApprover') !== null,
      publicUrl: String(data.get('publicUrl') ?? '').trim(),
    };

    this.busy = true;
    try {
      this.settings = await saveSettings(change);
      this.notice = { kind: 'ok', text: '已保存设置，屏幕几秒内更新。' };
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('保存设置', error) };
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-settings-view': SettingsView;
  }
}
