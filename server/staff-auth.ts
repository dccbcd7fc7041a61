/**
 * Session authentication and role checks for the staff API. The session cookie is HttpOnly,
 * SameSite=Strict and Secure behind TLS; unsafe methods must come from the console's own origin.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppDeps } from './app-deps.ts';
import type { AppEnv } from './app-env.ts';
import type { Role } from './db/schema.ts';
import { ApiError } from './errors.ts';
import { forwardedHeader } from './forwarded.ts';
import { ROLE_LABELS, userForSession } from './user-store.ts';

export const SESSION_COOKIE = 'gongkai_session';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Check whether the request came over TLS, directly or through a proxy that sets X-Forwarded-Proto. */
export function isSecureRequest(c: Context): boolean {
  return (
    new URL(c.req.url).protocol === 'https:' || forwardedHeader(c, 'x-forwarded-proto') === 'https'
  );
}

/**
 * Reject a cookie-authenticated change from another origin. Browsers send Origin on every
 * cross-site POST, so a missing Origin means a non-browser client, which carries no ambient cookie
 * risk; a present one must match the host the request was sent to.
 */
function checkOrigin(c: Context) {
  if (!UNSAFE_METHODS.has(c.req.method)) return;
  const origin = c.req.header('origin');
  if (!origin) return;
  const host = forwardedHeader(c, 'x-forwarded-host') ?? c.req.header('host');
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = '';
  }
  if (originHost !== host) {
    throw new ApiError(
      403,
      'forbidden',
      `cross-site request from ${origin} rejected; use the console on this server`,
    );
  }
}

/** Require a valid session; sets `c.var.user`. */
export function requireSession(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async function sessionGuard(c, next) {
    const user = await userForSession(deps.db, getCookie(c, SESSION_COOKIE), deps.now());
    if (!user) throw new ApiError(401, 'unauthorized', 'sign in first: no valid session');
    checkOrigin(c);
    c.set('user', user);
    await next();
  };
}

/** Allow only the given roles; administrators may always act. */
export function allow(...roles: Role[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set<Role>(['admin', ...roles]);
  const names = [...allowed].map((role) => ROLE_LABELS[role]).join('、');
  return async function roleGuard(c, next) {
    const user = c.get('user');
    if (!allowed.has(user.role)) {
      throw new ApiError(
        403,
        'forbidden',
        `this action needs the role ${names}; you are ${ROLE_LABELS[user.role]}`,
      );
    }
    await next();
  };
}
