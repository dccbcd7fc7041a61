/**
 * 发布记录: the log of what each screen showed and when, filtered by screen, catalog item,
 * disclosure and Shanghai calendar dates (end day included), 50 rows a page, with a CSV export
 * of the same filters. Dates go to the server as typed, so a wrong date shows its error.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  listDisclosures,
  listPublications,
  listScreens,
  publicationParams,
  type PublicationQuery,
} from './api.ts';
import type { Catalog, Disclosure, Publication, Screen } from './api-types.ts';
import { groupByCategory, itemLabel, itemLabelByNumber } from './catalog-labels.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { formatInstant } from './shanghai-input.ts';
import { baseStyles } from './styles.ts';

const PAGE_SIZE = 50;

type Filters = Pick<PublicationQuery, 'screen' | 'disclosure' | 'item' | 'from' | 'to'>;

@customElement('gk-publications-view')
export class PublicationsView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .pager {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin-top: 0.75rem;
      }

      td.number {
        text-align: right;
      }

      @media (max-width: 720px) {
        td.number {
          text-align: left;
        }
      }
    `,
  ];

  @property({ attribute: false }) catalog: Catalog | undefined;

  @state() private screens: Screen[] = [];
  @state() private disclosures: Disclosure[] = [];
  @state() private publications: Publication[] | undefined;
  @state() private total = 0;
  @state() private offset = 0;
  @state() private filters: Filters = {};
  @state() private notice: Notice | null = null;
  @state() private busy = false;

  override connectedCallback() {
    super.connectedCallback();
    void this.#loadScreens();
    void this.#load();
  }

  async #loadScreens() {
    try {
      [this.screens, this.disclosures] = await Promise.all([listScreens(), listDisclosures()]);
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取屏幕列表', error) };
    }
  }

  async #load() {
    this.busy = true;
    try {
      const page = await listPublications({
        ...this.filters,
        limit: PAGE_SIZE,
        offset: this.offset,
      });
      this.publications = page.publications;
      this.total = page.total;
      this.notice = null;
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取发布记录', error) };
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`
      <h2>发布记录</h2>
      <p class="hint">每次屏幕显示一条公开信息都会记录在这里，可用于存档备查。时间均为北京时间。</p>
      ${this.#renderFilters()} ${renderNotice(this.notice)} ${this.#renderExport()}
      ${this.#renderTable()} ${this.#renderPager()}
    `;
  }

  #renderFilters() {
    return html`
      <form class="panel row" @submit=${this.#onFilter}>
        <label class="field">
          <span>屏幕</span>
          <select name="screen">
            <option value="" ?selected=${this.filters.screen === undefined}>全部屏幕</option>
            ${this.screens.map(
              (screen) =>
                html`<option value=${screen.id} ?selected=${this.filters.screen === screen.id}>
                  ${screen.name}
                </option>`,
            )}
          </select>
        </label>
        <label class="field">
          <span>目录事项</span>
          <select name="item">
            <option value="" ?selected=${this.filters.item === undefined}>全部事项</option>
            ${[...groupByCategory(this.catalog?.items ?? [])].map(
              ([category, items]) =>
                html`<optgroup label=${category}>
                  ${items.map(
                    (item) =>
                      html`<option
                        value=${item.number}
                        ?selected=${this.filters.item === item.number}
                      >
                        ${itemLabel(item)}
                      </option>`,
                  )}
                </optgroup>`,
            )}
          </select>
        </label>
        <label class="field">
          <span>公开信息</span>
          <select name="disclosure">
            <option value="" ?selected=${this.filters.disclosure === undefined}>全部</option>
            ${this.disclosures.map(
              (item) =>
                html`<option value=${item.id} ?selected=${this.filters.disclosure === item.id}>
                  ${item.latest.title}
                </option>`,
            )}
          </select>
        </label>
        <label class="field">
          <span>开始日期</span>
          <input
            name="from"
            inputmode="numeric"
            placeholder="2026-12-01"
            .value=${this.filters.from ?? ''}
          />
        </label>
        <label class="field">
          <span>结束日期（含当天）</span>
          <input
            name="to"
            inputmode="numeric"
            placeholder="2026-12-31"
            .value=${this.filters.to ?? ''}
          />
        </label>
        <div class="field">
          <button class="primary" type="submit" ?disabled=${this.busy}>查询</button>
        </div>
      </form>
    `;
  }

  #renderExport() {
    const href = `/api/publications/export.csv?${publicationParams(this.filters)}`;
    return html`<p>
      <a class="export" href=${href} download>导出 CSV（按当前筛选条件，可用 Excel 打开）</a>
      <span class="hint">日期格式：年-月-日，例如 2026-12-04，按北京时间计算。</span>
    </p>`;
  }

  #renderTable() {
    const publications = this.publications;
    if (!publications) return this.notice ? '' : html`<p>正在读取……</p>`;
    if (publications.length === 0) return html`<p>没有符合条件的记录。</p>`;

    return html`
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">屏幕</th>
            <th scope="col">目录事项</th>
            <th scope="col">标题</th>
            <th scope="col">版本</th>
            <th scope="col">开始</th>
            <th scope="col">结束</th>
            <th scope="col">秒数</th>
            <th scope="col">备注</th>
          </tr>
        </thead>
        <tbody>
          ${publications.map((publication) => this.#renderRow(publication))}
        </tbody>
      </table>
    `;
  }

  #renderRow(publication: Publication) {
    const remarks = [publication.interrupted ? '中途中断' : '', publication.flag ?? '']
      .filter((text) => text.length > 0)
      .join('；');
    return html`
      <tr>
        <td data-label="屏幕">${publication.screenName}</td>
        <td data-label="目录事项">${itemLabelByNumber(this.catalog, publication.catalogItem)}</td>
        <td data-label="标题">${publication.title}</td>
        <td data-label="版本">第 ${publication.version} 版</td>
        <td data-label="开始">${formatInstant(publication.startedAt)}</td>
        <td data-label="结束">${formatInstant(publication.endedAt)}</td>
        <td data-label="秒数" class="number">${publication.seconds}</td>
        <td data-label="备注">${remarks || '—'}</td>
      </tr>
    `;
  }

  #renderPager() {
    if (!this.publications || this.total === 0) return '';

    const pages = Math.max(1, Math.ceil(this.total / PAGE_SIZE));
    const page = Math.floor(this.offset / PAGE_SIZE) + 1;
    return html`
      <nav class="pager" aria-label="翻页">
        <button
          ?disabled=${this.busy || this.offset === 0}
          @click=${() => this.#goTo(this.offset - PAGE_SIZE)}
        >
          上一页
        </button>
        <span>第 ${page} / ${pages} 页，共 ${this.total} 条</span>
        <button
          ?disabled=${this.busy || this.offset + PAGE_SIZE >= this.total}
          @click=${() => this.#goTo(this.offset + PAGE_SIZE)}
        >
          下一页
        </button>
      </nav>
    `;
  }

  async #goTo(offset: number) {
    this.offset = Math.max(0, offset);
    await this.#load();
  }

  async #onFilter(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const number = (name: string) => (text(name) ? Number(text(name)) : undefined);
    const filters: Filters = {};
    const screen = number('screen');
    const item = number('item');
    const disclosure = number('disclosure');
    if (screen !== undefined) filters.screen = screen;
    if (item !== undefined) filters.item = item;
    if (disclosure !== undefined) filters.disclosure = disclosure;
    if (text('from')) filters.from = text('from');
    if (text('to')) filters.to = text('to');
    this.filters = filters;
    this.offset = 0;
    await this.#load();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-publications-view': PublicationsView;
  }
}
