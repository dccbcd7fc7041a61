/**
 * 登录: the sign-in form. Fires `signed-in` with the user on success; wrong credentials and too
 * many attempts are told in plain Chinese, any other failure with the server's message.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiRequestError, login } from './api.ts';
import type { User } from './api-types.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { baseStyles } from './styles.ts';

/** The Chinese message for a failed sign-in. */
export function loginErrorText(error: unknown): string {
  if (error instanceof ApiRequestError) {
    if (error.status === 401) return '用户名或密码错误。';
    if (error.status === 429) {
      const minutes = Math.max(1, Math.ceil((error.retryAfterSeconds ?? 15 * 60) / 60));
      return `尝试次数过多，请 ${minutes} 分钟后再试。`;
    }
  }
  return describeError('登录', error);
}

@customElement('gk-login-view')
export class LoginView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      form {
        max-width: 24rem;
        margin: 2rem auto;
      }

      input {
        width: 100%;
      }
    `,
  ];

  /** Shown above the form, for instance after a session ended. */
  @property({ attribute: false }) message: Notice | null = null;

  @state() private busy = false;
  @state() private notice: Notice | null = null;

  override render() {
    return html`
      <form class="panel" @submit=${this.#onSubmit} novalidate aria-labelledby="login-heading">
        <h2 id="login-heading">登录</h2>
        ${renderNotice(this.message)}
        <label class="field">
          <span>用户名</span>
          <input name="name" autocomplete="username" required />
        </label>
        <label class="field">
          <span>密码</span>
          <input type="password" name="password" autocomplete="current-password" required />
        </label>
        ${renderNotice(this.notice)}
        <button class="primary" type="submit" ?disabled=${this.busy}>登录</button>
      </form>
    `;
  }

  override firstUpdated() {
    this.renderRoot.querySelector<HTMLInputElement>('input')?.focus();
  }

  async #onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const name = String(data.get('name') ?? '').trim();
    const password = String(data.get('password') ?? '');
    if (!name || !password) {
      this.notice = { kind: 'error', text: '请填写用户名和密码。' };
      return;
    }

    this.busy = true;
    this.notice = null;
    try {
      const user = await login(name, password);
      this.dispatchEvent(
        new CustomEvent<User>('signed-in', { detail: user, bubbles: true, composed: true }),
      );
    } catch (error) {
      this.notice = { kind: 'error', text: loginErrorText(error) };
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-login-view': LoginView;
  }
  interface HTMLElementEventMap {
    'signed-in': CustomEvent<User>;
  }
}
