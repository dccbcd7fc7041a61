/**
 * 台账 (every role): for each catalog item, whether each piece of information was published on
 * every channel in time, overdue and due-soon items first. Dates are Shanghai calendar dates, and
 * the range filters by the date the information was formed or changed. Channels that are not screens
 * are proved by staff records, entered here with 登记. The page prints to A4 for an inspector.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getLedger, ledgerCsvHref, type LedgerRange } from './api.ts';
import type {
  Catalog,
  Ledger,
  LedgerChannelStatus,
  LedgerFirstNotice,
  LedgerItem,
  LedgerObligation,
  LedgerStatus,
  User,
} from './api-types.ts';
import './channel-record-form.ts';
import { describeError } from './error-text.ts';
import {
  LEDGER_STATUS_LABELS,
  channelStatusText,
  firstNoticeStatusText,
  itemStatusText,
} from './ledger-labels.ts';
import { renderNotice, type Notice } from './notice.ts';
import { can } from './roles.ts';
import { formatInstant } from './shanghai-input.ts';
import { baseStyles } from './styles.ts';

const SUMMARY_STATUSES: LedgerStatus[] = ['overdue', 'due', 'late', 'on-time'];

/** The channel of one piece of information that the 登记 form is open for. */
interface RecordTarget {
  disclosureId: number;
  formedOn: string;
  channel: string;
}

/** Describe years as runs, such as 「2004–2026 年」 or 「2004–2020、2026 年」. */
function describeYears(years: number[]): string {
  const runs: [number, number][] = [];
  for (const year of [...years].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && year === last[1] + 1) last[1] = year;
    else runs.push([year, year]);
  }
  const text = runs.map(([first, last]) => (first === last ? `${first}` : `${first}–${last}`));
  return `${text.join('、')} 年`;
}

@customElement('gk-ledger-view')
export class LedgerView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .meta {
        margin: 0 0 0.75rem;
      }

      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: flex-end;
      }

      .toolbar .field {
        margin-bottom: 0;
      }

      .summary {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        list-style: none;
        padding: 0;
        margin: 1rem 0;
      }

      .summary li {
        border: 1px solid #d0d7de;
        border-left-width: 6px;
        border-radius: 4px;
        padding: 0.35rem 0.75rem;
        min-width: 8rem;
      }

      .summary strong {
        font-size: 1.3rem;
        margin-left: 0.4rem;
      }

      .status {
        font-weight: 600;
      }

      .status-overdue {
        color: #b3261e;
        border-left-color: #b3261e;
      }

      .status-due {
        color: #7a4b00;
        border-left-color: #946200;
      }

      .status-late {
        color: #8c3b00;
        border-left-color: #8c3b00;
      }

      .status-on-time {
        color: #1e7a34;
        border-left-color: #1e7a34;
      }

      .status-not-due {
        color: #4f5b67;
      }

      .obligation + .obligation {
        border-top: 1px dashed #d0d7de;
        margin-top: 0.4rem;
        padding-top: 0.4rem;
      }

      .obligation p {
        margin: 0.1rem 0;
      }

      .channels {
        margin: 0.25rem 0 0;
        padding-left: 1.2rem;
      }

      .channels button {
        margin-left: 0.5rem;
        min-height: 1.9rem;
        padding: 0 0.6rem;
      }

      .estimate {
        font-weight: 600;
      }

      th.number,
      td.number {
        white-space: nowrap;
      }

      th.category {
        width: 4.5em;
      }

      th.status-column {
        width: 8em;
      }

      th.channels-column {
        width: 40%;
      }

      @media print {
        .summary li {
          border-color: #000000;
          color: #000000;
        }

        .status {
          color: #000000;
        }
      }
    `,
  ];

  @property({ attribute: false }) catalog: Catalog | undefined;
  @property({ attribute: false }) user: User | undefined;

  @state() private ledger: Ledger | undefined;
  @state() private range: LedgerRange = {};
  @state() private notice: Notice | null = null;
  @state() private busy = false;
  @state() private recording: RecordTarget | null = null;

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    this.busy = true;
    try {
      this.ledger = await getLedger(this.range);
      if (this.notice?.kind === 'error') this.notice = null;
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取台账', error) };
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const committee = this.catalog?.committee.name ?? '';
    return html`
      <h2>${committee ? `${committee} ` : ''}公开台账</h2>
      ${this.#renderMeta()} ${this.#renderToolbar()} ${renderNotice(this.notice)}
      ${this.#renderBody()}
    `;
  }

  #renderMeta() {
    const ledger = this.ledger;
    if (!ledger) return nothing;

    const range =
      ledger.from || ledger.to ? `${ledger.from ?? '最早'} 至 ${ledger.to ?? '今'}` : '不限';
    return html`<p class="meta">
      信息形成日期范围：${range} · 生成时间：${formatInstant(ledger.generatedAt)}（北京时间）
    </p>`;
  }

  #renderToolbar() {
    return html`
      <div class="toolbar no-print">
        <form class="row" @submit=${this.#onRange} aria-label="台账日期范围">
          <label class="field">
            <span>形成日期从</span>
            <input type="date" name="from" .value=${this.range.from ?? ''} />
          </label>
          <label class="field">
            <span>到（含当天）</span>
            <input type="date" name="to" .value=${this.range.to ?? ''} />
          </label>
          <button class="primary" type="submit" ?disabled=${this.busy}>查询</button>
          <button type="button" ?disabled=${this.busy} @click=${this.#clearRange}>全部日期</button>
        </form>
        <div class="row">
          <button type="button" @click=${() => window.print()}>打印</button>
          <a href=${ledgerCsvHref(this.range)} download>导出 CSV</a>
        </div>
      </div>
    `;
  }

  #renderBody() {
    const ledger = this.ledger;
    if (!ledger) return this.notice ? nothing : html`<p>正在读取……</p>`;

    return html`
      ${this.#renderSummary(ledger)} ${this.#renderCalendarNote(ledger)}
      <table class="stack">
        <thead>
          <tr>
            <th scope="col" class="number">序号</th>
            <th scope="col" class="category">类别</th>
            <th scope="col">事项</th>
            <th scope="col">公开时限</th>
            <th scope="col" class="status-column">状态</th>
            <th scope="col" class="channels-column">公开信息与各渠道</th>
          </tr>
        </thead>
        <tbody>
          ${ledger.items.map((item) => this.#renderItem(item, ledger.today))}
        </tbody>
      </table>
    `;
  }

  #renderSummary(ledger: Ledger) {
    const counts = new Map<LedgerStatus, number>();
    for (const item of ledger.items) {
      const statuses = [
        ...item.obligations.map((obligation) => obligation.status),
        ...item.firstNotices.map((notice) => notice.status),
      ];
      for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
    }
    return html`
      <ul class="summary" aria-label="按公开信息条数统计">
        ${SUMMARY_STATUSES.map(
          (status) =>
            html`<li class="status-${status}">
              ${LEDGER_STATUS_LABELS[status]}<strong>${counts.get(status) ?? 0}</strong> 条
            </li>`,
        )}
      </ul>
    `;
  }

  #renderCalendarNote(ledger: Ledger) {
    if (ledger.coveredYears.length === 0) return nothing;

    return html`<p class="hint">
      已载入官方工作日安排的年份：${describeYears(ledger.coveredYears)}。截止日期落在其他年份的标为「估算」。
    </p>`;
  }

  #renderItem(item: LedgerItem, today: string) {
    const empty = item.obligations.length === 0 && item.firstNotices.length === 0;
    return html`
      <tr>
        <td data-label="序号" class="number">${item.number}</td>
        <td data-label="类别">${item.category}</td>
        <td data-label="事项">${item.matterFirst} / ${item.matterSecond}</td>
        <td data-label="公开时限">
          <div>${item.timeLimit}<br /><span class="hint">${item.rule}</span></div>
        </td>
        <td data-label="状态">
          <span class="status status-${item.status}">${itemStatusText(item)}</span>
        </td>
        <td data-label="公开信息">
          <div>
            ${empty ? html`<span class="hint">本范围内没有需要公开的信息</span>` : nothing}
            ${item.obligations.map((obligation) => this.#renderObligation(item, obligation, today))}
            ${item.firstNotices.map((notice) => this.#renderFirstNotice(notice))}
          </div>
        </td>
      </tr>
    `;
  }

  #renderObligation(item: LedgerItem, obligation: LedgerObligation, today: string) {
    const versions = obligation.versions.map((version) => `第 ${version} 版`).join('、');
    return html`
      <div class="obligation keep-together">
        <p><strong>${obligation.title}</strong> <span class="hint">（${versions}）</span></p>
        <p>
          形成日期：${obligation.formedOn}${obligation.formedOnAssumed ? '（未填，按创建日期）' : ''}
          · 截止日期：${obligation.deadline}
          ${
            obligation.estimate
              ? html`<span class="estimate">「估算」</span>${obligation.estimateReason ?? ''}`
              : nothing
          }
        </p>
        <ul class="channels">
          ${obligation.channels.map((channel) =>
            this.#renderChannel(item, obligation, channel, today),
          )}
        </ul>
        <p class="no-print">
          <a href="#/certificate/${obligation.disclosureId}">发布证明</a>
        </p>
      </div>
    `;
  }

  #renderChannel(
    item: LedgerItem,
    obligation: LedgerObligation,
    channel: LedgerChannelStatus,
    today: string,
  ) {
    const byStaff =
      item.channels.find((candidate) => candidate.key === channel.key)?.evidence ===
      'staff records';
    const open = (channel.status === 'due' || channel.status === 'overdue') && byStaff;
    const target = this.recording;
    const formOpen =
      target !== null &&
      target.disclosureId === obligation.disclosureId &&
      target.formedOn === obligation.formedOn &&
      target.channel === channel.key;
    const mayRecord = can(this.user, 'write') || can(this.user, 'review');
    return html`
      <li>
        ${channel.label}：<span class="status status-${channel.status}"
          >${channelStatusText(channel)}</span
        >
        ${
          open && mayRecord && !formOpen
            ? html`<button
                type="button"
                aria-label="登记 ${obligation.title} 在${channel.label}的公开"
                @click=${() =>
                  (this.recording = {
                    disclosureId: obligation.disclosureId,
                    formedOn: obligation.formedOn,
                    channel: channel.key,
                  })}
              >
                登记
              </button>`
            : nothing
        }
        ${
          formOpen
            ? html`<gk-channel-record-form
                class="no-print"
                .disclosureId=${obligation.disclosureId}
                .channel=${channel.key}
                .channelLabel=${channel.label}
                .disclosureTitle=${obligation.title}
                .today=${today}
                @channel-recorded=${this.#onRecorded}
                @record-cancelled=${() => (this.recording = null)}
              ></gk-channel-record-form>`
            : nothing
        }
      </li>
    `;
  }

  #renderFirstNotice(notice: LedgerFirstNotice) {
    return html`
      <div class="obligation keep-together">
        <p><strong>首次告知：${notice.title}</strong></p>
        <p>
          事件发生：${formatInstant(notice.eventAt)} · 截止：${formatInstant(notice.dueAt)} ·
          首次显示：${notice.firstShownAt ? formatInstant(notice.firstShownAt) : '尚未显示'}
        </p>
        <p>
          <span class="status status-${notice.status}">${firstNoticeStatusText(notice)}</span>
        </p>
      </div>
    `;
  }

  async #onRecorded() {
    this.recording = null;
    this.notice = { kind: 'ok', text: '已登记公开记录，台账已更新。' };
    await this.#load();
  }

  async #onRange(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const from = String(data.get('from') ?? '').trim();
    const to = String(data.get('to') ?? '').trim();
    const range: LedgerRange = {};
    if (from) range.from = from;
    if (to) range.to = to;
    this.range = range;
    await this.#load();
  }

  async #clearRange() {
    this.range = {};
    await this.#load();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-ledger-view': LedgerView;
  }
}
