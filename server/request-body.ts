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

  const text = await c.req.text();
  if (text.length > MAX_JSON_BYTES) {
    throw new ApiError(413, 'payload_too_large', `the body is larger than ${MAX_JSON_BYTES} bytes`);
  }
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
  return parseWith(schema, value);
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
