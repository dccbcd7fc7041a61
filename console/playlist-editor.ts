/**
 * The playlist of one screen: ordered rows of published disclosures, each with seconds on screen
 * and an optional start and end in Shanghai time. Saving replaces the whole playlist with PUT.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { getPlaylist, listDisclosures, savePlaylist } from './api.ts';
import type { Catalog, Disclosure, Screen } from './api-types.ts';
import { itemLabelByNumber } from './catalog-labels.ts';
import { STATUS_LABELS } from './disclosure-labels.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import {
  MAX_SECONDS,
  entriesFromRows,
  moveRow,
  newRow,
  rowFromEntry,
  type PlaylistRow,
} from './playlist-rows.ts';
import { baseStyles } from './styles.ts';

@customElement('gk-playlist-editor')
export class PlaylistEditor extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .visually-hidden {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }

      td select {
        width: 100%;
        min-width: 14rem;
      }

      @media (max-width: 720px) {
        td select {
          min-width: 0;
        }
      }

      td input[type='number'] {
        width: 6rem;
      }

      .warn-text {
        color: #8c1d18;
      }

      .dirty {
        color: #7a4b00;
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) screen!: Screen;
  @property({ attribute: false }) catalog: Catalog | undefined;

  @state() private rows: PlaylistRow[] | undefined;
  @state() private disclosures: Disclosure[] = [];
  @state() private notice: Notice | null = null;
  @state() private busy = false;
  @state() private dirty = false;

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      const [entries, disclosures] = await Promise.all([
        getPlaylist(this.screen.id),
        listDisclosures(),
      ]);
      this.disclosures = disclosures;
      this.rows = entries.map(rowFromEntry);
      this.dirty = false;
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取播放列表', error) };
    }
  }

  override render() {
    return html`
      <section class="panel" aria-label="${this.screen.name} 的播放列表">
        <h3>播放列表：${this.screen.name}</h3>
        <p class="hint">
          屏幕按顺序轮流显示下列内容。只有“已发布”的公开信息可以加入。开始、结束时间按北京时间填写，可不填（不填即一直显示）。
        </p>
        ${renderNotice(this.notice)} ${this.#renderRows()}
      </section>
    `;
  }

  #renderRows() {
    const rows = this.rows;
    if (!rows) return this.notice ? '' : html`<p>正在读取……</p>`;

    const published = this.disclosures.filter((item) => item.status === 'published');
    return html`
      ${rows.length === 0 ? html`<p>播放列表为空。</p>` : this.#renderTable(rows)}
      ${
        published.length === 0
          ? html`<p class="notice warn">还没有已发布的公开信息，请先到“公开信息”中发布。</p>`
          : ''
      }
      <div class="row">
        <button ?disabled=${this.busy} @click=${this.#addRow}>添加一行</button>
        <button class="primary" ?disabled=${this.busy} @click=${this.#save}>保存播放列表</button>
        ${this.dirty ? html`<span class="dirty" role="status">有未保存的修改</span>` : ''}
      </div>
    `;
  }

  #renderTable(rows: PlaylistRow[]) {
    return html`
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">顺序</th>
            <th scope="col">公开信息</th>
            <th scope="col">显示秒数</th>
            <th scope="col">开始（北京时间）</th>
            <th scope="col">结束（北京时间）</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          ${repeat(
            rows,
            (row) => row.key,
            (row, index) => this.#renderRow(row, index, rows.length),
          )}
        </tbody>
      </table>
    `;
  }

  #renderRow(row: PlaylistRow, index: number, count: number) {
    const position = `第 ${index + 1} 行`;
    const update = (change: Partial<PlaylistRow>) => this.#updateRow(row.key, change);
    return html`
      <tr>
        <td data-label="顺序">${index + 1}</td>
        <td data-label="公开信息">
          <div>
            <label>
              <span class="visually-hidden">${position} · 公开信息</span>
              <select
                @change=${(event: Event) => {
                  const value = (event.target as HTMLSelectElement).value;
                  update({ disclosureId: value ? Number(value) : null });
                }}
              >
                ${this.#renderOptions(row.disclosureId)}
              </select>
            </label>
            ${this.#renderUnpublishedHint(row.disclosureId)}
            ${
              row.dayparts?.length
                ? html`<div class="hint">此行另有按星期和时段的规则，保存时原样保留。</div>`
                : ''
            }
          </div>
        </td>
        <td data-label="显示秒数">
          <label>
            <span class="visually-hidden">${position} · 显示秒数</span>
            <input
              type="number"
              min="1"
              max=${MAX_SECONDS}
              step="1"
              inputmode="numeric"
              .value=${row.seconds}
              @input=${(event: Event) => update({ seconds: (event.target as HTMLInputElement).value })}
            />
          </label>
        </td>
        <td data-label="开始">
          <label>
            <span class="visually-hidden">${position} · 开始时间（北京时间）</span>
            <input
              type="datetime-local"
              .value=${row.from}
              @change=${(event: Event) => update({ from: (event.target as HTMLInputElement).value })}
            />
          </label>
        </td>
        <td data-label="结束">
          <label>
            <span class="visually-hidden">${position} · 结束时间（北京时间）</span>
            <input
              type="datetime-local"
              .value=${row.until}
              @change=${(event: Event) =>
                update({ until: (event.target as HTMLInputElement).value })}
            />
          </label>
        </td>
        <td data-label="操作" class="actions">
          <button
            aria-label="${position}上移"
            ?disabled=${index === 0}
            @click=${() => this.#move(index, -1)}
          >
            上移
          </button>
          <button
            aria-label="${position}下移"
            ?disabled=${index === count - 1}
            @click=${() => this.#move(index, 1)}
          >
            下移
          </button>
          <button class="danger" aria-label="删除${position}" @click=${() => this.#remove(row.key)}>
            删除
          </button>
        </td>
      </tr>
    `;
  }

  #renderUnpublishedHint(disclosureId: number | null) {
    const chosen = this.disclosures.find((item) => item.id === disclosureId);
    if (!chosen || chosen.status === 'published') return '';

    return html`<div class="hint warn-text">
      ${STATUS_LABELS[chosen.status]}：屏幕不会显示这一行，可删除或改选其他内容。
    </div>`;
  }

  /** Published disclosures, plus the row's current choice when it is no longer published. */
  #renderOptions(selectedId: number | null) {
    const choices = this.disclosures.filter(
      (item) => item.status === 'published' || item.id === selectedId,
    );
    return html`
      <option value="" ?selected=${selectedId === null}>请选择……</option>
      ${choices.map((item) => {
        const label = `${itemLabelByNumber(this.catalog, item.catalogItem)} · ${item.latest.title}`;
        const status =
          item.status === 'published' ? '' : `（${STATUS_LABELS[item.status]}，不会显示）`;
        return html`<option value=${item.id} ?selected=${item.id === selectedId}>
          ${label}${status}
        </option>`;
      })}
    `;
  }

  #setRows(rows: PlaylistRow[]) {
    this.rows = rows;
    this.dirty = true;
    this.notice = null;
  }

  #updateRow(key: number, change: Partial<PlaylistRow>) {
    this.#setRows((this.rows ?? []).map((row) => (row.key === key ? { ...row, ...change } : row)));
  }

  #addRow() {
    this.#setRows([...(this.rows ?? []), newRow()]);
  }

  async #move(index: number, offset: number) {
    this.#setRows(moveRow(this.rows ?? [], index, offset));

    // Keep keyboard focus on the same button of the moved row so that it can move again.
    await this.updateComplete;
    const target = this.renderRoot.querySelectorAll('tbody tr')[index + offset];
    const [up, down] = target?.querySelectorAll<HTMLButtonElement>('td.actions button') ?? [];
    const same = offset < 0 ? up : down;
    const other = offset < 0 ? down : up;
    if (same && !same.disabled) same.focus();
    else other?.focus();
  }

  #remove(key: number) {
    this.#setRows((this.rows ?? []).filter((row) => row.key !== key));
  }

  async #save() {
    const result = entriesFromRows(this.rows ?? []);
    if (!result.ok) {
      this.notice = { kind: 'error', text: `无法保存：${result.error}` };
      return;
    }

    this.busy = true;
    this.notice = null;
    try {
      const entries = await savePlaylist(this.screen.id, result.entries);
      this.rows = entries.map(rowFromEntry);
      this.dirty = false;
      this.notice = { kind: 'ok', text: `已保存播放列表，共 ${entries.length} 项。` };
      this.dispatchEvent(new CustomEvent('playlist-saved', { bubbles: true, composed: true }));
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('保存播放列表', error) };
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-playlist-editor': PlaylistEditor;
  }
  interface HTMLElementEventMap {
    'playlist-saved': CustomEvent<void>;
  }
}
