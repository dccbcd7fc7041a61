/**
 * `<gk-block-editor>`: edits a disclosure body as a list of blocks (段落, 小标题, 列表, 表格), each
 * with its own inputs and buttons to move or remove it. Text is always bound as text, never HTML.
 * Fires `blocks-change` with the new `EditorBlock[]` after every edit.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Block, Span } from '../shared/content.ts';
import {
  BLOCK_LABELS,
  emptyBlock,
  keyed,
  moved,
  type BlockType,
  type EditorBlock,
} from './block-model.ts';
import { baseStyles } from './styles.ts';

type ListBlock = Extract<Block, { type: 'list' }>;
type TableBlock = Extract<Block, { type: 'table' }>;
type ParagraphBlock = Extract<Block, { type: 'paragraph' }>;

const inputValue = (event: Event) => (event.target as HTMLInputElement).value;

@customElement('gk-block-editor')
export class BlockEditor extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .block {
        border: 1px solid #d0d7de;
        border-left: 4px solid #0b57d0;
        border-radius: 6px;
        padding: 0.5rem 0.75rem;
        margin-bottom: 0.75rem;
      }

      .block-head {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
        justify-content: space-between;
        margin-bottom: 0.4rem;
      }

      .block-head strong {
        font-size: 0.95rem;
      }

      .span-row,
      .item-row {
        display: flex;
        gap: 0.4rem;
        align-items: flex-start;
        margin-bottom: 0.4rem;
      }

      .span-row textarea {
        min-height: 4rem;
        flex: 1;
      }

      .span-row textarea.strong {
        font-weight: 700;
      }

      .item-row input {
        flex: 1;
        min-width: 0;
      }

      .table-wrap {
        /* Positioned, so that hidden labels inside scroll with the table, not the page. */
        position: relative;
        overflow-x: auto;
        margin-bottom: 0.4rem;
      }

      .table-wrap table {
        width: auto;
        min-width: 100%;
      }

      .table-wrap td,
      .table-wrap th {
        padding: 0.2rem;
        border: 1px solid #d0d7de;
        background: #ffffff;
      }

      .table-wrap input {
        width: 9rem;
      }

      .table-wrap th input {
        font-weight: 700;
      }

      .add-bar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
      }

      label.inline {
        display: inline-flex;
        gap: 0.25rem;
        align-items: center;
        white-space: nowrap;
      }

      button.small {
        min-height: 2rem;
        padding: 0.1rem 0.5rem;
        font-size: 0.9rem;
      }
    `,
  ];

  @property({ attribute: false }) blocks: EditorBlock[] = [];

  override render() {
    const count = this.blocks.length;
    return html`
      ${count === 0 ? html`<p class="hint">正文还是空的。用下面的按钮添加段落、列表或表格。</p>` : ''}
      ${repeat(
        this.blocks,
        (entry) => entry.key,
        (entry, index) => this.#renderBlock(entry, index, count),
      )}
      <div class="add-bar" role="group" aria-label="添加内容块">
        <button type="button" @click=${() => this.#add('paragraph')}>＋ 段落</button>
        <button type="button" @click=${() => this.#add('heading')}>＋ 小标题</button>
        <button type="button" @click=${() => this.#add('list')}>＋ 项目符号列表</button>
        <button type="button" @click=${() => this.#add('ordered-list')}>＋ 编号列表</button>
        <button type="button" @click=${() => this.#add('table')}>＋ 表格</button>
      </div>
    `;
  }

  #renderBlock(entry: EditorBlock, index: number, count: number) {
    const name = `第 ${index + 1} 块（${BLOCK_LABELS[entry.block.type]}）`;
    return html`
      <section class="block" aria-label=${name} data-type=${entry.block.type}>
        <div class="block-head">
          <strong>${name}</strong>
          <span class="row">
            <button
              type="button"
              class="small"
              aria-label="${name}上移"
              ?disabled=${index === 0}
              @click=${() => this.#move(index, -1)}
            >
              上移
            </button>
            <button
              type="button"
              class="small"
              aria-label="${name}下移"
              ?disabled=${index === count - 1}
              @click=${() => this.#move(index, 1)}
            >
              下移
            </button>
            <button
              type="button"
              class="small danger"
              aria-label="删除${name}"
              @click=${() => this.#remove(entry.key)}
            >
              删除
            </button>
          </span>
        </div>
        ${this.#renderInputs(entry, name)}
      </section>
    `;
  }

  #renderInputs(entry: EditorBlock, name: string) {
    const block = entry.block;
    const set = (next: Block) => this.#replace(entry.key, next);
    switch (block.type) {
      case 'heading':
        return html`<label class="field">
          <span class="visually-hidden">${name}文字</span>
          <input
            type="text"
            .value=${block.text}
            @input=${(event: Event) => set({ type: 'heading', text: inputValue(event) })}
          />
        </label>`;
      case 'paragraph':
        return this.#renderParagraph(entry.key, block, name, set);
      case 'list':
        return this.#renderList(entry.key, block, name, set);
      case 'table':
        return this.#renderTable(entry.key, block, name, set);
    }
  }

  #renderParagraph(uid: number, block: ParagraphBlock, name: string, set: (next: Block) => void) {
    const setSpans = (spans: Span[]) => set({ type: 'paragraph', spans });
    const single = block.spans.length === 1;
    return html`
      ${block.spans.map((span, index) => {
        const part = single ? `${name}文字` : `${name}第 ${index + 1} 段文字`;
        const update = (change: Partial<Span>) =>
          setSpans(block.spans.map((item, at) => (at === index ? { ...item, ...change } : item)));
        return html`<div class="span-row">
          <label class="visually-hidden" for="s-${uid}-${index}">${part}</label>
          <textarea
            id="s-${uid}-${index}"
            class=${span.strong ? 'strong' : ''}
            .value=${span.text}
            @input=${(event: Event) => update({ text: inputValue(event) })}
          ></textarea>
          <label class="inline">
            <input
              type="checkbox"
              .checked=${span.strong === true}
              @change=${(event: Event) => {
                const strong = (event.target as HTMLInputElement).checked;
                update(strong ? { strong: true } : { strong: false });
              }}
            />
            加粗<span class="visually-hidden">${part}</span>
          </label>
          ${
            single
              ? ''
              : html`<button
                  type="button"
                  class="small danger"
                  aria-label="删除${part}"
                  @click=${() => setSpans(block.spans.filter((_, at) => at !== index))}
                >
                  删除
                </button>`
          }
        </div>`;
      })}
      <button
        type="button"
        class="small"
        @click=${() => setSpans([...block.spans, { text: '', strong: true }])}
      >
        ＋ 本段接着加一段文字（可加粗）
      </button>
      <p class="hint">勾选“加粗”的文字在屏幕上以粗体强调。</p>
    `;
  }

  #renderList(uid: number, block: ListBlock, name: string, set: (next: Block) => void) {
    const setItems = (items: string[]) => set({ ...block, items });
    return html`
      <label class="inline">
        <input
          type="checkbox"
          .checked=${block.ordered}
          @change=${(event: Event) =>
            set({ ...block, ordered: (event.target as HTMLInputElement).checked })}
        />
        编号（1. 2. 3.），不勾选则为项目符号（·）
      </label>
      ${block.items.map(
        (item, index) =>
          html`<div class="item-row">
            <span aria-hidden="true">${block.ordered ? `${index + 1}.` : '·'}</span>
            <label class="visually-hidden" for="i-${uid}-${index}">${name}第 ${index + 1} 项</label>
            <input
              id="i-${uid}-${index}"
              type="text"
              .value=${item}
              @input=${(event: Event) =>
                setItems(block.items.map((old, at) => (at === index ? inputValue(event) : old)))}
            />
            <button
              type="button"
              class="small danger"
              aria-label="删除${name}第 ${index + 1} 项"
              ?disabled=${block.items.length === 1}
              @click=${() => setItems(block.items.filter((_, at) => at !== index))}
            >
              删除
            </button>
          </div>`,
      )}
      <button type="button" class="small" @click=${() => setItems([...block.items, ''])}>
        ＋ 添加一项
      </button>
    `;
  }

  #renderTable(uid: number, block: TableBlock, name: string, set: (next: Block) => void) {
    const width = block.columns.length;
    const setCell = (row: number, column: number, value: string) =>
      set({
        ...block,
        rows: block.rows.map((cells, at) =>
          at === row ? cells.map((cell, col) => (col === column ? value : cell)) : cells,
        ),
      });
    const setColumn = (column: number, value: string) =>
      set({ ...block, columns: block.columns.map((old, at) => (at === column ? value : old)) });
    const addColumn = () =>
      set({
        ...block,
        columns: [...block.columns, `第 ${width + 1} 列`],
        rows: block.rows.map((cells) => [...cells, '']),
      });
    const removeColumn = (column: number) =>
      set({
        ...block,
        columns: block.columns.filter((_, at) => at !== column),
        rows: block.rows.map((cells) => cells.filter((_, at) => at !== column)),
      });
    const addRow = () => set({ ...block, rows: [...block.rows, block.columns.map(() => '')] });
    const removeRow = (row: number) =>
      set({ ...block, rows: block.rows.filter((_, at) => at !== row) });

    return html`
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              ${block.columns.map(
                (column, index) =>
                  html`<th scope="col">
                    <label class="visually-hidden" for="c-${uid}-${index}"
                      >${name}第 ${index + 1} 列标题</label
                    >
                    <input
                      id="c-${uid}-${index}"
                      type="text"
                      .value=${column}
                      @input=${(event: Event) => setColumn(index, inputValue(event))}
                    />
                    <button
                      type="button"
                      class="small danger"
                      aria-label="删除${name}第 ${index + 1} 列"
                      ?disabled=${width === 1}
                      @click=${() => removeColumn(index)}
                    >
                      删除列
                    </button>
                  </th>`,
              )}
              <th><span class="visually-hidden">操作</span></th>
            </tr>
          </thead>
          <tbody>
            ${block.rows.map(
              (cells, row) =>
                html`<tr>
                  ${cells.map(
                    (cell, column) =>
                      html`<td>
                        <label class="visually-hidden" for="t-${uid}-${row}-${column}"
                          >${name}第 ${row + 1}
                          行，${block.columns[column] ?? `第 ${column + 1} 列`}</label
                        >
                        <input
                          id="t-${uid}-${row}-${column}"
                          type="text"
                          .value=${cell}
                          @input=${(event: Event) => setCell(row, column, inputValue(event))}
                        />
                      </td>`,
                  )}
                  <td>
                    <button
                      type="button"
                      class="small danger"
                      aria-label="删除${name}第 ${row + 1} 行"
                      @click=${() => removeRow(row)}
                    >
                      删除行
                    </button>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div class="row">
        <button type="button" class="small" @click=${addRow}>＋ 添加一行</button>
        <button type="button" class="small" @click=${addColumn}>＋ 添加一列</button>
      </div>
      <label class="row">
        <input
          type="checkbox"
          .checked=${block.personal === true}
          @change=${(event: Event) =>
            set({ ...block, personal: (event.target as HTMLInputElement).checked })}
        />
        人员名单：公开时“姓名”等列自动打码（刘小兵 → 刘*兵），并拒绝身份证号、电话和银行账号
      </label>
      <p class="hint">名单只写公示需要的内容，不写身份证号、电话或银行账号。</p>
    `;
  }

  #emit(blocks: EditorBlock[]) {
    this.blocks = blocks;
    this.dispatchEvent(
      new CustomEvent<EditorBlock[]>('blocks-change', {
        detail: blocks,
        bubbles: true,
        composed: true,
      }),
    );
  }

  #replace(key: number, block: Block) {
    this.#emit(this.blocks.map((entry) => (entry.key === key ? { key, block } : entry)));
  }

  async #add(type: BlockType) {
    this.#emit([...this.blocks, keyed(emptyBlock(type))]);
    await this.updateComplete;
    const sections = this.renderRoot.querySelectorAll('section.block');
    sections[sections.length - 1]?.querySelector<HTMLElement>('input, textarea')?.focus();
  }

  async #move(index: number, offset: number) {
    this.#emit(moved(this.blocks, index, offset));

    // Keep focus on the moved block's same button so that it can move again.
    await this.updateComplete;
    const section = this.renderRoot.querySelectorAll('section.block')[index + offset];
    const [up, down] = section?.querySelectorAll<HTMLButtonElement>('.block-head button') ?? [];
    const same = offset < 0 ? up : down;
    (same && !same.disabled ? same : offset < 0 ? down : up)?.focus();
  }

  #remove(key: number) {
    this.#emit(this.blocks.filter((entry) => entry.key !== key));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-block-editor': BlockEditor;
  }
  interface HTMLElementEventMap {
    'blocks-change': CustomEvent<EditorBlock[]>;
  }
}
