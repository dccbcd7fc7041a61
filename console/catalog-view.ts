/**
 * 公开目录: the committee's disclosure catalog, read-only, grouped by category (类别), each item
 * with its current and past disclosures.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listDisclosures } from './api.ts';
import type { Catalog, CatalogItem, Disclosure } from './api-types.ts';
import { channelLabel, groupByCategory } from './catalog-labels.ts';
import { REVIEW_LABELS, STATUS_LABELS } from './disclosure-labels.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { baseStyles } from './styles.ts';

@customElement('gk-catalog-view')
export class CatalogView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      section.category {
        margin-bottom: 1.5rem;
      }

      article {
        border: 1px solid #d0d7de;
        border-radius: 6px;
        padding: 0.75rem 1rem;
        margin-bottom: 0.75rem;
      }

      article h4 {
        margin: 0 0 0.5rem;
        font-size: 1.05rem;
      }

      dl {
        display: grid;
        grid-template-columns: 7em 1fr;
        gap: 0.3rem 0.75rem;
        margin: 0;
      }

      dt {
        font-weight: 600;
        color: #4f5b67;
      }

      dd {
        margin: 0;
      }

      ul {
        margin: 0;
        padding-left: 1.2rem;
      }

      @media (max-width: 720px) {
        dl {
          grid-template-columns: 1fr;
        }

        dd {
          margin-bottom: 0.3rem;
        }
      }
    `,
  ];

  @property({ attribute: false }) catalog: Catalog | undefined;

  @state() private disclosures: Disclosure[] | undefined;
  @state() private notice: Notice | null = null;

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
    const catalog = this.catalog;
    if (!catalog) return html`<p>正在读取公开目录……</p>`;

    const groups = [...groupByCategory(catalog.items)];
    return html`
      <h2>${catalog.title}</h2>
      <p class="hint">
        共 ${catalog.items.length}
        项。每一项写明应公开的内容、依据、时限和渠道；在“公开信息”中为某一项撰写公开内容。
      </p>
      ${renderNotice(this.notice)}
      ${groups.map(
        ([category, items]) => html`
          <section class="category">
            <h3>${category}（${items.length} 项）</h3>
            ${items.map((item) => this.#renderItem(catalog, item))}
          </section>
        `,
      )}
    `;
  }

  #renderItem(catalog: Catalog, item: CatalogItem) {
    const channels = item.channels.map((key) => channelLabel(catalog, key)).join('、');
    return html`
      <article>
        <h4>${item.number}. ${item.matterSecond}</h4>
        <dl>
          <dt>序号</dt>
          <dd>${item.number}</dd>
          <dt>一级事项</dt>
          <dd>${item.matterFirst}</dd>
          <dt>二级事项</dt>
          <dd>${item.matterSecond}</dd>
          <dt>公开内容</dt>
          <dd>
            <ul>
              ${item.elements.map((element) => html`<li>${element}</li>`)}
            </ul>
          </dd>
          <dt>公开依据</dt>
          <dd>${item.basis}</dd>
          <dt>公开时限</dt>
          <dd>${item.timeLimit.text}</dd>
          <dt>公开主体</dt>
          <dd>${item.subject}</dd>
          <dt>公开渠道</dt>
          <dd>${channels || '—'}</dd>
          <dt>公开信息</dt>
          <dd>${this.#renderDisclosures(item)}</dd>
        </dl>
      </article>
    `;
  }

  #renderDisclosures(item: CatalogItem) {
    if (!this.disclosures) return this.notice ? '—' : '正在读取……';

    const own = this.disclosures.filter((entry) => entry.catalogItem === item.number);
    if (own.length === 0) return '尚无';

    // Current (published) first, then drafts, then withdrawn ones.
    const rank = { published: 0, draft: 1, withdrawn: 2 } as const;
    own.sort((a, b) => rank[a.status] - rank[b.status] || b.id - a.id);
    return html`<ul class="disclosures">
      ${own.map((entry) => {
        const review = entry.review ? ` · ${REVIEW_LABELS[entry.review]}` : '';
        const published = entry.published ? `屏幕显示第 ${entry.published.version} 版，` : '';
        return html`<li>
          <span class="status-${entry.status}">${STATUS_LABELS[entry.status]}</span>
          ${entry.latest.title}
          <span class="hint">（${published}最新第 ${entry.latest.version} 版${review}）</span>
        </li>`;
      })}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-catalog-view': CatalogView;
  }
}
