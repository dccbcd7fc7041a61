/**
 * The schedule of one screen or one group: ordered entries, each showing a disclosure, every
 * current disclosure of a catalog item, or of a whole category, for some seconds, within an
 * optional window and dayparts, at a priority. Saving replaces the whole schedule with PUT.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { getPlaylist, listDisclosures, savePlaylist, type ScheduleOwner } from './api.ts';
import type { Catalog, Daypart, Disclosure } from './api-types.ts';
import { groupByCategory, itemLabel, itemLabelByNumber } from './catalog-labels.ts';
import { STATUS_LABELS } from './disclosure-labels.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import {
  MAX_PRIORITY,
  MAX_SECONDS,
  MIN_PRIORITY,
  WEEKDAYS,
  crossesMidnight,
  entriesFromRows,
  moveRow,
  newDaypart,
  newRow,
  rowFromEntry,
  type PlaylistRow,
  type TargetKind,
} from './playlist-rows.ts';
import { baseStyles } from './styles.ts';

const TARGET_LABELS: Record<TargetKind, string> = {
  disclosure: '一条公开信息',
  item: '目录事项下所有已发布信息',
  category: '类别下所有已发布信息',
};

const value = (event: Event) => (event.target as HTMLInputElement).value;

@customElement('gk-playlist-editor')
export class PlaylistEditor extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .entry {
        border: 1px solid #d0d7de;
        border-left: 4px solid #0b3d91;
        border-radius: 6px;
        padding: 0.5rem 0.75rem;
        margin-bottom: 0.75rem;
      }

      .entry-head {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        gap: 0.4rem;
        align-items: center;
      }

      .entry .field {
        margin-bottom: 0.4rem;
      }

      select {
        max-width: 100%;
      }

      input[type='number'] {
        width: 6rem;
      }

      .daypart {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 0.8rem;
        align-items: center;
        padding: 0.3rem 0;
        border-top: 1px dashed #d0d7de;
      }

      .weekdays label {
        margin-right: 0.4rem;
        white-space: nowrap;
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

  @property({ attribute: false }) owner!: ScheduleOwner;
  /** Name of the screen or group, for headings. */
  @property() ownerName = '';
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
        getPlaylist(this.owner),
        listDisclosures(),
      ]);
      this.disclosures = disclosures;
      this.rows = entries.map(rowFromEntry);
      this.dirty = false;
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取排期', error) };
    }
  }

  override render() {
    const rows = this.rows;
    const whose = this.owner.kind === 'groups' ? '分组' : '屏幕';
    return html`
      <section class="panel" aria-label="${whose}「${this.ownerName}」的排期">
        <h3>${whose}「${this.ownerName}」的排期</h3>
        <p class="hint">
          屏幕按顺序轮流显示下列内容（屏幕自己的排期在前，所在分组的排期在后）。时间一律按北京时间。同一时刻有多项时，优先级高的先显示。
        </p>
        ${renderNotice(this.notice)}
        ${
          rows
            ? html`${rows.length === 0 ? html`<p>排期为空。</p>` : ''}
                ${repeat(
                  rows,
                  (row) => row.key,
                  (row, index) => this.#renderRow(row, index, rows.length),
                )}
                <div class="row">
                  <button ?disabled=${this.busy} @click=${this.#addRow}>添加一项</button>
                  <button class="primary" ?disabled=${this.busy} @click=${this.#save}>
                    保存排期
                  </button>
                  ${this.dirty ? html`<span class="dirty" role="status">有未保存的修改</span>` : ''}
                </div>`
            : this.notice
              ? ''
              : html`<p>正在读取……</p>`
        }
      </section>
    `;
  }

  #renderRow(row: PlaylistRow, index: number, count: number) {
    const name = `第 ${index + 1} 项`;
    const update = (change: Partial<PlaylistRow>) => this.#updateRow(row.key, change);
    return html`
      <div class="entry" role="group" aria-label=${name}>
        <div class="entry-head">
          <strong>${name}</strong>
          <span class="row">
            <button
              aria-label="${name}上移"
              ?disabled=${index === 0}
              @click=${() => this.#move(index, -1)}
            >
              上移
            </button>
            <button
              aria-label="${name}下移"
              ?disabled=${index === count - 1}
              @click=${() => this.#move(index, 1)}
            >
              下移
            </button>
            <button class="danger" aria-label="删除${name}" @click=${() => this.#remove(row.key)}>
              删除
            </button>
          </span>
        </div>
        <div class="row">
          <label class="field">
            <span>显示内容</span>
            <select @change=${(event: Event) => update({ kind: value(event) as TargetKind })}>
              ${Object.entries(TARGET_LABELS).map(
                ([kind, label]) =>
                  html`<option value=${kind} ?selected=${row.kind === kind}>${label}</option>`,
              )}
            </select>
          </label>
          ${this.#renderTarget(row, update)}
        </div>
        <div class="row">
          <label class="field">
            <span>每次显示秒数</span>
            <input
              type="number"
              min="1"
              max=${MAX_SECONDS}
              inputmode="numeric"
              .value=${row.seconds}
              @input=${(event: Event) => update({ seconds: value(event) })}
            />
          </label>
          <label class="field">
            <span>优先级（${MIN_PRIORITY}～${MAX_PRIORITY}）</span>
            <input
              type="number"
              min=${MIN_PRIORITY}
              max=${MAX_PRIORITY}
              .value=${row.priority}
              @input=${(event: Event) => update({ priority: value(event) })}
            />
          </label>
          <label class="field">
            <span>开始（北京时间，可不填）</span>
            <input
              type="datetime-local"
              .value=${row.from}
              @change=${(event: Event) => update({ from: value(event) })}
            />
          </label>
          <label class="field">
            <span>结束（北京时间，可不填）</span>
            <input
              type="datetime-local"
              .value=${row.until}
              @change=${(event: Event) => update({ until: value(event) })}
            />
          </label>
        </div>
        ${this.#renderDayparts(row, name, update)}
      </div>
    `;
  }

  #renderTarget(row: PlaylistRow, update: (change: Partial<PlaylistRow>) => void) {
    const catalog = this.catalog;
    switch (row.kind) {
      case 'disclosure': {
        const choices = this.disclosures.filter(
          (item) => item.status === 'published' || item.id === row.disclosureId,
        );
        const chosen = this.disclosures.find((item) => item.id === row.disclosureId);
        return html`<label class="field">
          <span>公开信息（只能选已发布的）</span>
          <select
            @change=${(event: Event) =>
              update({ disclosureId: value(event) ? Number(value(event)) : null })}
          >
            <option value="" ?selected=${row.disclosureId === null}>请选择……</option>
            ${choices.map(
              (item) =>
                html`<option value=${item.id} ?selected=${item.id === row.disclosureId}>
                  ${itemLabelByNumber(catalog, item.catalogItem)} ·
                  ${item.latest.title}${
                    item.status === 'published' ? '' : `（${STATUS_LABELS[item.status]}，不会显示）`
                  }
                </option>`,
            )}
          </select>
          ${
            chosen && chosen.status !== 'published'
              ? html`<span class="hint warn-text">这条信息未发布，屏幕不会显示这一项。</span>`
              : ''
          }
        </label>`;
      }
      case 'item':
        return html`<label class="field">
          <span>目录事项</span>
          <select
            @change=${(event: Event) =>
              update({ catalogItem: value(event) ? Number(value(event)) : null })}
          >
            <option value="" ?selected=${row.catalogItem === null}>请选择……</option>
            ${[...groupByCategory(catalog?.items ?? [])].map(
              ([category, items]) =>
                html`<optgroup label=${category}>
                  ${items.map(
                    (item) =>
                      html`<option
                        value=${item.number}
                        ?selected=${item.number === row.catalogItem}
                      >
                        ${itemLabel(item)}
                      </option>`,
                  )}
                </optgroup>`,
            )}
          </select>
        </label>`;
      case 'category':
        return html`<label class="field">
          <span>类别</span>
          <select @change=${(event: Event) => update({ category: value(event) })}>
            <option value="" ?selected=${!row.category}>请选择……</option>
            ${[...groupByCategory(catalog?.items ?? []).keys()].map(
              (category) =>
                html`<option value=${category} ?selected=${category === row.category}>
                  ${category}
                </option>`,
            )}
          </select>
        </label>`;
    }
  }

  #renderDayparts(row: PlaylistRow, name: string, update: (change: Partial<PlaylistRow>) => void) {
    const setPart = (index: number, change: Partial<Daypart>) =>
      update({
        dayparts: row.dayparts.map((part, at) => (at === index ? { ...part, ...change } : part)),
      });
    return html`
      <fieldset>
        <legend>${name}的时段（不设则全天显示）</legend>
        ${row.dayparts.map((part, index) => {
          const partName = `${name}第 ${index + 1} 个时段`;
          return html`<div class="daypart" role="group" aria-label=${partName}>
            <span class="weekdays">
              ${WEEKDAYS.map(
                ([day, label]) =>
                  html`<label>
                    <input
                      type="checkbox"
                      .checked=${part.weekdays.includes(day)}
                      @change=${(event: Event) => {
                        const on = (event.target as HTMLInputElement).checked;
                        const weekdays = on
                          ? [...part.weekdays, day].sort()
                          : part.weekdays.filter((other) => other !== day);
                        setPart(index, { weekdays });
                      }}
                    />星期${label}
                  </label>`,
              )}
            </span>
            <label>
              从
              <input
                type="time"
                .value=${part.start}
                @change=${(event: Event) => setPart(index, { start: value(event) })}
              />
            </label>
            <label>
              到
              <input
                type="time"
                .value=${part.end}
                @change=${(event: Event) => setPart(index, { end: value(event) })}
              />
            </label>
            ${
              crossesMidnight(part)
                ? html`<span class="hint warn-text"
                    >结束不晚于开始：跨过午夜，到次日 ${part.end} 结束。</span
                  >`
                : ''
            }
            <button
              class="danger"
              aria-label="删除${partName}"
              @click=${() => update({ dayparts: row.dayparts.filter((_, at) => at !== index) })}
            >
              删除时段
            </button>
          </div>`;
        })}
        <button @click=${() => update({ dayparts: [...row.dayparts, newDaypart()] })}>
          添加时段
        </button>
        <p class="hint">
          结束时间早于或等于开始时间，表示跨过午夜：例如 22:00 到 06:00，从当天晚上显示到次日早上。
        </p>
      </fieldset>
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

    // Keep keyboard focus on the same button of the moved entry so that it can move again.
    await this.updateComplete;
    const target = this.renderRoot.querySelectorAll('.entry')[index + offset];
    const [up, down] = target?.querySelectorAll<HTMLButtonElement>('.entry-head button') ?? [];
    const same = offset < 0 ? up : down;
    (same && !same.disabled ? same : offset < 0 ? down : up)?.focus();
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
      const entries = await savePlaylist(this.owner, result.entries);
      this.rows = entries.map(rowFromEntry);
      this.dirty = false;
      this.notice = { kind: 'ok', text: `已保存排期，共 ${entries.length} 项。` };
      this.dispatchEvent(new CustomEvent('playlist-saved', { bubbles: true, composed: true }));
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('保存排期', error) };
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
