/**
 * HTML of the public pages that residents open from a QR code: the index, one disclosure, and the
 * not-found page. Every piece of text goes through hono's `html` template, which escapes each
 * interpolated string, so content is always shown as text and never parsed as markup. The pages
 * carry no script and no inline style: the server's CSP allows neither, and they must work
 * without JavaScript on any phone.
 */
import { html } from 'hono/html';
import type { Block, Span } from '../shared/content.ts';
import { nameColumns } from '../shared/list-privacy.ts';
import { shanghaiDate, shanghaiParts } from '../shared/shanghai-time.ts';
import type { PublicDisclosure } from './public-disclosures.ts';

type Html = ReturnType<typeof html>;

/** Only images stored by this server are shown; any other address is dropped. */
const MEDIA_URL = /^\/media\/[0-9a-f]{64}$/;

/** Format `2026-12-04` as `2026年12月4日`. */
function chineseDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** Format an instant as its Shanghai date and time, such as `2026年12月4日 17:00`. */
function chineseDateTime(instant: number): string {
  const parts = shanghaiParts(instant);
  const time = `${String(parts.hour).padStart(2, '0')}:${String(parts.minute).padStart(2, '0')}`;
  return `${chineseDate(shanghaiDate(instant))} ${time}`;
}

function layout(pageTitle: string, committee: string, main: Html): Html {
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${pageTitle}</title>
        <link rel="stylesheet" href="/p/style.css" />
        <link rel="icon" href="data:," />
      </head>
      <body>
        <header class="site"><a href="/p/">${committee} · 居务公开</a></header>
        <main>${main}</main>
        <footer class="site">本页内容由${committee}公开。如有疑问，请到居委会咨询。</footer>
      </body>
    </html> `;
}

const sampleTag = (disclosure: PublicDisclosure) =>
  disclosure.sample ? html`<span class="tag">示例</span>` : '';

function renderSpan(span: Span): Html {
  return span.strong ? html`<strong>${span.text}</strong>` : html`${span.text}`;
}

function renderTable(block: Extract<Block, { type: 'table' }>): Html {
  const header = block.columns.map((column) => html`<th scope="col">${column}</th>`);
  // A name (masked or not) is kept on one line: 刘*兵, not one character per line.
  const names = new Set(nameColumns(block.columns));
  const cell = (text: string, index: number) =>
    names.has(index) ? html`<td class="name">${text}</td>` : html`<td>${text}</td>`;
  const rows = block.rows.map(
    (row) =>
      html`<tr>
        ${row.map(cell)}
      </tr>`,
  );
  // The wrapper scrolls a wide table on its own, so the page never scrolls sideways.
  return html`<div class="table-wrap" role="region" aria-label="表格（可左右滑动）" tabindex="0">
    <table>
      <thead>
        <tr>
          ${header}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

function renderBlock(block: Block): Html {
  switch (block.type) {
    case 'heading':
      return html`<h2>${block.text}</h2>`;
    case 'paragraph':
      return html`<p>${block.spans.map(renderSpan)}</p>`;
    case 'list': {
      const items = block.items.map((item) => html`<li>${item}</li>`);
      return block.ordered
        ? html`<ol>
            ${items}
          </ol>`
        : html`<ul>
            ${items}
          </ul>`;
    }
    case 'table':
      return renderTable(block);
  }
}

function renderImages(images: PublicDisclosure['images']): Html[] {
  return images
    .filter((image) => MEDIA_URL.test(image.url))
    .map(
      (image) =>
        html`<figure>
          <img src="${image.url}" alt="${image.alt}" loading="lazy" />${
            image.alt ? html`<figcaption>${image.alt}</figcaption>` : ''
          }
        </figure>`,
    );
}

function renderFacts(disclosure: PublicDisclosure): Html {
  const facts: [string, string][] = [
    ['公开目录', `${disclosure.category} · ${disclosure.matter}`],
    ['信息形成日期', disclosure.formedOn ? chineseDate(disclosure.formedOn) : '未填写'],
    ['版本', `第 ${disclosure.version} 版`],
  ];
  if (disclosure.publishedAt !== null)
    facts.push(['公开日期', chineseDate(shanghaiDate(disclosure.publishedAt))]);
  if (disclosure.displayUntil !== null)
    facts.push(['公示截止', chineseDateTime(disclosure.displayUntil)]);
  return html`<dl class="facts">
    ${facts.map(
      ([term, value]) =>
        html`<div>
          <dt>${term}</dt>
          <dd>${value}</dd>
        </div>`,
    )}
  </dl>`;
}

export function renderDisclosurePage(committee: string, disclosure: PublicDisclosure): Html {
  const main = html`<article>
      <p class="label">${disclosure.category} · ${disclosure.matter}${sampleTag(disclosure)}</p>
      <h1>${disclosure.title}</h1>
      ${renderFacts(disclosure)}
      <div class="body">${disclosure.body.map(renderBlock)} ${renderImages(disclosure.images)}</div>
    </article>
    <p class="back"><a href="/p/">返回全部公开信息</a></p>`;
  return layout(`${disclosure.title} - ${committee}`, committee, main);
}

/** Group disclosures by category, keeping the order in which categories first appear. */
function byCategory(disclosures: PublicDisclosure[]): Map<string, PublicDisclosure[]> {
  const groups = new Map<string, PublicDisclosure[]>();
  for (const disclosure of disclosures) {
    const group = groups.get(disclosure.category) ?? [];
    group.push(disclosure);
    groups.set(disclosure.category, group);
  }
  return groups;
}

function renderIndexItem(disclosure: PublicDisclosure): Html {
  const published =
    disclosure.publishedAt === null
      ? ''
      : html`<span class="date">公开于 ${chineseDate(shanghaiDate(disclosure.publishedAt))}</span>`;
  return html`<li>
    <a href="/p/${disclosure.id}">${disclosure.title}</a>${sampleTag(disclosure)}
    <span class="meta">${disclosure.matter}${published}</span>
  </li>`;
}

export function renderIndexPage(committee: string, disclosures: PublicDisclosure[]): Html {
  const sections = [...byCategory(disclosures)].map(
    ([category, group]) =>
      html`<section>
        <h2>${category}</h2>
        <ul class="index">
          ${group.map(renderIndexItem)}
        </ul>
      </section>`,
  );
  const main = html`<h1>居务公开</h1>
    ${sections.length ? sections : html`<p>目前没有正在公开的信息。</p>`}`;
  return layout(`居务公开 - ${committee}`, committee, main);
}

export function renderNotFoundPage(committee: string): Html {
  const main = html`<h1>该公开信息不存在或已过公示期</h1>
    <p>您要查看的信息可能已撤回，或公示期已结束。</p>
    <p class="back"><a href="/p/">查看全部公开信息</a></p>`;
  return layout(`未找到 - ${committee}`, committee, main);
}
