/** 用户 (admin): add a user with a role and an initial password, change roles, disable or enable. */
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createUser, listUsers, updateUser } from './api.ts';
import type { ManagedUser, Role, User } from './api-types.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { MIN_PASSWORD_LENGTH } from './password-form.ts';
import { ROLE_LABELS } from './roles.ts';
import { formatInstant } from './shanghai-input.ts';
import { baseStyles } from './styles.ts';

@customElement('gk-users-view')
export class UsersView extends LitElement {
  static override styles = [baseStyles];

  /** The signed-in admin, who may not disable or demote themselves here. */
  @property({ attribute: false }) user: User | undefined;

  @state() private users: ManagedUser[] | undefined;
  @state() private notice: Notice | null = null;
  @state() private formNotice: Notice | null = null;
  @state() private busy = false;

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      this.users = await listUsers();
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取用户', error) };
    }
  }

  override render() {
    return html`
      <h2>用户</h2>
      <p class="hint">
        管理员：用户、屏幕、排期、设置和紧急通知，也能撰写和审核；编辑：撰写并提交审核；审核：通过、退回和撤回。
      </p>
      ${renderNotice(this.notice)} ${this.#renderTable()} ${this.#renderForm()}
    `;
  }

  #renderTable() {
    const users = this.users;
    if (!users) return this.notice ? '' : html`<p>正在读取……</p>`;

    return html`
      <table class="stack users">
        <thead>
          <tr>
            <th scope="col">用户名</th>
            <th scope="col">角色</th>
            <th scope="col">状态</th>
            <th scope="col">添加时间</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          ${users.map((user) => this.#renderRow(user))}
        </tbody>
      </table>
    `;
  }

  #renderRow(user: ManagedUser) {
    const self = user.id === this.user?.id;
    return html`<tr>
      <td data-label="用户名">${user.name}${self ? '（我）' : ''}</td>
      <td data-label="角色">
        <label>
          <span class="visually-hidden">${user.name}的角色</span>
          <select
            ?disabled=${self || this.busy}
            @change=${(event: Event) =>
              this.#update(user, { role: (event.target as HTMLSelectElement).value as Role })}
          >
            ${Object.entries(ROLE_LABELS).map(
              ([role, label]) =>
                html`<option value=${role} ?selected=${role === user.role}>${label}</option>`,
            )}
          </select>
        </label>
      </td>
      <td data-label="状态">${user.disabled ? '已停用' : '正常'}</td>
      <td data-label="添加时间">${formatInstant(user.createdAt)}</td>
      <td data-label="操作" class="actions">
        ${
          self
            ? html`<span class="hint">不能停用自己</span>`
            : html`<button
                class=${user.disabled ? '' : 'danger'}
                ?disabled=${this.busy}
                @click=${() => this.#toggle(user)}
              >
                ${user.disabled ? '启用' : '停用'}
              </button>`
        }
      </td>
    </tr>`;
  }

  #renderForm() {
    return html`
      <form class="panel" @submit=${this.#onCreate} novalidate>
        <h3>添加用户</h3>
        <div class="row">
          <label class="field">
            <span>用户名</span>
            <input name="name" autocomplete="off" />
          </label>
          <label class="field">
            <span>角色</span>
            <select name="role">
              <option value="editor" selected>编辑</option>
              <option value="reviewer">审核</option>
              <option value="admin">管理员</option>
            </select>
          </label>
          <label class="field">
            <span>初始密码（至少 ${MIN_PASSWORD_LENGTH} 个字符）</span>
            <input name="password" type="password" autocomplete="new-password" />
          </label>
          <button class="primary" type="submit" ?disabled=${this.busy}>添加</button>
        </div>
        <p class="hint">请把初始密码当面告诉本人，并请他登录后在“我的账户”中修改。</p>
        ${renderNotice(this.formNotice)}
      </form>
    `;
  }

  async #onCreate(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const role = String(data.get('role')) as Role;
    const password = String(data.get('password') ?? '');
    if (!name) return void (this.formNotice = { kind: 'error', text: '请填写用户名。' });
    if (password.length < MIN_PASSWORD_LENGTH) {
      this.formNotice = { kind: 'error', text: `初始密码至少 ${MIN_PASSWORD_LENGTH} 个字符。` };
      return;
    }

    this.busy = true;
    this.formNotice = null;
    try {
      const user = await createUser({ name, role, password });
      form.reset();
      this.formNotice = { kind: 'ok', text: `已添加${ROLE_LABELS[user.role]}「${user.name}」。` };
      await this.#load();
    } catch (error) {
      this.formNotice = { kind: 'error', text: describeError('添加用户', error) };
    } finally {
      this.busy = false;
    }
  }

  #toggle(user: ManagedUser) {
    if (!user.disabled && !window.confirm(`停用后「${user.name}」不能再登录。确定停用吗？`)) {
      return;
    }
    void this.#update(user, { disabled: !user.disabled });
  }

  async #update(user: ManagedUser, change: { role?: Role; disabled?: boolean }) {
    this.busy = true;
    this.notice = null;
    try {
      const updated = await updateUser(user.id, change);
      this.notice = {
        kind: 'ok',
        text:
          change.role !== undefined
            ? `已把「${updated.name}」的角色改为${ROLE_LABELS[updated.role]}。`
            : `已${updated.disabled ? '停用' : '启用'}「${updated.name}」。`,
      };
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('修改用户', error) };
    } finally {
      this.busy = false;
    }
    await this.#load();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-users-view': UsersView;
  }
}
