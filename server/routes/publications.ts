/** Staff API for the publication log, and the display's own HTTP endpoint for reporting showings. */
import { Hono } from 'hono';
import { z } from 'zod';
import { MAX_SHOWINGS_PER_BATCH } from '../../shared/protocol.ts';
import type { AppDeps } from '../app-deps.ts';
import { ApiError } from '../errors.ts';
import { ingestShowings } from '../publication-ingest.ts';
import {
  publicationQuerySchema,
  queryPublications,
  writePublicationsCsv,
} from '../publication-log.ts';
import { parseWith, readJson } from '../request-body.ts';
import { screenByToken } from '../screen-store.ts';

export function publicationRoutes({ db }: AppDeps) {
  const app = new Hono();

  app.get('/', async (c) => {
    const query = parseWith(publicationQuerySchema, c.req.query());
    return c.json(await queryPublications(db, query));
  });

  app.get('/export.csv', async (c) => {
    const {
      limit: _limit,
      offset: _offset,
      ...filter
    } = parseWith(publicationQuerySchema, c.req.query());
    const chunks: string[] = [];
    await writePublicationsCsv(db, filter, (chunk) => chunks.push(chunk));
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="publications.csv"`);
    return c.body(chunks.join(''));
  });

  return app;
}

const showingsBodySchema = z.strictObject({
  showings: z.array(z.unknown()).max(MAX_SHOWINGS_PER_BATCH),
});

/** Endpoints a display reaches with its own token (Authorization: Bearer TOKEN). */
export function displayRoutes({ db, now, logger }: AppDeps) {
  const app = new Hono();

  app.post('/showings', async (c) => {
    const token = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const screen = await screenByToken(db, token);
    if (!screen) {
      logger.warn(
        { reason: token ? 'unknown or revoked token' : 'missing token' },
        'display request refused',
      );
      throw new ApiError(
        401,
        'unauthorized',
        'send the screen token as "Authorization: Bearer TOKEN"',
      );
    }
    const body = await readJson(c, showingsBodySchema);
    return c.json(await ingestShowings(db, screen, body.showings, now()));
  });

  return app;
}
