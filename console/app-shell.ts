/**
 * The console's frame: sign-in, header with the user's name and role, the tab bar of the views
 * that role may use, and hash routes (`#/catalog`, `#/disclosures`, `#/certificate/12`, …). A 401 from any call
 * (`gk-unauthorized`) returns to the login page. The catalog is loaded once and handed down.
 */
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { UNAUTHORIZED_EVENT, currentUser, getCatalog, logout } from './api.ts';
import type { Catalog, User } from './api-types.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { ROLE_LABELS, can, type Permission } from './roles.ts';
import { baseStyles } from './styles.ts';
import './audit-view.ts';
import './catalog-view.ts';
import './certificate-view.ts';
import './disclosures-view.ts';
import './emergencies-view.ts';
import './ledger-view.ts';
import './login-view.ts';
import './password-form.ts';
import './publications-view.ts';
import './schedule-view.ts';
import './screens-view.ts';
import './settings-view.ts';
import './users-view.ts';

type Route =
  | 'catalog'
  | 'disclosures'
  | 'screens'
  | 'schedule'
  | 'publications'
  | 'ledger'
  | 'certificate'
  | 'emergencies'
  | 'audit'
  | 'users'
  | 'settings'
  | 'account';

const TABS: { route: Route; label: string; needs?: Permission }[] = [
  { route: 'catalog', label: '公开目录' },
  { route: 'disclosures', label: '公开信息' },
  { route: 'screens', label: '屏幕', needs: 'manage' },
  { route: 'schedule', label: '排期', needs: 'manage' },
  { route: 'publications', label: '发布记录' },
  { route: 'ledger', label: '台账' },
  { route: 'emergencies', label: '紧急通知', needs: 'manage' },
  { route: 'audit', label: '操作日志', needs: 'manage' },
  { route: 'users', label: '用户', needs: 'manage' },
  { route: 'settings', label: '设置', needs: 'manage' },
  { route: 'account', label: '我的账户' },
];

function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '');
  if (certificateIdFromHash(hash) !== null) return 'certificate';
  return TABS.find((tab) => tab.route === name)?.route ?? 'catalog';
}

/** Parse the disclosure id of a `#/certificate/12` route, or return null for any other route. */
function certificateIdFromHash(hash: string): number | null {
  const match = /^#\/?certificate\/(\d+)$/.exec(hash);
  return match ? Number(match[1]) : null;
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
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        justify-content: space-between;
      }

      header h1 {
        font-size: 1.2rem;
        margin: 0;
      }

      .who {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        flex-wrap: wrap;
      }

      .who button {
        background: transparent;
        color: #ffffff;
        border-color: #ffffff;
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
        padding: 0.5rem 0.9rem;
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
        max-width: 1600px;
      }

      @media print {
        header,
        nav {
          display: none;
        }

        main {
          padding: 0;
          max-width: none;
        }
      }

      @media (max-width: 720px) {
        nav {
          padding: 0.25rem 0.25rem 0;
        }

        nav a {
          padding: 0.4rem 0.5rem;
        }

        main {
          padding: 0.75rem 0.5rem;
        }
      }
    `,
  ];

  @state() private route: Route = routeFromHash(location.hash);
  /** The disclosure of a `#/certificate/ID` route, kept as state so that a new id re-renders. */
  @state() private certificateId: number | null = certificateIdFromHash(location.hash);
  /** undefined while the session is being checked, null when signed out. */
  @state() private user: User | null | undefined;
  @state() private catalog: Catalog | undefined;
  @state() private notice: Notice | null = null;
  @state() private loginMessage: Notice | null = null;

  readonly #onHashChange = () => {
    this.route = routeFromHash(location.hash);
    this.certificateId = certificateIdFromHash(location.hash);
  };

  readonly #onUnauthorized = () => {
    if (!this.user) return;
    this.user = null;
    this.loginMessage = { kind: 'warn', text: '登录已失效，请重新登录。' };
  };

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
    window.addEventListener(UNAUTHORIZED_EVENT, this.#onUnauthorized);
    void this.#start();
  }

  override disconnectedCallback() {
    window.removeEventListener('hashchange', this.#onHashChange);
    window.removeEventListener(UNAUTHORIZED_EVENT, this.#onUnauthorized);
    super.disconnectedCallback();
  }

  async #start() {
    try {
      this.user = await currentUser();
    } catch (error) {
      this.user = null;
      this.loginMessage = { kind: 'error', text: describeError('检查登录状态', error) };
    }
    if (this.user) await this.#loadCatalog();
  }

  async #loadCatalog() {
    this.notice = null;
    try {
      this.catalog = await getCatalog();
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取公开目录', error) };
    }
  }

  async #onSignedIn(event: CustomEvent<User>) {
    this.user = event.detail;
    this.loginMessage = null;
    await this.#loadCatalog();
  }

  async #onLogout() {
    try {
      await logout();
    } catch {
      // The session is dropped on this side either way.
    }
    this.user = null;
    this.loginMessage = { kind: 'ok', text: '已退出登录。' };
  }

  override updated() {
    const tab = TABS.find((candidate) => candidate.route === this.route);
    const committee = this.catalog?.committee.name ?? '';
    const routeLabel = tab?.label ?? (this.route === 'certificate' ? '发布证明' : '');
    const page = this.user ? routeLabel : '登录';
    document.title = `${page} · ${committee || '居务公开'}管理`;
  }

  override render() {
    const committee = this.catalog?.committee.name;
    const heading = html`<h1>${committee ? `${committee} · ` : ''}居务公开管理</h1>`;
    if (this.user === undefined) {
      return html`<header>${heading}</header>
        <main><p>正在检查登录状态……</p></main>`;
    }
    if (this.user === null) {
      return html`<header>${heading}</header>
        <main>
          <gk-login-view
            .message=${this.loginMessage}
            @signed-in=${this.#onSignedIn}
          ></gk-login-view>
        </main>`;
    }

    const user = this.user;
    const tabs = TABS.filter((tab) => !tab.needs || can(user, tab.needs));
    const route =
      this.route === 'certificate' || tabs.some((tab) => tab.route === this.route)
        ? this.route
        : 'catalog';
    return html`
      <header>
        ${heading}
        <div class="who">
          <span class="user">${user.name}（${ROLE_LABELS[user.role]}）</span>
          <button @click=${this.#onLogout}>退出登录</button>
        </div>
      </header>
      <nav aria-label="主要栏目">
        ${tabs.map(
          (tab) =>
            html`<a href="#/${tab.route}" aria-current=${tab.route === route ? 'page' : 'false'}
              >${tab.label}</a
            >`,
        )}
      </nav>
      <main>
        ${
          this.notice
            ? html`${renderNotice(this.notice)}
                <button @click=${() => this.#loadCatalog()}>重试</button>`
            : ''
        }
        ${this.#renderView(route, user)}
      </main>
    `;
  }

  #renderView(route: Route, user: User) {
    const catalog = this.catalog;
    switch (route) {
      case 'catalog':
        return html`<gk-catalog-view .catalog=${catalog}></gk-catalog-view>`;
      case 'disclosures':
        return html`<gk-disclosures-view .catalog=${catalog} .user=${user}></gk-disclosures-view>`;
      case 'screens':
        return html`<gk-screens-view .catalog=${catalog}></gk-screens-view>`;
      case 'schedule':
        return html`<gk-schedule-view .catalog=${catalog}></gk-schedule-view>`;
      case 'publications':
        return html`<gk-publications-view .catalog=${catalog}></gk-publications-view>`;
      case 'ledger':
        return html`<gk-ledger-view .catalog=${catalog} .user=${user}></gk-ledger-view>`;
      case 'certificate':
        return html`<gk-certificate-view
          .disclosureId=${this.certificateId ?? 0}
          .catalog=${catalog}
        ></gk-certificate-view>`;
      case 'emergencies':
        return html`<gk-emergencies-view></gk-emergencies-view>`;
      case 'audit':
        return html`<gk-audit-view></gk-audit-view>`;
      case 'users':
        return html`<gk-users-view .user=${user}></gk-users-view>`;
      case 'settings':
        return html`<gk-settings-view .catalog=${catalog}></gk-settings-view>`;
      case 'account':
        return html`<h2>我的账户</h2>
          <p>${user.name}，角色：${ROLE_LABELS[user.role]}</p>
          <gk-password-form></gk-password-form>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-console': ConsoleShell;
  }
}
