/**
 * `<gk-slide-preview>`: what the kiosk will show, rendered by the kiosk's own
 * `<gongkai-slide-view>` at 1920x1080 (横屏) or 1080x1920 (竖屏), scaled down to the width
 * available, with page navigation (第 n/m 页).
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import '../display/slide-view.ts';
import type { SlideContent } from '../shared/protocol.ts';
import type { Orientation } from './api-types.ts';
import { cssProps } from './css-props.ts';
import { baseStyles } from './styles.ts';

const SIZES: Record<Orientation, { width: number; height: number }> = {
  landscape: { width: 1920, height: 1080 },
  portrait: { width: 1080, height: 1920 },
};

/** Tallest a portrait preview may be, in CSS pixels, so that it stays beside the editor. */
const MAX_PORTRAIT_HEIGHT = 640;

@customElement('gk-slide-preview')
export class SlidePreview extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .stage {
        position: relative;
        overflow: hidden;
        border: 1px solid #5f6b7a;
        background: #000000;
        margin: 0.5rem 0;
      }

      gongkai-slide-view {
        position: absolute;
        left: 0;
        top: 0;
        transform-origin: 0 0;
      }

      .nav {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
      }

      fieldset {
        display: flex;
        gap: 1rem;
        flex-wrap: wrap;
      }
    `,
  ];

  @property({ attribute: false }) content: SlideContent | null = null;
  @property({ attribute: 'committee-name' }) committeeName = '';

  @state() private orientation: Orientation = 'landscape';
  @state() private page = 0;
  @state() private pageCount = 0;
  @state() private availableWidth = 0;

  #observer = new ResizeObserver((entries) => {
    const width = Math.floor(entries[0]?.contentRect.width ?? 0);
    if (width !== this.availableWidth) this.availableWidth = width;
  });

  override connectedCallback() {
    super.connectedCallback();
    this.#observer.observe(this);
  }

  override disconnectedCallback() {
    this.#observer.disconnect();
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>) {
    if (changed.has('content') || changed.has('orientation')) {
      this.page = Math.min(this.page, Math.max(0, this.pageCount - 1));
    }
  }

  override render() {
    const size = SIZES[this.orientation];
    const width = Math.max(160, this.availableWidth - 2);
    const scale = Math.min(
      width / size.width,
      this.orientation === 'portrait' ? MAX_PORTRAIT_HEIGHT / size.height : 1,
    );
    const stageWidth = Math.round(size.width * scale);
    const stageHeight = Math.round(size.height * scale);
    const pageCount = Math.max(1, this.pageCount);
    return html`
      <fieldset>
        <legend>预览方向</legend>
        ${(['landscape', 'portrait'] as const).map(
          (value) =>
            html`<label>
              <input
                type="radio"
                name="orientation"
                .checked=${this.orientation === value}
                @change=${() => this.#setOrientation(value)}
              />
              ${value === 'landscape' ? '横屏 1920×1080' : '竖屏 1080×1920'}
            </label>`,
        )}
      </fieldset>
      ${
        this.content
          ? html`<div
              class="stage"
              role="img"
              aria-label="屏幕预览，第 ${this.page + 1}/${pageCount} 页"
              data-css=${cssProps({ width: `${stageWidth}px`, height: `${stageHeight}px` })}
            >
              <gongkai-slide-view
                data-css=${cssProps({ transform: `scale(${scale})` })}
                .content=${this.content}
                .page=${this.page}
                .pageWidth=${size.width}
                .pageHeight=${size.height}
                .committeeName=${this.committeeName}
                clock-text="预览"
                @page-count=${this.#onPageCount}
              ></gongkai-slide-view>
            </div>`
          : html`<p class="hint">填写标题和正文后，这里显示屏幕上的样子。</p>`
      }
      <div class="nav">
        <button
          type="button"
          ?disabled=${this.page <= 0}
          @click=${() => (this.page = Math.max(0, this.page - 1))}
        >
          上一页
        </button>
        <span class="page-label" aria-live="polite">第 ${this.page + 1}/${pageCount} 页</span>
        <button
          type="button"
          ?disabled=${this.page >= pageCount - 1}
          @click=${() => (this.page = Math.min(pageCount - 1, this.page + 1))}
        >
          下一页
        </button>
      </div>
      <p class="hint">与屏幕显示一致：内容放不下时自动分页，每页在屏幕上各显示一段时间。</p>
    `;
  }

  #setOrientation(value: Orientation) {
    this.orientation = value;
    this.page = 0;
  }

  #onPageCount(event: CustomEvent<{ pageCount: number }>) {
    this.pageCount = event.detail.pageCount;
    if (this.page >= this.pageCount) this.page = Math.max(0, this.pageCount - 1);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-slide-preview': SlidePreview;
  }
}
