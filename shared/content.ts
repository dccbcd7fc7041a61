/**
 * Structured disclosure bodies. A body is a list of blocks, never raw HTML, so that every output
 * (kiosk, console preview, public page, CSV) renders text as text.
 */
import { z } from 'zod';

export const MAX_TEXT_LENGTH = 20_000;

const text = z.string().max(MAX_TEXT_LENGTH);

export const spanSchema = z.strictObject({
  text,
  strong: z.boolean().optional(),
});

export const blockSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('heading'), text }),
  z.strictObject({ type: z.literal('paragraph'), spans: z.array(spanSchema).min(1).max(200) }),
  z.strictObject({
    type: z.literal('list'),
    ordered: z.boolean(),
    items: z.array(text).min(1).max(500),
  }),
  z.strictObject({
    type: z.literal('table'),
    columns: z.array(text).min(1).max(20),
    rows: z.array(z.array(text)).max(2000),
    /** A list of people: names are masked in public and ID, phone and bank numbers refused. */
    personal: z.boolean().optional(),
  }),
]);

export const bodySchema = z.array(blockSchema).max(500);

export type Span = z.infer<typeof spanSchema>;
export type Block = z.infer<typeof blockSchema>;
export type Body = z.infer<typeof bodySchema>;

/** Build a body from plain text: blank lines separate paragraphs. */
export function bodyFromText(source: string): Body {
  return source
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk.length > 0)
    .map((chunk) => ({ type: 'paragraph' as const, spans: [{ text: chunk }] }));
}

/** Concatenate the plain text of a body, one block a line, for search and hashing. */
export function bodyToPlainText(body: Body): string {
  return body
    .map((block) => {
      switch (block.type) {
        case 'heading':
          return block.text;
        case 'paragraph':
          return block.spans.map((span) => span.text).join('');
        case 'list':
          return block.items.join('\n');
        case 'table':
          return [block.columns, ...block.rows].map((row) => row.join('\t')).join('\n');
      }
    })
    .join('\n');
}
