/**
 * 屏幕 (admin): pair a screen by the six-digit code its display shows, list the screens with
 * online state in words, last contact in Shanghai time, what they show and their display version,
 * edit or revoke a screen, and manage screen groups below.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  listGroups,
  listScreens,
  pairScreen,
  revokeScreen,
  updateScreen,
  type ScreenInput,
} from './api.ts';
import type { Catalog, Group, Orientation, Screen } from './api-types.ts';
import { describeError } from './error-text.ts';
import './groups-panel.ts';
import { renderNotice, type Notice } from './notice.ts';
import { CHANNEL_LABELS, ORIENTATION_LABELS, channelName } from './screen-labels.ts';
import { formatInstant } from './shanghai-input.ts';
import { baseStyles } from './styles.ts';

/** How often the list refreshes online state while the view is open, in milliseconds. */
const REFRESH_INTERVAL_MS = 30_000;

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

      input.code {
        font-size: 1.4rem;
        letter-spacing: 0.3em;
        width: 10rem;
        font-family: ui-monospace, monospace;
      }

      .checks {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
      }
    `,
  ];

  @property({ attribute: false }) catalog: Catalog | undefined;

  @state() private screens: Screen[] | undefined;
  @state() private groups: Group[] = [];
  @state() private notice: Notice | null = null;
  @state() private formNotice: Notice | null = null;
  @state() private busy = false;
  /** The screen being edited, or null for the pairing form. */
  @state() private editingId: number | null = null;

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
      const [screens, groups] = await Promise.all([listScreens(), listGroups()]);
      this.screens = screens.filter((screen) => !screen.revoked);
      this.groups = groups;
      if (this.notice?.kind === 'error') this.notice = null;
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取屏幕列表', error) };
    }
  }

  override render() {
    const editing = this.screens?.find((screen) => screen.id === this.editingId);
    return html`
      <h2>屏幕</h2>
      ${renderNotice(this.notice)} ${this.#renderTable()}
      <div class="row">
        <button @click=${() => this.#load()}>刷新</button>
        <span class="hint">在线状态每 30 秒自动刷新。</span>
      </div>
      ${this.#renderForm(editing)}
      <gk-groups-panel
        .screens=${this.screens ?? []}
        .groups=${this.groups}
        @groups-changed=${() => this.#load()}
      ></gk-groups-panel>
    `;
  }

  #renderTable() {
    const screens = this.screens;
    if (!screens) return this.notice ? '' : html`<p>正在读取……</p>`;
    if (screens.length === 0) return html`<p>还没有屏幕。请在下方用配对码添加。</p>`;

    return html`
      <table class="stack screens">
        <thead>
          <tr>
            <th scope="col">名称</th>
            <th scope="col">位置</th>
            <th scope="col">方向 · 渠道</th>
            <th scope="col">分组</th>
            <th scope="col">状态</th>
            <th scope="col">最后联系（北京时间）</th>
            <th scope="col">正在显示</th>
            <th scope="col">显示程序版本</th>
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
    const groups = this.groups
      .filter((group) => group.screenIds.includes(screen.id))
      .map((group) => group.name)
      .join('、');
    return html`
      <tr>
        <td data-label="名称">${screen.name}</td>
        <td data-label="位置">${screen.location || '—'}</td>
        <td data-label="方向 · 渠道">
          ${ORIENTATION_LABELS[screen.orientation] ?? screen.orientation} ·
          ${channelName(screen.channel)}
        </td>
        <td data-label="分组">${groups || '—'}</td>
        <td data-label="状态" class=${screen.online ? 'online' : 'offline'}>
          ${screen.online ? '● 在线' : '○ 离线'}
        </td>
        <td data-label="最后联系">
          ${screen.lastContactAt ? formatInstant(screen.lastContactAt) : '从未联系'}
        </td>
        <td data-label="正在显示">${screen.current?.title ?? '—'}</td>
        <td data-label="显示程序版本">${screen.displayVersion ?? '—'}</td>
        <td data-label="操作" class="actions">
          <button aria-label="编辑 ${screen.name}" @click=${() => this.#edit(screen.id)}>
            编辑
          </button>
          <button
            class="danger"
            aria-label="撤销 ${screen.name}"
            @click=${() => this.#revoke(screen)}
          >
            撤销
          </button>
        </td>
      </tr>
    `;
  }

  #renderForm(editing: Screen | undefined) {
    const value = (name: keyof Screen, fallback: string) =>
      editing ? String(editing[name] ?? fallback) : fallback;
    const groupIds = editing?.groupIds ?? [];
    return html`
      <form class="panel" @submit=${this.#onSubmit} novalidate>
        <h3>${editing ? html`编辑屏幕：${editing.name}` : '配对新屏幕'}</h3>
        ${
          editing
            ? ''
            : html`<p class="hint">
                  在屏幕设备上打开显示页面，它会显示一个六位数字配对码（10
                  分钟内有效）。把配对码和屏幕信息填在下面。
                </p>
                <label class="field">
                  <span>配对码（六位数字）</span>
                  <input
                    class="code"
                    name="code"
                    inputmode="numeric"
                    autocomplete="off"
                    maxlength="6"
                    pattern="[0-9]{6}"
                  />
                </label>`
        }
        <div class="row">
          <label class="field">
            <span>名称</span>
            <input name="name" .value=${value('name', '')} placeholder="例如：一楼大厅屏" />
          </label>
          <label class="field">
            <span>位置</span>
            <input
              name="location"
              .value=${value('location', '')}
              placeholder="例如：居委会一楼大厅"
            />
          </label>
          <label class="field">
            <span>方向</span>
            <select name="orientation">
              ${Object.entries(ORIENTATION_LABELS).map(
                ([key, label]) =>
                  html`<option value=${key} ?selected=${value('orientation', 'landscape') === key}>
                    ${label}
                  </option>`,
              )}
            </select>
          </label>
          <label class="field">
            <span>渠道</span>
            <select name="channel">
              ${Object.entries(CHANNEL_LABELS).map(
                ([key, label]) =>
                  html`<option value=${key} ?selected=${value('channel', 'e-screen') === key}>
                    ${label}
                  </option>`,
              )}
            </select>
          </label>
        </div>
        ${
          this.groups.length
            ? html`<fieldset>
                <legend>所属分组</legend>
                <div class="checks">
                  ${this.groups.map(
                    (group) =>
                      html`<label>
                        <input
                          type="checkbox"
                          name="group"
                          value=${group.id}
                          .checked=${groupIds.includes(group.id)}
                        />
                        ${group.name}
                      </label>`,
                  )}
                </div>
              </fieldset>`
            : ''
        }
        ${renderNotice(this.formNotice)}
        <div class="row">
          <button class="primary" type="submit" ?disabled=${this.busy}>
            ${editing ? '保存' : '配对'}
          </button>
          ${
            editing
              ? html`<button type="button" @click=${() => (this.editingId = null)}>取消</button>`
              : ''
          }
        </div>
      </form>
    `;
  }

  async #edit(id: number) {
    this.editingId = id;
    this.formNotice = null;
    await this.updateComplete;
    const form = this.renderRoot.querySelector('form');
    form?.scrollIntoView({ block: 'start' });
    form?.querySelector<HTMLInputElement>('input')?.focus();
  }

  async #onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const input: ScreenInput = {
      name: String(data.get('name') ?? '').trim(),
      location: String(data.get('location') ?? '').trim(),
      orientation: String(data.get('orientation')) as Orientation,
      channel: String(data.get('channel')),
      groupIds: data.getAll('group').map(Number),
    };
    const code = String(data.get('code') ?? '').trim();
    if (this.editingId === null && !/^\d{6}$/.test(code)) {
      this.formNotice = { kind: 'error', text: '请填写屏幕上显示的六位数字配对码。' };
      return;
    }
    if (!input.name) {
      this.formNotice = { kind: 'error', text: '请填写屏幕名称。' };
      return;
    }

    this.busy = true;
    this.formNotice = null;
    try {
      if (this.editingId === null) {
        const screen = await pairScreen({ ...input, code });
        this.notice = {
          kind: 'ok',
          text: `已配对屏幕「${screen.name}」，几秒内屏幕开始显示内容。`,
        };
        form.reset();
      } else {
        const screen = await updateScreen(this.editingId, input);
        this.notice = { kind: 'ok', text: `已保存屏幕「${screen.name}」。` };
        this.editingId = null;
      }
      await this.#load();
    } catch (error) {
      this.formNotice = {
        kind: 'error',
        text: describeError(this.editingId === null ? '配对' : '保存屏幕', error),
      };
    } finally {
      this.busy = false;
    }
  }

  async #revoke(screen: Screen) {
    const question = `撤销后，「${screen.name}」停止显示内容，回到配对码页面，需要重新配对才能使用。确定撤销吗？`;
    if (!window.confirm(question)) return;

    try {
      await revokeScreen(screen.id);
      this.notice = { kind: 'ok', text: `已撤销屏幕「${screen.name}」。` };
      if (this.editingId === screen.id) this.editingId = null;
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('撤销屏幕', error) };
    }
    await this.#load();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-screens-view': ScreensView;
  }
}
