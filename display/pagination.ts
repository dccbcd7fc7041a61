/**
 * Pagination of slide content into screen pages. The content is cut into atoms (the title, a
 * heading, a paragraph, one list item, one table row, an image), and pages are filled greedily by
 * asking a `fits` probe whether a candidate page fits the screen. The probe measures real layout,
 * so this module contains no font metrics. An atom that does not fit is split by characters (Chinese
 * has no spaces), by binary search for the longest head that still fits.
 */
import type { Block, Span } from '../shared/content.ts';
import type { SlideContent } from '../shared/protocol.ts';

export type Atom =
  | { kind: 'title'; text: string; continued: boolean }
  | { kind: 'heading'; text: string; continued: boolean }
  | { kind: 'paragraph'; spans: Span[]; continued: boolean }
  | {
      kind: 'list-item';
      /** Index of the list block in the body, so that adjacent items group into one list. */
      block: number;
      ordered: boolean;
      /** 1-based number of the item in its list. */
      number: number;
      text: string;
      continued: boolean;
    }
  | {
      kind: 'table-row';
      /** Index of the table block in the body; each page repeats the table's header row. */
      block: number;
      columns: string[];
      cells: string[];
      continued: boolean;
    }
  | { kind: 'image'; url: string; alt: string };

export type Page = Atom[];

/** Whether `atoms` fit on the page with 0-based index `pageIndex` (page 0 carries the title). */
export type FitsProbe = (atoms: readonly Atom[], pageIndex: number) => boolean;

/** Cut slide content into atoms in reading order: title, body blocks, then images. */
export function atomize(content: Pick<SlideContent, 'title' | 'body' | 'images'>): Atom[] {
  const atoms: Atom[] = [{ kind: 'title', text: content.title, continued: false }];
  content.body.forEach((block, index) => atoms.push(...atomizeBlock(block, index)));
  for (const image of content.images) {
    atoms.push({ kind: 'image', url: image.url, alt: image.alt });
  }
  return atoms;
}

function atomizeBlock(block: Block, index: number): Atom[] {
  switch (block.type) {
    case 'heading':
      return [{ kind: 'heading', text: block.text, continued: false }];
    case 'paragraph':
      return [{ kind: 'paragraph', spans: block.spans, continued: false }];
    case 'list':
      return block.items.map((text, item) => ({
        kind: 'list-item' as const,
        block: index,
        ordered: block.ordered,
        number: item + 1,
        text,
        continued: false,
      }));
    case 'table':
      return block.rows.map((cells) => ({
        kind: 'table-row' as const,
        block: index,
        columns: block.columns,
        cells,
        continued: false,
      }));
  }
}

/**
 * Split atoms into pages with the probe. Every atom ends up on some page, in order, whole or in
 * pieces, so no text is lost. An atom that cannot fit even alone on an empty page (a single
 * character or an image larger than the page) is placed alone and may overflow.
 */
export function paginate(atoms: readonly Atom[], fits: FitsProbe): Page[] {
  const pages: Page[] = [];
  const queue = [...atoms];
  let page: Atom[] = [];

  const closePage = () => {
    keepHeadingWithNext(page, queue);
    pages.push(page);
    page = [];
  };

  while (queue.length > 0) {
    const atom = queue.shift()!;

    if (fits([...page, atom], pages.length)) {
      page.push(atom);
      continue;
    }

    const head = longestFittingHead(page, atom, pages.length, fits);
    if (head) {
      page.push(head.head);
      queue.unshift(head.tail);
      closePage();
      continue;
    }

    if (page.length === 0) {
      page.push(atom);
      closePage();
      continue;
    }

    queue.unshift(atom);
    closePage();
  }

  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages;
}

/** Move a heading that would end a page onto the next page, next to the text it introduces. */
function keepHeadingWithNext(page: Atom[], queue: Atom[]): void {
  const last = page[page.length - 1];
  if (page.length < 2 || queue.length === 0 || last?.kind !== 'heading') return;

  queue.unshift(page.pop()!);
}

interface SplitAtom {
  head: Atom;
  tail: Atom;
}

/** Binary search for the longest head of `atom` (in code points) that fits after `page`. */
function longestFittingHead(
  page: readonly Atom[],
  atom: Atom,
  pageIndex: number,
  fits: FitsProbe,
): SplitAtom | null {
  const length = atomLength(atom);
  let low = 0;
  let high = length - 1;

  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const candidate = splitAtom(atom, middle);
    if (candidate && fits([...page, candidate.head], pageIndex)) low = middle;
    else high = middle - 1;
  }

  return low > 0 ? splitAtom(atom, preferredBreak(atom, low)) : null;
}

/** Punctuation and spaces after which a split reads naturally. */
const BREAK_AFTER = new Set(Array.from('，。；：、！？）》」』,.;:!?) \n\t'));
/** How far back (in code points, about one line) a split may move to reach a break. */
const BREAK_LOOKBACK = 30;

/** Move a split point back to just after punctuation when one is within the last line or so. */
function preferredBreak(atom: Atom, at: number): number {
  if (atom.kind === 'table-row' || atom.kind === 'image') return at;

  const points = codePoints(
    atom.kind === 'paragraph' ? atom.spans.map((span) => span.text).join('') : atom.text,
  );
  for (let index = at; index > Math.max(0, at - BREAK_LOOKBACK); index -= 1) {
    if (BREAK_AFTER.has(points[index - 1]!)) return index;
  }
  return at;
}

/** Length of an atom in code points; 0 for atoms that cannot be split. */
export function atomLength(atom: Atom): number {
  switch (atom.kind) {
    case 'title':
    case 'heading':
    case 'list-item':
      return codePoints(atom.text).length;
    case 'paragraph':
      return atom.spans.reduce((sum, span) => sum + codePoints(span.text).length, 0);
    case 'table-row':
      return Math.max(0, ...atom.cells.map((cell) => codePoints(cell).length));
    case 'image':
      return 0;
  }
}

/**
 * Split an atom after `at` code points. A table row splits every cell at the same offset. Returns
 * null when either part would be empty.
 */
export function splitAtom(atom: Atom, at: number): SplitAtom | null {
  if (at <= 0 || at >= atomLength(atom)) return null;

  switch (atom.kind) {
    case 'title':
    case 'heading':
    case 'list-item': {
      const [head, tail] = splitText(atom.text, at);
      return { head: { ...atom, text: head }, tail: { ...atom, text: tail, continued: true } };
    }
    case 'paragraph': {
      const [head, tail] = splitSpans(atom.spans, at);
      return { head: { ...atom, spans: head }, tail: { ...atom, spans: tail, continued: true } };
    }
    case 'table-row': {
      const parts = atom.cells.map((cell) => splitText(cell, at));
      return {
        head: { ...atom, cells: parts.map(([head]) => head) },
        tail: { ...atom, cells: parts.map(([, tail]) => tail), continued: true },
      };
    }
    case 'image':
      return null;
  }
}

function codePoints(text: string): string[] {
  return Array.from(text);
}

function splitText(text: string, at: number): [string, string] {
  const points = codePoints(text);
  return [points.slice(0, at).join(''), points.slice(at).join('')];
}

function splitSpans(spans: readonly Span[], at: number): [Span[], Span[]] {
  const head: Span[] = [];
  const tail: Span[] = [];
  let remaining = at;

  for (const span of spans) {
    const length = codePoints(span.text).length;
    if (remaining >= length) {
      head.push(span);
    } else if (remaining <= 0) {
      tail.push(span);
    } else {
      const [first, rest] = splitText(span.text, remaining);
      head.push({ ...span, text: first });
      tail.push({ ...span, text: rest });
    }
    remaining -= length;
  }

  return [head, tail];
}
