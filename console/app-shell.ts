/**
 * The console's frame: header, tab bar and hash routes (`#/catalog`, `#/disclosures`, `#/screens`,
 * `#/publications`). It loads the catalog once and hands it to the views.
 */
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { getCatalog } from './api.ts';
import type { Catalog } from './api-types.ts';
import { describeError } from './error-text.ts';
import { renderNotice } from './notice.ts';
import { baseStyles } from './styles.ts';
import './catalog-view.ts';
import './disclosures-view.ts';
import './screens-view.ts';
import './publications-view.ts';

type Route = 'catalog' | 'disclosures' | 'screens' | 'publications';

const TABS: { route: Route; label: string }[] = [
  { route: 'catalog', label: '公开目录' },
  { route: 'disclosures', label: '公开信息' },
  { route: 'screens', label: '屏幕' },
  { route: 'publications', label: '发布记录' },
];

function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '');
  return TABS.find((tab) => tab.route === name)?.route ?? 'catalog';
}

@customElement('gk-console')
export class ConsoleShell extends LitElement {
  static override styles = [
    baseStyles,
    css`
      header {
        background: #0b3d91;
        color: #ffffff;
        padding: 0.6rem 1rem;
      }

      header h1 {
        font-size: 1.2rem;
        margin: 0;
      }

      nav {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        padding: 0.5rem 1rem 0;
        border-bottom: 2px solid #0b3d91;
        background: #f3f5f7;
      }

      nav a {
        padding: 0.5rem 1rem;
        border-radius: 6px 6px 0 0;
        text-decoration: none;
        color: #1f2328;
        font-weight: 600;
      }

      nav a[aria-current='page'] {
        background: #0b3d91;
        color: #ffffff;
      }

      main {
        padding: 1rem;
        max-width: 1400px;
      }

      @media (max-width: 720px) {
        nav a {
          padding: 0.5rem 0.6rem;
        }

        main {
          padding: 0.75rem 0.5rem;
        }
      }
    `,
  ];

  @state() private route: Route = routeFromHash(location.hash);
  @state() private catalog: Catalog | undefined;
  @state() private catalogError = '';

  readonly #onHashChange = () => {
    this.route = routeFromHash(location.hash);
  };

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
    void this.#loadCatalog();
  }

  override disconnectedCallback() {
    window.removeEventListener('hashchange', this.#onHashChange);
    super.disconnectedCallback();
  }

  async #loadCatalog() {
    this.catalogError = '';
    try {
      this.catalog = await getCatalog();
    } catch (error) {
      this.catalogError = describeError('读取公开目录', error);
    }
  }

  override updated() {
    const tab = TABS.find((candidate) => candidate.route === this.route);
    const committee = this.catalog?.committee.name ?? '';
    document.title = `${tab?.label ?? ''} · ${committee || '居务公开'}管理`;
  }

  override render() {
    const committee = this.catalog?.committee.name;
    return html`
      <header>
        <h1>${committee ? `${committee} · ` : ''}居务公开管理</h1>
      </header>
      <nav aria-label="主要栏目">
        ${TABS.map(
          (tab) =>
            html`<a
              href="#/${tab.route}"
              aria-current=${tab.route === this.route ? 'page' : 'false'}
              >${tab.label}</a
            >`,
        )}
      </nav>
      <main>
        ${
          this.catalogError
            ? html`${renderNotice({ kind: 'error', text: this.catalogError })}
                <button @click=${() => this.#loadCatalog()}>重试</button>`
            : ''
        }
        ${this.#renderView()}
      </main>
    `;
  }

  #renderView() {
    switch (this.route) {
      case 'catalog':
        return html`<gk-catalog-view .catalog=${this.catalog}></gk-catalog-view>`;
      case 'disclosures':
        return html`<gk-disclosures-view .catalog=${this.catalog}></gk-disclosures-view>`;
      case 'screens':
        return html`<gk-screens-view .catalog=${this.catalog}></gk-screens-view>`;
      case 'publications':
        return html`<gk-publications-view .catalog=${this.catalog}></gk-publications-view>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-console': ConsoleShell;
  }
}
