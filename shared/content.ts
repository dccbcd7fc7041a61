/**
 * Structured disclosure bodies. A body is a list of blocks, never raw HTML, so that every output
 * (kiosk, console preview, public page, CSV) renders text as text.
 *
 * The schemas use `zod/mini`, because the display bundles them; the server embeds them in its
 * classic zod schemas, which give their issues English messages.
 */
import * as z from 'zod/mini';

export const MAX_TEXT_LENGTH = 20_000;

const text = z.string().check(z.maxLength(MAX_TEXT_LENGTH));

export const spanSchema = z.strictObject({
  text,
  strong: z.optional(z.boolean()),
});

export const blockSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('heading'), text }),
  z.strictObject({
    type: z.literal('paragraph'),
    spans: z.array(spanSchema).check(z.minLength(1), z.maxLength(200)),
  }),
  z.strictObject({
    type: z.literal('list'),
    ordered: z.boolean(),
    items: z.array(text).check(z.minLength(1), z.maxLength(500)),
  }),
  z.strictObject({
    type: z.literal('table'),
    columns: z.array(text).check(z.minLength(1), z.maxLength(20)),
    rows: z.array(z.array(text)).check(z.maxLength(2000)),
    /** A list of people: names are masked in public and ID, phone and bank numbers refused. */
    personal: z.optional(z.boolean()),
  }),
]);

export const bodySchema = z.array(blockSchema).check(z.maxLength(500));

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
