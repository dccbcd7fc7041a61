/**
 * Signing in and out. Failed logins are slowed (a failure costs a full password hash and a delay),
 * counted per name and per address, locked out after five in fifteen minutes, and logged.
 */
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { clientAddress } from '../forwarded.ts';
import type { AppEnv } from '../app-env.ts';
import { audit } from '../audit.ts';
import { ApiError } from '../errors.ts';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from '../passwords.ts';
import { FailureLimiter } from '../rate-limiter.ts';
import { readJson } from '../request-body.ts';
import { isSecureRequest, requireSession, SESSION_COOKIE } from '../staff-auth.ts';
import { createSession, deleteSession, passwordSchema, SESSION_TTL_MS } from '../user-store.ts';

const loginSchema = z.strictObject({
  name: z.string().trim().min(1, 'the user name is empty').max(50),
  password: z.string().min(1, 'the password is empty').max(200),
});

const changePasswordSchema = z.strictObject({ current: z.string().max(200), next: passwordSchema });

export const LOGIN_LIMIT = { max: 5, windowMs: 15 * 60_000 };
/** Added to every failed login so that guessing is slow even before the lockout. */
const FAILURE_DELAY_MS = 500;

export function sessionRoutes(deps: AppDeps) {
  const { db, now, logger } = deps;
  const app = new Hono<AppEnv>();
  const failures = new FailureLimiter(LOGIN_LIMIT);

  app.post('/', async (c) => {
    const input = await readJson(c, loginSchema);
    const address = clientAddress(c);
    const keys = [`name:${input.name}`, `address:${address}`];
    const retryAfter = Math.max(...keys.map((key) => failures.retryAfterSeconds(key, now())));
    if (retryAfter > 0) {
      logger.warn({ user: input.name, remote: address }, 'login locked after repeated failures');
      c.header('Retry-After', String(retryAfter));
      throw new ApiError(
        429,
        'too_many_attempts',
        `too many failed logins; try again in ${retryAfter} seconds`,
        undefined,
        { retryAfterSeconds: retryAfter },
      );
    }

    const user = await db
      .selectFrom('user')
      .selectAll()
      .where('name', '=', input.name)
      .executeTakeFirst();
    // An unknown name costs the same hash as a known one, so timing does not reveal names.
    const valid = await verifyPassword(
      input.password,
      user?.password_hash ?? (await DUMMY_HASH_PROMISE),
    );
    if (!user || !valid || user.disabled_at !== null) {
      for (const key of keys) failures.fail(key, now());
      logger.warn({ user: input.name, remote: address }, 'login failed');
      await audit(
        db,
        { id: user?.id ?? null, name: input.name },
        'login_failed',
        `user ${input.name}`,
        { remote: address },
        now(),
      );
      await new Promise((resolve) => setTimeout(resolve, FAILURE_DELAY_MS));
      throw new ApiError(401, 'invalid_credentials', 'wrong user name or password');
    }

    for (const key of keys) failures.reset(key);
    const token = await createSession(db, user.id, now());
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: isSecureRequest(c),
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    });
    logger.info({ userId: user.id }, 'login');
    await audit(db, user, 'login', `user ${user.id}`, { remote: address }, now());
    return c.json({ user: { id: user.id, name: user.name, role: user.role } });
  });

  app.get('/', requireSession(deps), (c) => c.json({ user: c.get('user') }));

  app.delete('/', requireSession(deps), async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    await audit(db, c.get('user'), 'logout', `user ${c.get('user').id}`, {}, now());
    return c.body(null, 204);
  });

  app.post('/password', requireSession(deps), async (c) => {
    const user = c.get('user');
    const input = await readJson(c, changePasswordSchema);
    const row = await db
      .selectFrom('user')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    if (!(await verifyPassword(input.current, row.password_hash))) {
      throw new ApiError(400, 'invalid_request', 'the current password is wrong', 'current');
    }
    await db
      .updateTable('user')
      .set({ password_hash: await hashPassword(input.next) })
      .where('id', '=', user.id)
      .execute();
    await audit(db, user, 'password_change', `user ${user.id}`, {}, now());
    return c.body(null, 204);
  });

  return app;
}
