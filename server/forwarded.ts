/**
 * Forwarded headers from a TLS reverse proxy. They are believed only when the connection comes
 * from this machine, where the proxy runs (the README's setup); a client elsewhere cannot set its
 * own address, scheme or host by sending them.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function remoteAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Requests made in process (app.request in tests) have no socket.
    return 'unknown';
  }
}

export function fromTrustedProxy(c: Context): boolean {
  return LOOPBACK.has(remoteAddress(c));
}

/** Return the first value of a forwarded header, when the proxy may be believed. */
export function forwardedHeader(c: Context, name: string): string | undefined {
  if (!fromTrustedProxy(c)) return undefined;
  return c.req.header(name)?.split(',')[0]?.trim() || undefined;
}

/**
 * Return the client's address: the last X-Forwarded-For entry (the one the proxy appended) behind a
 * trusted proxy, otherwise the connection's own address.
 */
export function clientAddress(c: Context): string {
  const own = remoteAddress(c);
  if (!LOOPBACK.has(own)) return own;
  const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
  return forwarded || own;
}
