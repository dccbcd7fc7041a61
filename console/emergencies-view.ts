/**
 * 紧急通知 (admin): issue a 居民告知书 to every screen or chosen ones, follow each screen's
 * confirmation time and whether it came within 2 hours of the event, and clear it; and 滚动字幕
 * (tickers): add with an optional window in Shanghai time, and clear.
 */
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import {
  clearEmergency,
  clearTicker,
  createTicker,
  issueEmergency,
  listEmergencies,
  listScreens,
  listTickers,
} from './api.ts';
import type { Emergency, Screen, Ticker } from './api-types.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { formatInstant, shanghaiLocalToIso } from './shanghai-input.ts';
import { baseStyles } from './styles.ts';

/** How often confirmations refresh while the view is open, in milliseconds. */
const REFRESH_INTERVAL_MS = 15_000;

@customElement('gk-emergencies-view')
export class EmergenciesView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .checks {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
      }

      .late {
        color: #b3261e;
        font-weight: 600;
      }

      .in-time {
        color: #1e7a34;
        font-weight: 600;
      }

      article {
        border: 1px solid #d0d7de;
        border-radius: 6px;
        padding: 0.5rem 0.75rem;
        margin-bottom: 0.75rem;
      }

      article.active {
        border-left: 6px solid #b3261e;
      }
    `,
  ];

  @state() private screens: Screen[] = [];
  @state() private emergencies: Emergency[] | undefined;
  @state() private tickers: Ticker[] = [];
  @state() private notice: Notice | null = null;
  @state() private emergencyNotice: Notice | null = null;
  @state() private tickerNotice: Notice | null = null;
  @state() private busy = false;
  @state() private emergencyToAll = true;
  @state() private tickerToAll = true;

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
      const [screens, emergencies, tickers] = await Promise.all([
        listScreens(),
        listEmergencies(),
        listTickers(),
      ]);
      this.screens = screens.filter((screen) => !screen.revoked);
      this.emergencies = emergencies;
      this.tickers = tickers;
      if (this.notice?.kind === 'error') this.notice = null;
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取紧急通知', error) };
    }
  }

  override render() {
    return html`
      <h2>紧急通知</h2>
      ${renderNotice(this.notice)} ${this.#renderIssueForm()} ${this.#renderEmergencies()}
      <h2>滚动字幕</h2>
      ${this.#renderTickerForm()} ${this.#renderTickers()}
    `;
  }

  #renderScreenChoice(name: string, toAll: boolean, setAll: (all: boolean) => void) {
    return html`<fieldset>
      <legend>发送到哪些屏幕</legend>
      <label>
        <input type="radio" name="${name}-scope" .checked=${toAll} @change=${() => setAll(true)} />
        全部屏幕
      </label>
      <label>
        <input
          type="radio"
          name="${name}-scope"
          .checked=${!toAll}
          @change=${() => setAll(false)}
        />
        指定屏幕
      </label>
      ${
        toAll
          ? ''
          : html`<div class="checks">
              ${this.screens.map(
                (screen) =>
                  html`<label>
                    <input type="checkbox" name="${name}-screen" value=${screen.id} />
                    ${screen.name}
                  </label>`,
              )}
            </div>`
      }
    </fieldset>`;
  }

  #renderIssueForm() {
    return html`
      <form class="panel" @submit=${this.#onIssue} novalidate>
        <h3>发布居民告知书</h3>
        <p class="notice warn">
          告知书立即全屏显示在所选屏幕上，盖过其他内容，直到“解除”。按公开目录，事件发生后 2
          小时内应当告知居民。
        </p>
        <label class="field">
          <span>标题</span>
          <input name="title" value="居民告知书" maxlength="200" />
        </label>
        <label class="field">
          <span>正文</span>
          <textarea name="body"></textarea>
        </label>
        <label class="field">
          <span>事件发生时间（北京时间，不填为现在）</span>
          <input type="datetime-local" name="eventAt" />
        </label>
        ${this.#renderScreenChoice('emergency', this.emergencyToAll, (all) => {
          this.emergencyToAll = all;
        })}
        ${renderNotice(this.emergencyNotice)}
        <button class="primary" type="submit" ?disabled=${this.busy}>立即发布告知书</button>
      </form>
    `;
  }

  #renderEmergencies() {
    const emergencies = this.emergencies;
    if (!emergencies) return this.notice ? '' : html`<p>正在读取……</p>`;
    if (emergencies.length === 0) return html`<p>没有紧急通知。</p>`;

    return emergencies.map((emergency) => this.#renderEmergency(emergency));
  }

  #renderEmergency(emergency: Emergency) {
    const active = emergency.clearedAt === null;
    const targets =
      emergency.screens === null
        ? this.screens
        : this.screens.filter((screen) => emergency.screens!.includes(screen.id));
    return html`<article class=${active ? 'active' : ''}>
      <h3>${emergency.title}（${active ? '显示中' : '已解除'}）</h3>
      <p>
        事件时间 ${formatInstant(emergency.eventAt)} · 发布 ${formatInstant(emergency.issuedAt)}
        ${active ? '' : html` · 解除 ${formatInstant(emergency.clearedAt)}`} ·
        ${emergency.screens === null ? '全部屏幕' : `${emergency.screens.length} 块屏幕`}
      </p>
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">屏幕</th>
            <th scope="col">屏幕确认显示时间</th>
            <th scope="col">距事件</th>
            <th scope="col">2 小时内</th>
          </tr>
        </thead>
        <tbody>
          ${targets.map((screen) => {
            const receipt = emergency.receipts.find((entry) => entry.screenId === screen.id);
            return html`<tr>
              <td data-label="屏幕">${screen.name}</td>
              <td data-label="确认时间">
                ${receipt ? formatInstant(receipt.shownAt) : '尚未确认'}
              </td>
              <td data-label="距事件">${receipt ? `${receipt.minutesAfterEvent} 分钟` : '—'}</td>
              <td data-label="2 小时内">
                ${
                  receipt
                    ? receipt.withinTwoHours
                      ? html`<span class="in-time">是</span>`
                      : html`<span class="late">否，超过 2 小时</span>`
                    : '—'
                }
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
      ${
        active
          ? html`<button class="danger" @click=${() => this.#clearEmergency(emergency)}>
              解除告知书
            </button>`
          : ''
      }
    </article>`;
  }

  #renderTickerForm() {
    return html`
      <form class="panel" @submit=${this.#onTicker} novalidate>
        <h3>添加滚动字幕</h3>
        <label class="field">
          <span>字幕内容（最多 500 字）</span>
          <input name="text" maxlength="500" />
        </label>
        <div class="row">
          <label class="field">
            <span>开始（北京时间，可不填）</span>
            <input type="datetime-local" name="from" />
          </label>
          <label class="field">
            <span>结束（北京时间，可不填）</span>
            <input type="datetime-local" name="until" />
          </label>
        </div>
        ${this.#renderScreenChoice('ticker', this.tickerToAll, (all) => {
          this.tickerToAll = all;
        })}
        ${renderNotice(this.tickerNotice)}
        <button class="primary" type="submit" ?disabled=${this.busy}>添加字幕</button>
      </form>
    `;
  }

  #renderTickers() {
    if (this.tickers.length === 0) return html`<p>没有滚动字幕。</p>`;

    return html`<table class="stack">
      <thead>
        <tr>
          <th scope="col">内容</th>
          <th scope="col">时间（北京时间）</th>
          <th scope="col">屏幕</th>
          <th scope="col">状态</th>
          <th scope="col">操作</th>
        </tr>
      </thead>
      <tbody>
        ${this.tickers.map(
          (ticker) =>
            html`<tr>
              <td data-label="内容">${ticker.text}</td>
              <td data-label="时间">
                ${ticker.from ? formatInstant(ticker.from) : '立即'} 至
                ${ticker.until ? formatInstant(ticker.until) : '解除为止'}
              </td>
              <td data-label="屏幕">
                ${ticker.screens === null ? '全部' : `${ticker.screens.length} 块`}
              </td>
              <td data-label="状态">
                ${ticker.clearedAt ? `已解除 ${formatInstant(ticker.clearedAt)}` : '有效'}
              </td>
              <td data-label="操作" class="actions">
                ${
                  ticker.clearedAt
                    ? ''
                    : html`<button class="danger" @click=${() => this.#clearTicker(ticker)}>
                        解除
                      </button>`
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  /** Chosen screen ids, null for all, or a message when none is chosen. */
  #chosenScreens(data: FormData, name: string, toAll: boolean): number[] | null | string {
    if (toAll) return null;
    const ids = data.getAll(`${name}-screen`).map(Number);
    return ids.length ? ids : '请至少选择一块屏幕，或选“全部屏幕”。';
  }

  async #onIssue(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const body = String(data.get('body') ?? '').trim();
    const eventAtLocal = String(data.get('eventAt') ?? '');
    const screens = this.#chosenScreens(data, 'emergency', this.emergencyToAll);
    const problem = !title
      ? '请填写标题。'
      : !body
        ? '请填写正文，写明发生了什么、居民应当怎么做。'
        : typeof screens === 'string'
          ? screens
          : eventAtLocal && !shanghaiLocalToIso(eventAtLocal)
            ? '事件发生时间无效。'
            : '';
    if (problem) {
      this.emergencyNotice = { kind: 'error', text: problem };
      return;
    }
    const where = screens === null ? '全部屏幕' : `${(screens as number[]).length} 块屏幕`;
    if (!window.confirm(`立即在${where}上全屏显示「${title}」吗？`)) return;

    const eventAt = eventAtLocal ? shanghaiLocalToIso(eventAtLocal)! : undefined;
    await this.#run('emergency', '发布告知书', async () => {
      await issueEmergency({
        title,
        body,
        ...(eventAt ? { eventAt } : {}),
        ...(screens ? { screens: screens as number[] } : {}),
      });
      form.reset();
      return `已发布「${title}」，下面可看到各屏幕的确认时间。`;
    });
  }

  async #onTicker(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = String(data.get('text') ?? '').trim();
    const fromLocal = String(data.get('from') ?? '');
    const untilLocal = String(data.get('until') ?? '');
    const from = fromLocal ? shanghaiLocalToIso(fromLocal) : null;
    const until = untilLocal ? shanghaiLocalToIso(untilLocal) : null;
    const screens = this.#chosenScreens(data, 'ticker', this.tickerToAll);
    const problem = !text
      ? '请填写字幕内容。'
      : typeof screens === 'string'
        ? screens
        : from && until && Date.parse(until) <= Date.parse(from)
          ? '结束时间必须晚于开始时间。'
          : '';
    if (problem) {
      this.tickerNotice = { kind: 'error', text: problem };
      return;
    }

    await this.#run('ticker', '添加字幕', async () => {
      await createTicker({
        text,
        from,
        until,
        ...(screens ? { screens: screens as number[] } : {}),
      });
      form.reset();
      return '已添加滚动字幕。';
    });
  }

  async #clearEmergency(emergency: Emergency) {
    if (!window.confirm(`解除「${emergency.title}」后，屏幕恢复正常显示。确定解除吗？`)) return;
    await this.#run('list', '解除告知书', async () => {
      await clearEmergency(emergency.id);
      return `已解除「${emergency.title}」。`;
    });
  }

  async #clearTicker(ticker: Ticker) {
    if (!window.confirm('确定解除这条滚动字幕吗？')) return;
    await this.#run('ticker', '解除字幕', async () => {
      await clearTicker(ticker.id);
      return '已解除滚动字幕。';
    });
  }

  async #run(where: 'emergency' | 'ticker' | 'list', action: string, work: () => Promise<string>) {
    this.busy = true;
    let notice: Notice;
    try {
      notice = { kind: 'ok', text: await work() };
    } catch (error) {
      notice = { kind: 'error', text: describeError(action, error) };
    } finally {
      this.busy = false;
    }
    if (where === 'emergency') this.emergencyNotice = notice;
    else if (where === 'ticker') this.tickerNotice = notice;
    else this.notice = notice;
    await this.#load();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-emergencies-view': EmergenciesView;
  }
}
