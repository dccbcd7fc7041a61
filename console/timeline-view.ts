/**
 * `<gk-timeline-view>`: what one screen shows today or this week, from
 * GET /api/screens/:id/timeline (computed by the shared resolver). Each Shanghai day is a bar of
 * segments, and a table names, for each segment, the winning entry, where it comes from, its
 * priority, why it wins and which overlapping entries it displaces.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  DAY_MS,
  addDays,
  shanghaiDate,
  shanghaiParts,
  startOfShanghaiDay,
} from '../shared/shanghai-time.ts';
import { getTimeline } from './api.ts';
import type { TimelineEntry, TimelineSegment } from './api-types.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { cssProps } from './css-props.ts';
import { baseStyles } from './styles.ts';

const WEEKDAY_NAMES = ['一', '二', '三', '四', '五', '六', '日'];
const PALETTE = ['#cfe0fc', '#d7f0dc', '#fde7c8', '#ead7f7', '#fbd5d5', '#d3eef0'];

type Span = 'today' | 'week';

function clock(instant: number): string {
  const parts = shanghaiParts(instant);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(parts.hour)}:${pad(parts.minute)}`;
}

/** The entries in rotation during a segment, from either shape of the answer. */
function playingOf(segment: TimelineSegment): TimelineEntry[] {
  if (segment.playing) return segment.playing;
  if (segment.entryId === null || segment.entryId === undefined) return [];
  return [
    {
      entryId: segment.entryId,
      title: segment.title ?? null,
      priority: segment.priority ?? 0,
      source: segment.source ?? 'screen',
    },
  ];
}

function overriddenOf(segment: TimelineSegment): TimelineEntry[] {
  return segment.overridden ?? segment.overrides ?? [];
}

function titlesOf(entries: TimelineEntry[]): string {
  return entries.map((entry) => entry.title ?? '（无标题）').join('、');
}

function sourceLabel(source: string | undefined): string {
  if (!source) return '—';
  if (source === 'screen') return '本屏幕排期';
  if (source.startsWith('group:')) return `分组「${source.slice(6)}」`;
  return source;
}

@customElement('gk-timeline-view')
export class TimelineView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .day {
        display: grid;
        grid-template-columns: 7.5rem minmax(0, 1fr);
        gap: 0.5rem;
        align-items: center;
        margin-bottom: 0.3rem;
      }

      .bar {
        position: relative;
        height: 2.2rem;
        background: #f3f5f7;
        border: 1px solid #d0d7de;
        overflow: hidden;
      }

      .segment {
        position: absolute;
        top: 0;
        bottom: 0;
        border-right: 1px solid #5f6b7a;
        font-size: 0.75rem;
        overflow: hidden;
        white-space: nowrap;
        padding: 0 0.2rem;
        line-height: 2.2rem;
      }

      .scale {
        display: flex;
        justify-content: space-between;
        font-size: 0.75rem;
        color: #4f5b67;
      }

      @media (max-width: 720px) {
        .day {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];

  @property({ type: Number }) screenId = 0;

  @state() private span: Span = 'today';
  @state() private segments: TimelineSegment[] | undefined;
  @state() private notice: Notice | null = null;
  @state() private firstDay = shanghaiDate(Date.now());

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    const today = shanghaiDate(Date.now());
    const weekday = shanghaiParts(Date.now()).weekday;
    this.firstDay = this.span === 'today' ? today : addDays(today, 1 - weekday);
    this.segments = undefined;
    this.notice = null;
    try {
      this.segments = await getTimeline(
        this.screenId,
        this.firstDay,
        this.span === 'today' ? 1 : 7,
      );
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取时间线', error) };
    }
  }

  override render() {
    return html`
      <section class="panel" aria-labelledby="timeline-heading">
        <h3 id="timeline-heading">时间线（北京时间）</h3>
        <div class="row" role="group" aria-label="时间范围">
          ${(['today', 'week'] as const).map(
            (span) =>
              html`<button
                aria-pressed=${this.span === span ? 'true' : 'false'}
                class=${this.span === span ? 'primary' : ''}
                @click=${() => this.#show(span)}
              >
                ${span === 'today' ? '今天' : '本周'}
              </button>`,
          )}
          <button @click=${() => this.#load()}>刷新</button>
        </div>
        ${renderNotice(this.notice)} ${this.#renderBody()}
      </section>
    `;
  }

  #show(span: Span) {
    this.span = span;
    void this.#load();
  }

  #renderBody() {
    const segments = this.segments;
    if (!segments) return this.notice ? '' : html`<p>正在读取……</p>`;
    if (segments.length === 0) {
      return html`<p>这段时间没有排期，屏幕显示办公时间和联系方式。</p>`;
    }

    const days = Array.from({ length: this.span === 'today' ? 1 : 7 }, (_, index) =>
      addDays(this.firstDay, index),
    );
    const colours = new Map<string, string>();
    const colourOf = (segment: TimelineSegment) => {
      const playing = playingOf(segment);
      if (playing.length === 0) return '#ffffff';
      const key = playing.map((entry) => entry.entryId).join(',');
      if (!colours.has(key)) colours.set(key, PALETTE[colours.size % PALETTE.length]!);
      return colours.get(key)!;
    };
    return html`
      <div aria-hidden="true">
        ${days.map((day) => this.#renderDay(day, segments, colourOf))}
        <div class="day">
          <span></span>
          <div class="scale">
            <span>0:00</span><span>6:00</span><span>12:00</span><span>18:00</span><span>24:00</span>
          </div>
        </div>
      </div>
      ${this.#renderTable(segments)}
    `;
  }

  #renderDay(
    day: string,
    segments: TimelineSegment[],
    colourOf: (segment: TimelineSegment) => string,
  ) {
    const start = startOfShanghaiDay(day);
    const end = start + DAY_MS;
    const weekday = WEEKDAY_NAMES[shanghaiParts(start).weekday - 1];
    return html`<div class="day">
      <span>${day.slice(5)} 星期${weekday}</span>
      <div class="bar">
        ${segments.map((segment) => {
          const from = Math.max(start, Date.parse(segment.from));
          const until = Math.min(end, Date.parse(segment.until));
          if (until <= from) return '';
          const style = cssProps({
            left: `${((from - start) / DAY_MS) * 100}%`,
            width: `${((until - from) / DAY_MS) * 100}%`,
            background: colourOf(segment),
          });
          const label = titlesOf(playingOf(segment)) || '无排期';
          return html`<div class="segment" data-css=${style} title=${label}>${label}</div>`;
        })}
      </div>
    </div>`;
  }

  #renderTable(segments: TimelineSegment[]) {
    return html`
      <table class="stack timeline">
        <thead>
          <tr>
            <th scope="col">时间</th>
            <th scope="col">显示（轮播）</th>
            <th scope="col">来源 · 优先级</th>
            <th scope="col">原因</th>
            <th scope="col">同时段被压过的项</th>
          </tr>
        </thead>
        <tbody>
          ${segments.map((segment) => {
            const from = Date.parse(segment.from);
            const until = Date.parse(segment.until);
            const sameDay = shanghaiDate(from) === shanghaiDate(until - 1);
            const time = `${shanghaiDate(from).slice(5)} ${clock(from)} – ${
              sameDay ? '' : `${shanghaiDate(until).slice(5)} `
            }${clock(until)}`;
            return html`<tr>
              <td data-label="时间">${time}</td>
              <td data-label="显示">
                ${titlesOf(playingOf(segment)) || '无排期（显示办公时间和联系方式）'}
              </td>
              <td data-label="来源 · 优先级">
                ${
                  playingOf(segment)
                    .map((entry) => `${sourceLabel(entry.source)} · ${entry.priority}`)
                    .join('；') || '—'
                }
              </td>
              <td data-label="原因">${segment.reason}</td>
              <td data-label="被压过">
                ${
                  overriddenOf(segment)
                    .map(
                      (entry) =>
                        `${entry.title ?? '—'}（${sourceLabel(entry.source)}，优先级 ${entry.priority}）`,
                    )
                    .join('；') || '—'
                }
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-timeline-view': TimelineView;
  }
}
