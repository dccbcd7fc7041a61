/**
 * The block editor's working copy of a body: each block with a stable key for rendering while
 * blocks move, and the conversion back to `shared/content.ts` blocks, dropping what is empty.
 */
import type { Block } from '../shared/content.ts';

export interface EditorBlock {
  key: number;
  block: Block;
}

export type BlockType = Block['type'] | 'ordered-list';

export const BLOCK_LABELS: Record<Block['type'], string> = {
  heading: '小标题',
  paragraph: '段落',
  list: '列表',
  table: '表格',
};

let nextKey = 1;

export function keyed(block: Block): EditorBlock {
  return { key: nextKey++, block };
}

export function emptyBlock(type: BlockType): Block {
  switch (type) {
    case 'heading':
      return { type: 'heading', text: '' };
    case 'paragraph':
      return { type: 'paragraph', spans: [{ text: '' }] };
    case 'list':
      return { type: 'list', ordered: false, items: [''] };
    case 'ordered-list':
      return { type: 'list', ordered: true, items: [''] };
    case 'table':
      return { type: 'table', columns: ['姓名', '金额（元）'], rows: [['', '']] };
  }
}

/** Move the element at `index` by `offset` places; a move past either end changes nothing. */
export function moved<T>(list: readonly T[], index: number, offset: number): T[] {
  const target = index + offset;
  if (target < 0 || target >= list.length) return [...list];

  const copy = [...list];
  const [element] = copy.splice(index, 1);
  copy.splice(target, 0, element as T);
  return copy;
}

const filled = (text: string) => text.trim().length > 0;

/** The body to save: empty spans, items, rows and blocks left out. */
export function cleanBody(blocks: readonly EditorBlock[]): Block[] {
  const body: Block[] = [];
  for (const { block } of blocks) {
    const clean = cleanBlock(block);
    if (clean) body.push(clean);
  }
  return body;
}

function cleanBlock(block: Block): Block | null {
  switch (block.type) {
    case 'heading':
      return filled(block.text) ? { type: 'heading', text: block.text.trim() } : null;
    case 'paragraph': {
      const spans = block.spans.filter((span) => filled(span.text));
      return spans.length > 0 ? { type: 'paragraph', spans } : null;
    }
    case 'list': {
      const items = block.items.map((item) => item.trim()).filter(filled);
      return items.length > 0 ? { type: 'list', ordered: block.ordered, items } : null;
    }
    case 'table': {
      const rows = block.rows.filter((row) => row.some(filled));
      const hasText = block.columns.some(filled) || rows.length > 0;
      if (!hasText) return null;
      return {
        type: 'table',
        columns: [...block.columns],
        rows,
        ...(block.personal ? { personal: true } : {}),
      };
    }
  }
}
