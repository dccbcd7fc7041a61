/** 屏幕分组 (admin): create, rename and delete groups and choose their member screens. */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createGroup, deleteGroup, updateGroup } from './api.ts';
import type { Group, Screen } from './api-types.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { baseStyles } from './styles.ts';

@customElement('gk-groups-panel')
export class GroupsPanel extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .group {
        border-top: 1px solid #d0d7de;
        padding-top: 0.5rem;
        margin-top: 0.5rem;
      }

      .checks {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
      }
    `,
  ];

  @property({ attribute: false }) screens: Screen[] = [];
  @property({ attribute: false }) groups: Group[] = [];

  @state() private notice: Notice | null = null;
  @state() private busy = false;

  override render() {
    return html`
      <section class="panel" aria-labelledby="groups-heading">
        <h3 id="groups-heading">屏幕分组</h3>
        <p class="hint">分组便于一次为多块屏幕排期：屏幕先播放自己的排期，再播放所在分组的排期。</p>
        ${renderNotice(this.notice)} ${this.groups.map((group) => this.#renderGroup(group))}
        <form class="row group" @submit=${this.#onCreate} novalidate>
          <label class="field">
            <span>新分组名称</span>
            <input name="name" placeholder="例如：楼道屏" />
          </label>
          <button type="submit" ?disabled=${this.busy}>新建分组</button>
        </form>
      </section>
    `;
  }

  #renderGroup(group: Group) {
    return html`
      <form class="group" @submit=${(event: SubmitEvent) => this.#onSave(event, group)} novalidate>
        <div class="row">
          <label class="field">
            <span>分组名称</span>
            <input name="name" .value=${group.name} />
          </label>
        </div>
        <fieldset>
          <legend>「${group.name}」的成员屏幕</legend>
          <div class="checks">
            ${this.screens.length === 0 ? html`<span class="hint">还没有屏幕。</span>` : ''}
            ${this.screens.map(
              (screen) =>
                html`<label>
                  <input
                    type="checkbox"
                    name="screen"
                    value=${screen.id}
                    .checked=${group.screenIds.includes(screen.id)}
                  />
                  ${screen.name}
                </label>`,
            )}
          </div>
        </fieldset>
        <div class="row">
          <button type="submit" ?disabled=${this.busy}>保存分组</button>
          <button
            type="button"
            class="danger"
            ?disabled=${this.busy}
            @click=${() => this.#delete(group)}
          >
            删除分组
          </button>
        </div>
      </form>
    `;
  }

  async #run(action: string, work: () => Promise<string>) {
    this.busy = true;
    this.notice = null;
    try {
      this.notice = { kind: 'ok', text: await work() };
      this.dispatchEvent(new CustomEvent('groups-changed', { bubbles: true, composed: true }));
    } catch (error) {
      this.notice = { kind: 'error', text: describeError(action, error) };
    } finally {
      this.busy = false;
    }
  }

  #onCreate(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '').trim();
    if (!name) {
      this.notice = { kind: 'error', text: '请填写分组名称。' };
      return;
    }
    void this.#run('新建分组', async () => {
      await createGroup(name);
      form.reset();
      return `已新建分组「${name}」。`;
    });
  }

  #onSave(event: SubmitEvent, group: Group) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const name = String(data.get('name') ?? '').trim();
    if (!name) {
      this.notice = { kind: 'error', text: '分组名称不能为空。' };
      return;
    }
    const screenIds = data.getAll('screen').map(Number);
    void this.#run('保存分组', async () => {
      await updateGroup(group.id, { name, screenIds });
      return `已保存分组「${name}」。`;
    });
  }

  #delete(group: Group) {
    if (!window.confirm(`删除分组「${group.name}」及其排期吗？屏幕本身不受影响。`)) return;
    void this.#run('删除分组', async () => {
      await deleteGroup(group.id);
      return `已删除分组「${group.name}」。`;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-groups-panel': GroupsPanel;
  }
  interface HTMLElementEventMap {
    'groups-changed': CustomEvent<void>;
  }
}
