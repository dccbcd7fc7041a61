/**
 * The Hono application: request logging, the central error handler, the loopback guard for the
 * staff API, the routes, and the built display and console pages.
 */
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type MiddlewareHandler } from 'hono';
import { sql } from 'kysely';
import type { AppDeps } from './app-deps.ts';
import { ApiError } from './errors.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { disclosureRoutes } from './routes/disclosures.ts';
import { emergencyRoutes, tickerRoutes } from './routes/emergencies.ts';
import { imageRoutes, mediaRoutes } from './routes/images.ts';
import { displayRoutes, publicationRoutes } from './routes/publications.ts';
import { screenRoutes } from './routes/screens.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Until staff accounts exist, the staff API serves only requests from this machine.
 * NOTE: behind a reverse proxy on the same machine every request looks local; do not expose the
 * staff API through a proxy before logins exist.
 */
function loopbackOnly(deps: AppDeps): MiddlewareHandler {
  return async function loopbackGuard(c, next) {
    const address = getConnInfo(c).remote.address ?? '';
    if (!LOOPBACK.has(address)) {
      deps.logger.warn(
        { remote: address, path: c.req.path },
        'staff API request from another host refused',
      );
      throw new ApiError(
        403,
        'forbidden',
        'the staff API answers only requests from the server machine itself',
      );
    }
    await next();
  };
}

function requestLogger(deps: AppDeps): MiddlewareHandler {
  return async function logRequest(c, next) {
    const started = performance.now();
    await next();
    deps.logger.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  };
}

function staticPages(distDir: string, prefix: 'display' | 'console') {
  const root = path.join(distDir, prefix);
  return serveStatic({
    root,
    rewriteRequestPath: (requestPath) => requestPath.slice(prefix.length + 1) || '/',
  });
}

export function createApp(deps: AppDeps) {
  const app = new Hono();

  app.use('*', requestLogger(deps));

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toJSON(), error.status);
    deps.logger.error({ err: error, method: c.req.method, path: c.req.path }, 'request failed');
    const internal = new ApiError(
      500,
      'internal_error',
      'the server failed to handle this request; see the server log',
    );
    return c.json(internal.toJSON(), 500);
  });

  app.notFound((c) =>
    c.json(
      new ApiError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`).toJSON(),
      404,
    ),
  );

  app.get('/healthz', async (c) => {
    await sql`select 1`.execute(deps.db);
    return c.json({ status: 'ok' });
  });

  app.route('/api/catalog', catalogRoutes(deps));
  app.route('/api/display', displayRoutes(deps));
  app.route('/media', mediaRoutes(deps));

  app.use('/api/*', loopbackOnly(deps));
  app.route('/api/disclosures', disclosureRoutes(deps));
  app.route('/api/screens', screenRoutes(deps));
  app.route('/api/publications', publicationRoutes(deps));
  app.route('/api/images', imageRoutes(deps));
  app.route('/api/emergencies', emergencyRoutes(deps));
  app.route('/api/tickers', tickerRoutes(deps));

  app.get('/', (c) => c.redirect('/console/'));
  app.get('/display', (c) => c.redirect('/display/'));
  app.get('/console', (c) => c.redirect('/console/'));
  app.use('/display/*', staticPages(deps.distDir, 'display'));
  app.use('/console/*', staticPages(deps.distDir, 'console'));

  return app;
}
