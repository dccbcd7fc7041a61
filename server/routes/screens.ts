/** Staff API for screens: pairing, details, groups membership, revoking, schedules and timelines. */
import { Hono } from 'hono';
import { z } from 'zod';
import {
  DAY_MS,
  isCalendarDate,
  shanghaiDate,
  startOfShanghaiDay,
} from '../../shared/shanghai-time.ts';
import type { AppDeps } from '../app-deps.ts';
import type { AppEnv } from '../app-env.ts';
import { audit } from '../audit.ts';
import { listGroups, setScreenGroups } from '../group-store.ts';
import { completePairing, openPairingByCode } from '../pairing-store.ts';
import { FailureLimiter } from '../rate-limiter.ts';
import { ApiError } from '../errors.ts';
import { idParam, parseWith, readJson } from '../request-body.ts';
import { buildSchedule } from '../schedule-builder.ts';
import { getSchedule, replaceSchedule, scheduleInputSchema } from '../schedule-store.ts';
import {
  createScreen,
  createScreenSchema,
  listScreens,
  pairScreenSchema,
  requireScreen,
  revokeScreen,
  updateScreen,
  updateScreenSchema,
} from '../screen-store.ts';
import { allow } from '../staff-auth.ts';
import { formatInstant } from '../api-time.ts';
import { buildTimeline, MAX_TIMELINE_DAYS } from '../timeline.ts';

/** Build the address a display opens. The token travels in the query and the display keeps it. */
export function displayUrl(origin: string, token: string): string {
  return `${origin}/display/?token=${encodeURIComponent(token)}`;
}

const timelineQuerySchema = z.object({
  date: z.string().refine(isCalendarDate, 'expected a calendar date as YYYY-MM-DD').optional(),
  days: z.coerce.number().int().min(1).max(MAX_TIMELINE_DAYS).default(1),
});

/** Five wrong pairing codes per user in ten minutes lock pairing for that user. */
const PAIRING_LIMIT = { max: 5, windowMs: 10 * 60_000 };

export function screenRoutes({ db, hub, now, logger }: AppDeps) {
  const app = new Hono<AppEnv>();
  const isOnline = (id: number) => hub.isOnline(id);
  const wrongCodes = new FailureLimiter(PAIRING_LIMIT);
  const screenView = async (id: number) =>
    (await listScreens(db, isOnline)).find((row) => row.id === id);

  app.get('/', async (c) => c.json({ screens: await listScreens(db, isOnline) }));

  app.post('/', allow(), async (c) => {
    const user = c.get('user');
    const input = await readJson(c, createScreenSchema);
    const { id, token } = await createScreen(db, input, now());
    logger.info({ screenId: id, userId: user.id }, 'screen created');
    await audit(db, user, 'screen_create', `screen ${id}`, { name: input.name }, now());
    return c.json(
      {
        screen: await screenView(id),
        token,
        displayUrl: displayUrl(new URL(c.req.url).origin, token),
      },
      201,
    );
  });

  app.post('/pair', allow(), async (c) => {
    const user = c.get('user');
    const key = `user:${user.id}`;
    const retryAfter = wrongCodes.retryAfterSeconds(key, now());
    if (retryAfter > 0) {
      logger.warn({ userId: user.id }, 'pairing locked after repeated wrong codes');
      throw new ApiError(
        429,
        'too_many_attempts',
        `too many wrong pairing codes; try again in ${retryAfter} seconds`,
        undefined,
        { retryAfterSeconds: retryAfter },
      );
    }

    const input = await readJson(c, pairScreenSchema);
    let pairing;
    try {
      pairing = await openPairingByCode(db, input.code, now());
    } catch (error) {
      wrongCodes.fail(key, now());
      logger.warn({ userId: user.id }, 'pairing code not found');
      await audit(db, user, 'screen_pair_failed', 'pairing', {}, now());
      throw error;
    }
    const { code: _code, groupIds, ...screenInput } = input;
    const { id, token } = await createScreen(db, screenInput, now());
    await setScreenGroups(db, id, groupIds);
    await completePairing(db, pairing.id, id, token);
    wrongCodes.reset(key);
    logger.info({ screenId: id, userId: user.id }, 'screen paired');
    await audit(db, user, 'screen_pair', `screen ${id}`, { name: input.name }, now());
    return c.json({ screen: await screenView(id) }, 201);
  });

  app.patch('/:id', allow(), async (c) => {
    const user = c.get('user');
    const id = idParam(c);
    await requireScreen(db, id);
    const { groupIds, ...fields } = await readJson(c, updateScreenSchema);
    await updateScreen(db, id, fields);
    if (groupIds) await setScreenGroups(db, id, groupIds);
    await audit(
      db,
      user,
      'screen_update',
      `screen ${id}`,
      { fields: Object.keys(fields), groupIds },
      now(),
    );
    await hub.refresh([id]);
    return c.json({ screen: await screenView(id) });
  });

  app.post('/:id/revoke', allow(), async (c) => {
    const user = c.get('user');
    const id = idParam(c);
    await revokeScreen(db, id, now());
    hub.disconnect(id, 'screen revoked');
    logger.warn({ screenId: id, userId: user.id }, 'screen revoked');
    await audit(db, user, 'screen_revoke', `screen ${id}`, {}, now());
    return c.body(null, 204);
  });

  app.get('/:id/playlist', async (c) => {
    const id = idParam(c);
    await requireScreen(db, id);
    return c.json({ entries: await getSchedule(db, { screenId: id }) });
  });

  app.put('/:id/playlist', allow(), async (c) => {
    const user = c.get('user');
    const id = idParam(c);
    await requireScreen(db, id);
    const input = await readJson(c, scheduleInputSchema);
    await replaceSchedule(db, { screenId: id }, input);
    logger.info({ screenId: id, entries: input.entries.length }, 'schedule saved');
    await audit(
      db,
      user,
      'schedule_change',
      `screen ${id}`,
      { entries: input.entries.length },
      now(),
    );
    await hub.refresh([id]);
    return c.json({ entries: await getSchedule(db, { screenId: id }) });
  });

  app.get('/:id/timeline', async (c) => {
    const id = idParam(c);
    await requireScreen(db, id);
    const query = parseWith(timelineQuerySchema, c.req.query());
    const start = startOfShanghaiDay(query.date ?? shanghaiDate(now()));
    const end = start + query.days * DAY_MS;
    const { body } = await buildSchedule(db, id, now(), query.days, start);
    const groupNames = new Map((await listGroups(db)).map((group) => [group.id, group.name]));
    return c.json({
      from: formatInstant(start),
      until: formatInstant(end),
      segments: buildTimeline(body.entries, body.content, groupNames, start, end),
    });
  });

  return app;
}
