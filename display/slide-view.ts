/**
 * `<gongkai-slide-view>`: one page of a disclosure slide on a whole screen (header band included),
 * at a given page size. The kiosk shows it full-screen. The console preview can show the same
 * element at the screen's size, scaled down, and gets the same pages.
 *
 * Pagination measures real layout in an offscreen sizer that renders the same templates with the
 * same styles at the same size; results are cached by content, size and committee name.
 */
import { LitElement, css, nothing, render, type PropertyValues } from 'lit';
import type { SlideContent } from '../shared/protocol.ts';
import { atomize, paginate, type Page } from './pagination.ts';
import { screenStyles } from './screen-styles.ts';
import { slidePage, type Orientation, type ScreenFrame } from './slide-templates.ts';
import { tickerLayoutKey, type TickerBand } from './ticker.ts';

export interface PageSize {
  /** CSS pixels. */
  width: number;
  height: number;
}

/** Clock text of maximal width, so that measurement never underestimates the header. */
const WIDEST_CLOCK_TEXT = '2026年12月30日 星期三 23:59';
const CACHE_LIMIT = 64;

const cache = new Map<string, Page[]>();
const fingerprints = new WeakMap<SlideContent, string>();
let sizerRoot: ShadowRoot | null = null;

export function orientationOf(size: PageSize): Orientation {
  return size.height > size.width ? 'portrait' : 'landscape';
}

/** Set the size custom properties that the screen styles read, through the CSSOM (CSP-safe). */
export function applyPageSize(element: HTMLElement, size: PageSize): void {
  element.style.setProperty('--gk-w', `${size.width}px`);
  element.style.setProperty('--gk-h', `${size.height}px`);
  element.style.setProperty('--gk-u', `${Math.min(size.width, size.height) / 1080}px`);
}

/**
 * Paginate a slide at a page size, with the ticker band (if any) taking its share of the height.
 * Measures on first use, then returns the cached pages.
 */
export function paginateSlide(
  content: SlideContent,
  size: PageSize,
  committeeName: string,
  ticker: TickerBand | null = null,
): Page[] {
  const layout = tickerLayoutKey(ticker);
  const key = `${size.width}x${size.height}|${committeeName}|${layout}|${fingerprint(content)}`;
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }

  const pages = measurePages(content, size, committeeName, ticker);
  cache.set(key, pages);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return pages;
}

/** Forget measured pages, for instance after web fonts finish loading. */
export function clearPaginationCache(): void {
  cache.clear();
}

function measurePages(
  content: SlideContent,
  size: PageSize,
  committeeName: string,
  ticker: TickerBand | null,
): Page[] {
  const root = sizer(size);
  const frame: ScreenFrame = {
    orientation: orientationOf(size),
    committeeName,
    clockText: WIDEST_CLOCK_TEXT,
    ticker,
  };

  const pages = paginate(atomize(content), (atoms, pageIndex) => {
    render(slidePage(frame, { content, atoms, pageIndex, pageCount: 2 }), root);
    const body = root.querySelector('.body')!;
    const flow = root.querySelector('.flow')!;
    return flow.getBoundingClientRect().height <= body.getBoundingClientRect().height + 0.5;
  });

  render(nothing, root);
  return pages;
}

/** Return the offscreen sizer, a hidden element with its own shadow root and the screen styles. */
function sizer(size: PageSize): ShadowRoot {
  if (!sizerRoot) {
    const host = document.createElement('div');
    host.setAttribute('aria-hidden', 'true');
    Object.assign(host.style, {
      position: 'fixed',
      left: '-40000px',
      top: '0',
      visibility: 'hidden',
      pointerEvents: 'none',
      contain: 'strict',
    });
    document.body.append(host);
    sizerRoot = host.attachShadow({ mode: 'open' });
    sizerRoot.adoptedStyleSheets = [screenStyles.styleSheet!];
  }

  const host = sizerRoot.host as HTMLElement;
  host.style.width = `${size.width}px`;
  host.style.height = `${size.height}px`;
  applyPageSize(host, size);
  return sizerRoot;
}

function fingerprint(content: SlideContent): string {
  let value = fingerprints.get(content);
  if (value === undefined) {
    value = hashText(JSON.stringify(content));
    fingerprints.set(content, value);
  }
  return value;
}

/** Hash a string to 53 bits (cyrb53). A collision would only reuse a wrong cached page split. */
function hashText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${(h2 >>> 0).toString(36)}${(h1 >>> 0).toString(36)}:${text.length}`;
}

/**
 * Fires `page-count` (detail: `{ pageCount }`) whenever the number of pages of the shown content
 * changes. `page` is 0-based and clamped to the last page.
 */
export class SlideView extends LitElement {
  static override styles = [
    css`
      :host {
        display: block;
        width: var(--gk-w);
        height: var(--gk-h);
        overflow: hidden;
      }
    `,
    screenStyles,
  ];

  static override properties = {
    content: { attribute: false },
    page: { type: Number },
    pageWidth: { type: Number, attribute: 'page-width' },
    pageHeight: { type: Number, attribute: 'page-height' },
    committeeName: { attribute: 'committee-name' },
    clockText: { attribute: 'clock-text' },
    ticker: { attribute: false },
  };

  declare content: SlideContent | null;
  declare page: number;
  declare pageWidth: number;
  declare pageHeight: number;
  declare committeeName: string;
  declare clockText: string;
  /** The ticker band under the header; null for none. */
  declare ticker: TickerBand | null;

  #pages: Page[] = [];
  #reportedCount = 0;

  constructor() {
    super();
    this.content = null;
    this.page = 0;
    this.pageWidth = 1920;
    this.pageHeight = 1080;
    this.committeeName = '';
    this.clockText = '';
    this.ticker = null;
  }

  /** Number of pages of the current content at the current size (0 without content). */
  get pageCount(): number {
    return this.#pages.length;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const size = { width: this.pageWidth, height: this.pageHeight };
    if (changed.has('pageWidth') || changed.has('pageHeight')) applyPageSize(this, size);

    if (
      changed.has('content') ||
      changed.has('pageWidth') ||
      changed.has('pageHeight') ||
      changed.has('committeeName') ||
      (changed.has('ticker') &&
        tickerLayoutKey(changed.get('ticker')) !== tickerLayoutKey(this.ticker))
    ) {
      this.#pages = this.content
        ? paginateSlide(this.content, size, this.committeeName, this.ticker)
        : [];
    }
  }

  protected override render() {
    if (!this.content || this.#pages.length === 0) return nothing;

    const pageIndex = Math.min(Math.max(0, Math.floor(this.page)), this.#pages.length - 1);
    const frame: ScreenFrame = {
      orientation: orientationOf({ width: this.pageWidth, height: this.pageHeight }),
      committeeName: this.committeeName,
      clockText: this.clockText,
      ticker: this.ticker,
    };
    return slidePage(frame, {
      content: this.content,
      atoms: this.#pages[pageIndex]!,
      pageIndex,
      pageCount: this.#pages.length,
    });
  }

  protected override updated(): void {
    if (this.#pages.length === this.#reportedCount) return;

    this.#reportedCount = this.#pages.length;
    this.dispatchEvent(
      new CustomEvent('page-count', { detail: { pageCount: this.#reportedCount } }),
    );
  }
}

customElements.define('gongkai-slide-view', SlideView);

declare global {
  interface HTMLElementTagNameMap {
    'gongkai-slide-view': SlideView;
  }
}
