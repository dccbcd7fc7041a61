/**
 * Plain-text editing of structured bodies. The console edits a body as text in which blank lines
 * separate paragraphs, the form the API accepts as a string.
 */
import type { Block } from '../shared/content.ts';

function blockToText(block: Block): string {
  switch (block.type) {
    case 'heading':
      return block.text;
    case 'paragraph':
      return block.spans.map((span) => span.text).join('');
    case 'list':
      return block.items
        .map((item, index) => (block.ordered ? `${index + 1}. ${item}` : `· ${item}`))
        .join('\n');
    case 'table':
      return [block.columns, ...block.rows].map((row) => row.join('\t')).join('\n');
  }
}

/** Convert a body to editable text, one paragraph per block. */
export function bodyToEditableText(body: readonly Block[]): string {
  return body.map(blockToText).join('\n\n');
}

/** Check whether the body has structure (headings, lists, tables, bold) that plain text would lose. */
export function hasRichStructure(body: readonly Block[]): boolean {
  return body.some(
    (block) => block.type !== 'paragraph' || block.spans.some((span) => span.strong === true),
  );
}
