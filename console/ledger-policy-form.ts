/**
 * `<gk-ledger-policy-form>` (admin, in 设置): how many working days 及时公开 allows in the ledger,
 * committee-wide and per catalog item whose time limit is 及时公开. An empty item field means the
 * item follows the committee-wide number.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getLedgerPolicy, saveLedgerPolicy } from './api.ts';
import type { Catalog, CatalogItem, LedgerPolicy } from './api-types.ts';
import { itemLabel } from './catalog-labels.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { baseStyles } from './styles.ts';

/** The server accepts 0 to 60 working days. */
const MAX_DAYS = 60;

function isPromptly(item: CatalogItem): boolean {
  return item.timeLimit.kind === 'promptly';
}

function parseDays(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;

  const days = Number(text);
  return days <= MAX_DAYS ? days : null;
}

@customElement('gk-ledger-policy-form')
export class LedgerPolicyForm extends LitElement {
  static override styles = [baseStyles];

  @property({ attribute: false }) catalog: Catalog | undefined;

  @state() private policy: LedgerPolicy | undefined;
  @state() private notice: Notice | null = null;
  @state() private busy = false;

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      this.policy = await getLedgerPolicy();
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取及时公开规则', error) };
    }
  }

  override render() {
    const policy = this.policy;
    if (!policy) return html`${renderNotice(this.notice)}`;

    const items = (this.catalog?.items ?? []).filter(isPromptly);
    return html`
      <form class="panel" @submit=${this.#onSubmit} novalidate aria-labelledby="policy-heading">
        <h3 id="policy-heading">及时公开的期限（台账）</h3>
        <p class="hint">
          公开时限为「及时公开」的事项，台账按以下工作日数计算截止日期（从信息形成次日起算）。
        </p>
        <label class="field">
          <span>默认工作日数（0–${MAX_DAYS}）</span>
          <input
            name="promptlyDays"
            type="number"
            min="0"
            max=${MAX_DAYS}
            required
            .value=${String(policy.promptlyDays)}
          />
        </label>
        ${
          items.length === 0
            ? nothing
            : html`<fieldset>
                <legend>按事项设定（留空表示使用默认值）</legend>
                ${items.map(
                  (item) =>
                    html`<label class="field">
                      <span>${itemLabel(item)}</span>
                      <input
                        name="item-${item.number}"
                        type="number"
                        min="0"
                        max=${MAX_DAYS}
                        .value=${String(policy.promptlyOverrides[String(item.number)] ?? '')}
                      />
                    </label>`,
                )}
              </fieldset>`
        }
        ${renderNotice(this.notice)}
        <div class="row">
          <button class="primary" type="submit" ?disabled=${this.busy}>保存期限</button>
        </div>
      </form>
    `;
  }

  async #onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const promptlyDays = parseDays(text('promptlyDays'));
    if (promptlyDays === null) {
      this.notice = { kind: 'error', text: `默认工作日数须为 0 到 ${MAX_DAYS} 的整数。` };
      return;
    }

    const promptlyOverrides: Record<string, number | null> = {};
    for (const item of (this.catalog?.items ?? []).filter(isPromptly)) {
      const value = text(`item-${item.number}`);
      const days = value === '' ? null : parseDays(value);
      if (value !== '' && days === null) {
        const message = `「${itemLabel(item)}」的工作日数须为 0 到 ${MAX_DAYS} 的整数，或留空。`;
        this.notice = { kind: 'error', text: message };
        return;
      }
      promptlyOverrides[String(item.number)] = days;
    }

    this.busy = true;
    try {
      this.policy = await saveLedgerPolicy({ promptlyDays, promptlyOverrides });
      this.notice = { kind: 'ok', text: '已保存及时公开的期限，台账按新期限计算。' };
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('保存及时公开的期限', error) };
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-ledger-policy-form': LedgerPolicyForm;
  }
}
