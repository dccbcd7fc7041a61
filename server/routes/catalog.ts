/** The public catalog: the catalog itself is public information, so it needs no login. */
import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { getCatalog } from '../catalog-store.ts';
import { ApiError } from '../errors.ts';

export function catalogRoutes({ db }: AppDeps) {
  const app = new Hono();
  app.get('/', async (c) => {
    const catalog = await getCatalog(db);
    if (!catalog) {
      throw new ApiError(
        404,
        'not_found',
        'no catalog is loaded; load one with "gongkai catalog import FILE"',
      );
    }
    return c.json(catalog);
  });
  return app;
}
