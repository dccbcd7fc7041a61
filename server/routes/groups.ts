/** Staff API for screen groups and their shared schedules. */
import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import type { AppEnv } from '../app-env.ts';
import { audit } from '../audit.ts';
import {
  createGroup,
  createGroupSchema,
  deleteGroup,
  listGroups,
  requireGroup,
  screensInGroup,
  updateGroup,
  updateGroupSchema,
} from '../group-store.ts';
import { idParam, readJson } from '../request-body.ts';
import { getSchedule, replaceSchedule, scheduleInputSchema } from '../schedule-store.ts';
import { allow } from '../staff-auth.ts';

export function groupRoutes({ db, hub, now }: AppDeps) {
  const app = new Hono<AppEnv>();
  const groupView = async (id: number) => (await listGroups(db)).find((group) => group.id === id);

  app.get('/', async (c) => c.json({ groups: await listGroups(db) }));

  app.post('/', allow(), async (c) => {
    const input = await readJson(c, createGroupSchema);
    const id = await createGroup(db, input, now());
    await audit(db, c.get('user'), 'group_change', `group ${id}`, { created: input.name }, now());
    await hub.refresh(input.screenIds);
    return c.json({ group: await groupView(id) }, 201);
  });

  app.patch('/:id', allow(), async (c) => {
    const id = idParam(c);
    const before = await screensInGroup(db, id);
    const input = await readJson(c, updateGroupSchema);
    await updateGroup(db, id, input);
    await audit(db, c.get('user'), 'group_change', `group ${id}`, { ...input }, now());
    await hub.refresh([...before, ...(await screensInGroup(db, id))]);
    return c.json({ group: await groupView(id) });
  });

  app.delete('/:id', allow(), async (c) => {
    const id = idParam(c);
    const members = await screensInGroup(db, id);
    await deleteGroup(db, id);
    await audit(db, c.get('user'), 'group_change', `group ${id}`, { deleted: true }, now());
    await hub.refresh(members);
    return c.body(null, 204);
  });

  app.get('/:id/playlist', async (c) => {
    const id = idParam(c);
    await requireGroup(db, id);
    return c.json({ entries: await getSchedule(db, { groupId: id }) });
  });

  app.put('/:id/playlist', allow(), async (c) => {
    const id = idParam(c);
    await requireGroup(db, id);
    const input = await readJson(c, scheduleInputSchema);
    await replaceSchedule(db, { groupId: id }, input);
    await audit(
      db,
      c.get('user'),
      'schedule_change',
      `group ${id}`,
      { entries: input.entries.length },
      now(),
    );
    await hub.refresh(await screensInGroup(db, id));
    return c.json({ entries: await getSchedule(db, { groupId: id }) });
  });

  return app;
}
