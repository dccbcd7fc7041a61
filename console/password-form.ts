/** 修改密码: change the signed-in user's own password (at least 10 characters). */
import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { changePassword } from './api.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { baseStyles } from './styles.ts';

export const MIN_PASSWORD_LENGTH = 10;

@customElement('gk-password-form')
export class PasswordForm extends LitElement {
  static override styles = [baseStyles];

  @state() private busy = false;
  @state() private notice: Notice | null = null;

  override render() {
    return html`
      <form class="panel" @submit=${this.#onSubmit} novalidate>
        <h3>修改密码</h3>
        <label class="field">
          <span>当前密码</span>
          <input type="password" name="current" autocomplete="current-password" />
        </label>
        <label class="field">
          <span>新密码（至少 ${MIN_PASSWORD_LENGTH} 个字符）</span>
          <input type="password" name="next" autocomplete="new-password" />
        </label>
        <label class="field">
          <span>再次输入新密码</span>
          <input type="password" name="again" autocomplete="new-password" />
        </label>
        ${renderNotice(this.notice)}
        <button class="primary" type="submit" ?disabled=${this.busy}>修改密码</button>
      </form>
    `;
  }

  async #onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const current = String(data.get('current') ?? '');
    const next = String(data.get('next') ?? '');
    if (!current) return void (this.notice = { kind: 'error', text: '请填写当前密码。' });
    if (next.length < MIN_PASSWORD_LENGTH) {
      this.notice = { kind: 'error', text: `新密码至少 ${MIN_PASSWORD_LENGTH} 个字符。` };
      return;
    }
    if (next !== data.get('again')) {
      this.notice = { kind: 'error', text: '两次输入的新密码不一致。' };
      return;
    }

    this.busy = true;
    try {
      await changePassword(current, next);
      form.reset();
      this.notice = { kind: 'ok', text: '密码已修改，下次登录请使用新密码。' };
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('修改密码', error) };
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-password-form': PasswordForm;
  }
}
