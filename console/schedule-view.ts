/**
 * 排期 (admin): choose a screen or a group, edit its schedule, and for a screen see the timeline of
 * today and this week with the entry that wins where entries overlap.
 */
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { listGroups, listScreens, type ScheduleOwner } from './api.ts';
import type { Catalog, Group, Screen } from './api-types.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import './playlist-editor.ts';
import { baseStyles } from './styles.ts';
import './timeline-view.ts';

@customElement('gk-schedule-view')
export class ScheduleView extends LitElement {
  static override styles = [baseStyles];

  @property({ attribute: false }) catalog: Catalog | undefined;

  @state() private screens: Screen[] = [];
  @state() private groups: Group[] = [];
  @state() private owner: ScheduleOwner | null = null;
  @state() private notice: Notice | null = null;
  /** Bumped after a save so that the timeline reloads. */
  @state() private revision = 0;

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      const [screens, groups] = await Promise.all([listScreens(), listGroups()]);
      this.screens = screens.filter((screen) => !screen.revoked);
      this.groups = groups;
      if (!this.owner && this.screens[0]) this.owner = { kind: 'screens', id: this.screens[0].id };
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取屏幕和分组', error) };
    }
  }

  override render() {
    const owner = this.owner;
    const selected = owner ? `${owner.kind}:${owner.id}` : '';
    return html`
      <h2>排期</h2>
      ${renderNotice(this.notice)}
      <label class="field">
        <span>为哪块屏幕或哪个分组排期</span>
        <select @change=${this.#onChoose}>
          <option value="" ?selected=${!owner}>请选择……</option>
          <optgroup label="屏幕">
            ${this.screens.map(
              (screen) =>
                html`<option
                  value="screens:${screen.id}"
                  ?selected=${selected === `screens:${screen.id}`}
                >
                  ${screen.name}
                </option>`,
            )}
          </optgroup>
          <optgroup label="分组">
            ${this.groups.map(
              (group) =>
                html`<option
                  value="groups:${group.id}"
                  ?selected=${selected === `groups:${group.id}`}
                >
                  ${group.name}
                </option>`,
            )}
          </optgroup>
        </select>
      </label>
      ${owner ? this.#renderOwner(owner) : ''}
    `;
  }

  #renderOwner(owner: ScheduleOwner) {
    const name =
      owner.kind === 'screens'
        ? this.screens.find((screen) => screen.id === owner.id)?.name
        : this.groups.find((group) => group.id === owner.id)?.name;
    return html`
      ${keyed(
        `${owner.kind}:${owner.id}`,
        html`<gk-playlist-editor
          .owner=${owner}
          .ownerName=${name ?? ''}
          .catalog=${this.catalog}
          @playlist-saved=${() => (this.revision += 1)}
        ></gk-playlist-editor>`,
      )}
      ${
        owner.kind === 'screens'
          ? keyed(
              `${owner.id}:${this.revision}`,
              html`<gk-timeline-view .screenId=${owner.id}></gk-timeline-view>`,
            )
          : html`<p class="hint">时间线按屏幕查看：选择分组里的一块屏幕，可看到它的完整安排。</p>`
      }
    `;
  }

  #onChoose(event: Event) {
    const [kind, id] = (event.target as HTMLSelectElement).value.split(':');
    this.owner = kind === 'screens' || kind === 'groups' ? { kind, id: Number(id) } : null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-schedule-view': ScheduleView;
  }
}
