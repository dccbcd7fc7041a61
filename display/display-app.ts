/**
 * `<gongkai-display>`: the full-screen kiosk page. It shows the current slide page, the fallback
 * slide when nothing is scheduled, the pairing code while the screen is unpaired, or a notice when
 * the screen cannot show content. A small text indicator appears while the connection is down.
 *
 * Kiosk lockdown: the page has no key or pointer handlers, so a person at the screen cannot unpair
 * it. Only revoking the screen in the console does.
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { formatClockText, formatDateText, formatTimeText } from './clock-text.ts';
import { DisplayController } from './display-controller.ts';
import { pairingPage, pairingStyles } from './pairing-page.ts';
import { screenStyles } from './screen-styles.ts';
import { fallbackPage, noticePage, type ScreenFrame } from './slide-templates.ts';
import { applyPageSize, orientationOf } from './slide-view.ts';
import './slide-view.ts';

export class DisplayApp extends LitElement {
  static override styles = [
    css`
      :host {
        position: fixed;
        inset: 0;
        overflow: hidden;
        background: #fbf9f4;
      }

      .connection {
        position: absolute;
        right: calc(var(--gk-u) * 16);
        bottom: calc(var(--gk-u) * 12);
        padding: 0.1em 0.6em;
        border-radius: 6px;
        background: #3a3a3a;
        color: #ffffff;
        font-family: 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', sans-serif;
        font-size: max(24px, calc(var(--gk-u) * 26));
        opacity: 0.85;
      }
    `,
    screenStyles,
    pairingStyles,
  ];

  /** Screen token from the address or storage; read once, at the first connect. */
  token: string | null = null;

  readonly #controller = new DisplayController(this, () => this.token);

  protected override willUpdate(): void {
    applyPageSize(this, this.#controller.size);
  }

  protected override render(): TemplateResult {
    return html`${this.#screen()}${this.#connectionIndicator()}`;
  }

  #screen(): TemplateResult {
    const controller = this.#controller;
    const size = controller.size;
    const frame: ScreenFrame = {
      orientation: orientationOf(size),
      committeeName: controller.committeeName,
      clockText: formatClockText(controller.now),
      ticker: controller.ticker,
    };

    switch (controller.status) {
      case 'unpaired':
        return pairingPage(frame, controller.pairing ?? { phase: 'requesting' }, location.origin);
      case 'replaced':
        return noticePage(frame, '此屏幕已在其他地方打开', '同一个显示地址已在另一台设备上打开。');
      case 'unauthorized':
        return noticePage(frame, '屏幕令牌无效或已撤销', '请工作人员重新配对此屏幕。');
    }

    const playing = controller.playing;
    if (playing) {
      return html`<gongkai-slide-view
        .content=${playing.content}
        .page=${playing.page}
        .pageWidth=${size.width}
        .pageHeight=${size.height}
        .committeeName=${frame.committeeName}
        .clockText=${frame.clockText}
        .ticker=${frame.ticker}
      ></gongkai-slide-view>`;
    }

    const fallback = controller.fallback;
    return fallbackPage(frame, {
      ...fallback,
      dateText: formatDateText(controller.now),
      timeText: formatTimeText(controller.now),
    });
  }

  #connectionIndicator(): TemplateResult | typeof nothing {
    switch (this.#controller.status) {
      case 'offline':
        return html`<div class="connection">离线</div>`;
      case 'connecting':
        return html`<div class="connection">连接中</div>`;
      default:
        return nothing;
    }
  }
}

customElements.define('gongkai-display', DisplayApp);

declare global {
  interface HTMLElementTagNameMap {
    'gongkai-display': DisplayApp;
  }
}
