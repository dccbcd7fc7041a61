/** Staff API for screens and their playlists. */
import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { getPlaylist, playlistInputSchema, replacePlaylist } from '../playlist-store.ts';
import { idParam, readJson } from '../request-body.ts';
import { createScreen, createScreenSchema, listScreens, requireScreen } from '../screen-store.ts';

/** Build the address a display opens. The token travels in the query and the display keeps it. */
export function displayUrl(origin: string, token: string): string {
  return `${origin}/display/?token=${encodeURIComponent(token)}`;
}

export function screenRoutes({ db, hub, now, logger }: AppDeps) {
  const app = new Hono();
  const isOnline = (id: number) => hub.isOnline(id);

  app.get('/', async (c) => c.json({ screens: await listScreens(db, isOnline) }));

  app.post('/', async (c) => {
    const input = await readJson(c, createScreenSchema);
    const { id, token } = await createScreen(db, input, now());
    logger.info({ screenId: id }, 'screen created');
    const screen = (await listScreens(db, isOnline)).find((row) => row.id === id);
    return c.json({ screen, token, displayUrl: displayUrl(new URL(c.req.url).origin, token) }, 201);
  });

  app.get('/:id/playlist', async (c) => {
    const id = idParam(c);
    await requireScreen(db, id);
    return c.json({ entries: await getPlaylist(db, id) });
  });

  app.put('/:id/playlist', async (c) => {
    const id = idParam(c);
    await requireScreen(db, id);
    const input = await readJson(c, playlistInputSchema);
    await replacePlaylist(db, id, input);
    logger.info({ screenId: id, entries: input.entries.length }, 'playlist saved');
    await hub.refresh([id]);
    return c.json({ entries: await getPlaylist(db, id) });
  });

  return app;
}
