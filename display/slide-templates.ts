/**
 * Lit templates of one screen page. The visible slide and the offscreen sizer both render these, so
 * what is measured is what is shown. Every string is bound as text, never as HTML, so markup in a
 * title or body shows literally.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { Span } from '../shared/content.ts';
import type { SlideContent } from '../shared/protocol.ts';
import type { Atom } from './pagination.ts';
import { qrImagePath } from './qr-image.ts';
import type { TickerBand } from './ticker.ts';

export type Orientation = 'landscape' | 'portrait';

export interface ScreenFrame {
  orientation: Orientation;
  committeeName: string;
  clockText: string;
  /** The ticker band under the header, or null (or absent) when no ticker is in force. */
  ticker?: TickerBand | null;
}

export interface PageRender {
  content: SlideContent;
  atoms: readonly Atom[];
  pageIndex: number;
  pageCount: number;
}

export function screenHeader(frame: ScreenFrame): TemplateResult {
  return html`<div class="bar">
    <div class="committee">${frame.committeeName}</div>
    <div class="clock">${frame.clockText}</div>
  </div>`;
}

/**
 * Render the ticker band: a text tag, so that the band is not marked by colour alone, and the
 * text. The duration is set through the CSSOM (styleMap), which a strict CSP allows.
 */
export function tickerBand(frame: ScreenFrame): TemplateResult | typeof nothing {
  const band = frame.ticker;
  if (!band) return nothing;

  const motion = band.scroll ? 'scroll' : 'still';
  return html`<div class="ticker ${motion}" role="marquee">
    <span class="ticker-tag">紧急通知</span>
    <div class="ticker-window">
      <span class="ticker-text" style=${styleMap({ '--gk-ticker-seconds': `${band.seconds}s` })}
        >${band.text}</span
      >
    </div>
  </div>`;
}

/**
 * Render one page of a slide on a whole screen: header band, catalog label, title and atoms, and
 * the QR code of its public page when the content has one. The body leaves room for the QR code on
 * every page, so text never runs under it.
 */
export function slidePage(frame: ScreenFrame, page: PageRender): TemplateResult {
  const { content, pageIndex, pageCount } = page;
  const pager = pageCount > 1 ? `第 ${pageIndex + 1}/${pageCount} 页` : '第 1/1 页';
  const hasQrCode = Boolean(content.publicUrl);

  return html`<div class="screen ${frame.orientation}">
    ${screenHeader(frame)} ${tickerBand(frame)}
    <div class="slide ${hasQrCode ? 'has-qr' : ''}">
      <div class="meta">
        <span class="label">${content.label}</span>
        ${content.sample ? html`<span class="sample">示例</span>` : nothing}
        <span class="pager ${pageCount > 1 ? '' : 'single'}">${pager}</span>
      </div>
      ${pageIndex > 0 ? html`<div class="running-title">${content.title}</div>` : nothing}
      <div class="body"><div class="flow">${atomGroups(page.atoms)}</div></div>
      ${hasQrCode ? qrCode(content.disclosureId) : nothing}
    </div>
  </div>`;
}

/**
 * Render the QR code and its caption. Keyed by disclosure, so every slide gets a fresh image that
 * loads (or fails) on its own, and an image that failed once is tried again on the next slide.
 */
function qrCode(disclosureId: number) {
  return keyed(
    disclosureId,
    html`<figure class="qr">
      <img src=${qrImagePath(disclosureId)} alt="扫码在手机上阅读全文" @error=${hideQrCode} />
      <figcaption>扫码阅读全文</figcaption>
    </figure>`,
  );
}

/** Hide a QR code whose image failed to load (offline and not cached), rather than a broken icon. */
function hideQrCode(event: Event): void {
  const figure = (event.currentTarget as HTMLElement).closest('.qr');
  figure?.setAttribute('hidden', '');
}

/** Render atoms, joining consecutive items of one list and rows of one table. */
function atomGroups(atoms: readonly Atom[]): TemplateResult[] {
  const output: TemplateResult[] = [];
  let index = 0;

  while (index < atoms.length) {
    const atom = atoms[index]!;
    if (atom.kind === 'list-item' || atom.kind === 'table-row') {
      let end = index + 1;
      while (end < atoms.length && sameGroup(atom, atoms[end]!)) end += 1;
      const group = atoms.slice(index, end);
      output.push(atom.kind === 'list-item' ? listGroup(group) : tableGroup(group));
      index = end;
      continue;
    }

    output.push(singleAtom(atom));
    index += 1;
  }

  return output;
}

function sameGroup(first: Atom, other: Atom): boolean {
  return (
    (first.kind === 'list-item' || first.kind === 'table-row') &&
    other.kind === first.kind &&
    other.block === first.block
  );
}

function singleAtom(atom: Atom): TemplateResult {
  switch (atom.kind) {
    case 'title':
      return html`<div class="title">${atom.text}</div>`;
    case 'heading':
      return html`<div class="heading">${atom.text}</div>`;
    case 'paragraph':
      // No whitespace inside the element: paragraphs keep white-space: pre-wrap.
      return html`<div class="paragraph">${atom.spans.map(spanText)}</div>`;
    case 'image':
      return html`<div class="figure"><img src=${atom.url} alt=${atom.alt} /></div>`;
    case 'list-item':
    case 'table-row':
      throw new Error(`atom "${atom.kind}" must be rendered in its group`);
  }
}

function spanText(span: Span): TemplateResult | string {
  return span.strong ? html`<strong>${span.text}</strong>` : span.text;
}

function listGroup(items: readonly Atom[]): TemplateResult {
  const ordered = items[0]?.kind === 'list-item' && items[0].ordered;
  return html`<div class="list ${ordered ? 'ordered' : ''}">
    ${items.map((item) => (item.kind === 'list-item' ? listItem(item) : nothing))}
  </div>`;
}

function listItem(item: Extract<Atom, { kind: 'list-item' }>): TemplateResult {
  // The rest of an item split across pages carries no second marker.
  let marker = '';
  if (!item.continued) marker = item.ordered ? `${item.number}.` : '•';
  return html`<div class="item">
    <span class="marker">${marker}</span><span class="item-text">${item.text}</span>
  </div>`;
}

function tableGroup(rows: readonly Atom[]): TemplateResult {
  const first = rows[0];
  const columns = first?.kind === 'table-row' ? first.columns : [];
  // A row may have more cells than the table has columns; show them all under blank headers.
  const width = Math.max(
    columns.length,
    ...rows.map((row) => (row.kind === 'table-row' ? row.cells.length : 0)),
  );
  const headers = Array.from({ length: width }, (_, index) => columns[index] ?? '');
  return html`<table>
    <thead>
      <tr>
        ${headers.map((column) => html`<th>${column}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map((row) => (row.kind === 'table-row' ? tableRow(row, width) : nothing))}
    </tbody>
  </table>`;
}

function tableRow(row: Extract<Atom, { kind: 'table-row' }>, width: number): TemplateResult {
  const cells = Array.from({ length: width }, (_, index) => row.cells[index] ?? '');
  return html`<tr>
    ${cells.map((cell) => html`<td>${cell}</td>`)}
  </tr>`;
}

export interface FallbackRender {
  committeeName: string;
  dateText: string;
  timeText: string;
  officeHours: string;
  contact: string;
  address: string;
}

/** Render the slide shown when nothing is scheduled: committee, date and time, how to reach it. */
export function fallbackPage(frame: ScreenFrame, fallback: FallbackRender): TemplateResult {
  const facts: [string, string][] = [
    ['办公时间', fallback.officeHours],
    ['联系方式', fallback.contact],
    ['地址', fallback.address],
  ];

  return html`<div class="screen ${frame.orientation}">
    ${screenHeader(frame)} ${tickerBand(frame)}
    <div class="fallback">
      <div class="fallback-name">${fallback.committeeName}</div>
      <div class="fallback-time">${fallback.dateText}<br />${fallback.timeText}</div>
      <dl class="fallback-facts">
        ${facts
          .filter(([, value]) => value.trim() !== '')
          .map(
            ([term, value]) =>
              html`<dt>${term}</dt>
                <dd>${value}</dd>`,
          )}
      </dl>
    </div>
  </div>`;
}

/** Render a full-screen notice for states in which the screen shows no content (unpaired, revoked). */
export function noticePage(frame: ScreenFrame, title: string, detail: string): TemplateResult {
  return html`<div class="screen ${frame.orientation}">
    ${screenHeader(frame)}
    <div class="notice">
      <div class="notice-title">${title}</div>
      <div>${detail}</div>
    </div>
  </div>`;
}
