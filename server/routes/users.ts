/** Staff API for user accounts, committee settings and the audit log (administrators). */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import type { AppEnv } from '../app-env.ts';
import { audit, listAudit } from '../audit.ts';
import { idParam, parseWith, readJson } from '../request-body.ts';
import {
  getCommitteeSettings,
  settingsInputSchema,
  updateCommitteeSettings,
} from '../settings-store.ts';
import { allow } from '../staff-auth.ts';
import {
  createUser,
  createUserSchema,
  listUsers,
  updateUser,
  updateUserSchema,
} from '../user-store.ts';

export function userRoutes({ db, now, logger }: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', allow());

  app.get('/', async (c) => c.json({ users: await listUsers(db) }));

  app.post('/', async (c) => {
    const input = await readJson(c, createUserSchema);
    const user = await createUser(db, input, now());
    logger.info({ userId: user.id, by: c.get('user').id }, 'user created');
    await audit(
      db,
      c.get('user'),
      'user_create',
      `user ${user.id}`,
      { name: user.name, role: user.role },
      now(),
    );
    return c.json({ user }, 201);
  });

  app.patch('/:id', async (c) => {
    const id = idParam(c);
    const input = await readJson(c, updateUserSchema);
    const user = await updateUser(db, id, input, now());
    const detail = {
      role: input.role,
      disabled: input.disabled,
      passwordChanged: input.password !== undefined,
    };
    await audit(db, c.get('user'), 'user_update', `user ${id}`, detail, now());
    return c.json({ user });
  });

  return app;
}

export function settingsRoutes({ db, hub, now }: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => c.json({ settings: await getCommitteeSettings(db) }));

  app.put('/', allow(), async (c) => {
    const input = await readJson(c, settingsInputSchema);
    await updateCommitteeSettings(db, input, now());
    await audit(db, c.get('user'), 'settings_change', 'settings', { ...input }, now());
    // Office hours and contact appear on every screen's fallback slide, and the public address in
    // each slide's QR code.
    hub.resendHello();
    await hub.refresh();
    return c.json({ settings: await getCommitteeSettings(db) });
  });

  return app;
}

const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export function auditRoutes({ db }: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', allow());
  app.get('/', async (c) => {
    const query = parseWith(auditQuerySchema, c.req.query());
    return c.json(await listAudit(db, query.limit, query.offset));
  });
  return app;
}
