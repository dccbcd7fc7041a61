/**
 * 屏幕: the screens with their online state and what they show now, the form that adds a screen
 * (showing its display URL and token once), and the playlist editor of the chosen screen.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { createScreen, listScreens } from './api.ts';
import type { Catalog, CreatedScreen, Orientation, Screen } from './api-types.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import './playlist-editor.ts';
import { formatInstant } from './shanghai-input.ts';
import { baseStyles } from './styles.ts';

/** How often the list refreshes online state while the view is open, in milliseconds. */
const REFRESH_INTERVAL_MS = 30_000;

const ORIENTATION_LABELS: Record<Orientation, string> = {
  landscape: '横屏',
  portrait: '竖屏',
};

@customElement('gk-screens-view')
export class ScreensView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .online {
        color: #1e7a34;
        font-weight: 600;
      }

      .offline {
        color: #b3261e;
        font-weight: 600;
      }

      .secret input {
        width: 100%;
        font-family: ui-monospace, monospace;
      }

      form .row .field {
        margin-bottom: 0;
      }
    `,
  ];

  @property({ attribute: false }) catalog: Catalog | undefined;

  @state() private screens: Screen[] | undefined;
  @state() private notice: Notice | null = null;
  @state() private created: CreatedScreen | null = null;
  @state() private createNotice: Notice | null = null;
  @state() private creating = false;
  @state() private selectedId: number | null = null;

  #timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
    this.#timer = setInterval(() => void this.#load(), REFRESH_INTERVAL_MS);
  }

  override disconnectedCallback() {
    clearInterval(this.#timer);
    super.disconnectedCallback();
  }

  async #load() {
    try {
      this.screens = await listScreens();
      if (this.notice?.kind === 'error') this.notice = null;
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取屏幕列表', error) };
    }
  }

  override render() {
    return html`
      <h2>屏幕</h2>
      ${renderNotice(this.notice)} ${this.#renderTable()}
      <div class="row">
        <button @click=${() => this.#load()}>刷新</button>
        <span class="hint">在线状态每 30 秒自动刷新。</span>
      </div>
      ${this.#renderPlaylist()} ${this.#renderCreateForm()} ${this.#renderCreated()}
    `;
  }

  #renderTable() {
    const screens = this.screens;
    if (!screens) return html`<p>正在读取……</p>`;
    if (screens.length === 0) return html`<p>还没有屏幕。请在下方“添加屏幕”。</p>`;

    return html`
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">名称</th>
            <th scope="col">位置</th>
            <th scope="col">方向</th>
            <th scope="col">状态</th>
            <th scope="col">最后联系（北京时间）</th>
            <th scope="col">正在显示</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          ${screens.map((screen) => this.#renderRow(screen))}
        </tbody>
      </table>
    `;
  }

  #renderRow(screen: Screen) {
    const open = this.selectedId === screen.id;
    return html`
      <tr>
        <td data-label="名称">${screen.name}</td>
        <td data-label="位置">${screen.location || '—'}</td>
        <td data-label="方向">${ORIENTATION_LABELS[screen.orientation] ?? screen.orientation}</td>
        <td data-label="状态" class=${screen.online ? 'online' : 'offline'}>
          ${screen.online ? '在线' : '离线'}
        </td>
        <td data-label="最后联系">
          ${screen.lastContactAt ? formatInstant(screen.lastContactAt) : '从未联系'}
        </td>
        <td data-label="正在显示">${screen.current?.title ?? '—'}</td>
        <td data-label="操作" class="actions">
          <button aria-expanded=${open ? 'true' : 'false'} @click=${() => this.#toggle(screen.id)}>
            ${open ? '收起播放列表' : '播放列表'}
          </button>
        </td>
      </tr>
    `;
  }

  #renderPlaylist() {
    const screen = this.screens?.find((candidate) => candidate.id === this.selectedId);
    if (!screen) return '';

    return keyed(
      screen.id,
      html`<gk-playlist-editor
        .screen=${screen}
        .catalog=${this.catalog}
        @playlist-saved=${() => this.#load()}
      ></gk-playlist-editor>`,
    );
  }

  #renderCreateForm() {
    return html`
      <form class="panel" @submit=${this.#onCreate} novalidate>
        <h3>添加屏幕</h3>
        <div class="row">
          <label class="field">
            <span>名称</span>
            <input type="text" name="name" required placeholder="例如：一楼大厅屏" />
          </label>
          <label class="field">
            <span>位置（可不填）</span>
            <input type="text" name="location" placeholder="例如：居委会一楼大厅" />
          </label>
          <label class="field">
            <span>方向</span>
            <select name="orientation">
              <option value="landscape" selected>横屏</option>
              <option value="portrait">竖屏</option>
            </select>
          </label>
          <button class="primary" type="submit" ?disabled=${this.creating}>添加</button>
        </div>
        ${renderNotice(this.createNotice)}
      </form>
    `;
  }

  #renderCreated() {
    const created = this.created;
    if (!created) return '';

    const url = new URL(created.displayUrl, location.href).href;
    return html`
      <section class="panel secret" aria-labelledby="created-heading">
        <h3 id="created-heading">已添加屏幕「${created.screen.name}」</h3>
        <p class="notice warn" role="status">
          下面的显示地址和令牌只显示这一次，离开本页后无法再查看。请现在复制，在屏幕设备的浏览器中打开显示地址。
        </p>
        <label class="field">
          <span>显示地址</span>
          <input type="text" readonly .value=${url} @focus=${selectAll} />
        </label>
        <label class="field">
          <span>令牌</span>
          <input type="text" readonly .value=${created.token} @focus=${selectAll} />
        </label>
        <button @click=${() => (this.created = null)}>我已保存，关闭</button>
      </section>
    `;
  }

  #toggle(id: number) {
    this.selectedId = this.selectedId === id ? null : id;
  }

  async #onCreate(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const location = String(data.get('location') ?? '').trim();
    const orientation = String(data.get('orientation')) as Orientation;
    if (!name) {
      this.createNotice = { kind: 'error', text: '请填写屏幕名称。' };
      return;
    }

    this.creating = true;
    this.createNotice = null;
    try {
      this.created = await createScreen({ name, orientation, ...(location ? { location } : {}) });
      form.reset();
      await this.#load();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('.secret input')?.focus();
    } catch (error) {
      this.createNotice = { kind: 'error', text: describeError('添加屏幕', error) };
    } finally {
      this.creating = false;
    }
  }
}

function selectAll(event: FocusEvent) {
  (event.target as HTMLInputElement).select();
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-screens-view': ScreensView;
  }
}
