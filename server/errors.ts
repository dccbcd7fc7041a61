/**
 * One error type for API failures. Each has a stable code, an HTTP status, a message that names the
 * value and the fix, and, for invalid input, the field at fault. The central handler in app.ts
 * returns it as `{ error: { code, message, field? } }`.
 */
import { z, type ZodError } from 'zod';

// Shared schemas are zod/mini, which has no messages of its own: they come from the global locale.
// Classic zod installs English only when it builds its first schema, so install it here as well. A
// shared schema parsed before any classic one is built (publication-ingest) then gets English too.
z.config(z.locales.en());

export type ErrorCode =
  | 'invalid_request'
  | 'invalid_json'
  | 'not_found'
  | 'forbidden'
  | 'unauthorized'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal_error'
  | 'same_person'
  | 'invalid_credentials'
  | 'too_many_attempts'
  | 'invalid_code';

export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** Extra members of the error object, such as `retryAfterSeconds`. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field ? { field: this.field } : {}),
        ...this.details,
      },
    };
  }
}

/** Format a zod issue path as `entries[2].seconds`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/** Turn the first zod issue into a 400 that names the field. */
export function invalidRequest(error: ZodError, prefix = ''): ApiError {
  const issue = error.issues[0];
  const field = issue ? prefix + formatPath(issue.path) : prefix || undefined;
  const detail = issue?.message ?? 'invalid value';
  return new ApiError(
    400,
    'invalid_request',
    field ? `invalid field "${field}": ${detail}` : `invalid request: ${detail}`,
    field || undefined,
  );
}

export const notFound = (what: string, id: number | string) =>
  new ApiError(404, 'not_found', `${what} ${id} not found`);
