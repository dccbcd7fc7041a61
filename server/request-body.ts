/** Reading and validating JSON request bodies and parameters. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError, invalidRequest } from './errors.ts';

export const MAX_JSON_BYTES = 2 * 1024 * 1024;

export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/json')) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      'send the body as JSON with Content-Type: application/json',
    );
  }
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > MAX_JSON_BYTES) {
    throw new ApiError(
      413,
      'payload_too_large',
      `the body is ${length} bytes; the limit is ${MAX_JSON_BYTES}`,
    );
  }

  const text = new TextDecoder().decode(await readBodyLimited(c.req.raw, MAX_JSON_BYTES));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError(
      400,
      'invalid_json',
      `the body is not valid JSON: ${(error as Error).message}`,
    );
  }
  const malformed = findMalformedText(value, '');
  if (malformed !== null) {
    throw new ApiError(
      400,
      'invalid_request',
      `invalid field "${malformed || 'body'}": the text contains an unpaired surrogate, which is not valid Unicode and cannot be stored as given; remove it`,
      malformed || undefined,
    );
  }
  return parseWith(schema, value);
}

/**
 * Read a request body, failing as soon as it passes the limit rather than after reading it all:
 * a chunked body has no Content-Length to check first.
 */
export async function readBodyLimited(
  request: Request,
  limit: number,
  what = 'the body',
): Promise<Uint8Array> {
  const limitText = `${limit} bytes (${Math.round((limit / 1024 / 1024) * 10) / 10} MiB)`;
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) {
    throw new ApiError(
      413,
      'payload_too_large',
      `${what} is ${declared} bytes; the limit is ${limitText}`,
    );
  }
  if (!request.body) return new Uint8Array();

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ApiError(
        413,
        'payload_too_large',
        `${what} is larger than the limit of ${limitText}`,
      );
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}

/**
 * Return the path of the first string (key or value) that is not well-formed UTF-16, or null. JSON
 * allows an unpaired surrogate such as \uD800, but UTF-8 cannot encode it, so SQLite would store a
 * replacement character instead: refusing it keeps "stored exactly as given" true.
 */
function findMalformedText(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.isWellFormed() ? null : path;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findMalformedText(item, `${path}[${index}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (!key.isWellFormed()) return childPath;
      const found = findMalformedText(item, childPath);
      if (found !== null) return found;
    }
  }
  return null;
}

export function parseWith<T extends z.ZodType>(
  schema: T,
  value: unknown,
  prefix = '',
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidRequest(result.error, prefix);
  return result.data;
}

export function idParam(c: Context, name = 'id'): number {
  const raw = c.req.param(name) ?? '';
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id <= 0) {
    throw new ApiError(
      400,
      'invalid_request',
      `invalid ${name} "${raw}": expected a positive integer`,
      name,
    );
  }
  return id;
}
