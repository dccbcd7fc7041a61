/**
 * The Hono application: request logging, the central error handler, the session guard for the
 * staff API, the routes, and the built display and console pages.
 */
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { sql } from 'kysely';
import type { AppDeps } from './app-deps.ts';
import type { AppEnv } from './app-env.ts';
import { ApiError } from './errors.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { disclosureRoutes } from './routes/disclosures.ts';
import { emergencyRoutes, tickerRoutes } from './routes/emergencies.ts';
import { imageRoutes, mediaRoutes } from './routes/images.ts';
import { displayRoutes, publicationRoutes } from './routes/publications.ts';
import { screenRoutes } from './routes/screens.ts';
import { groupRoutes } from './routes/groups.ts';
import { pairingRoutes } from './routes/pairing.ts';
import { publicPageRoutes } from './routes/public-pages.ts';
import { sessionRoutes } from './routes/session.ts';
import { auditRoutes, settingsRoutes, userRoutes } from './routes/users.ts';
import { requireSession } from './staff-auth.ts';
import { certificateRoute, channelRecordRoutes, ledgerRoutes } from './routes/ledger.ts';

/**
 * Security headers on every response. The pages load only their own script and styles (no inline
 * script), talk only to this server (its WebSocket included) and may not be framed.
 */
const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  referrerPolicy: 'no-referrer',
  xFrameOptions: 'DENY',
  // HSTS belongs to the TLS proxy in front, which knows whether the site is served over TLS.
  strictTransportSecurity: false,
});

/**
 * One log line per request: method, route pattern and path, status, duration and the signed-in
 * user. Query strings are left out, because a display URL carries its token there.
 */
function requestLogger(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async function logRequest(c, next) {
    const started = performance.now();
    await next();
    deps.logger.info(
      {
        method: c.req.method,
        route: c.req.routePath,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        userId: c.get('user')?.id,
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
  const app = new Hono<AppEnv>();

  app.use('*', requestLogger(deps));
  app.use('*', securityHeaders);

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

  app.route('/api/pairing', pairingRoutes(deps));
  app.route('/api/session', sessionRoutes(deps));
  app.route('/p', publicPageRoutes(deps));

  app.use('/api/*', requireSession(deps));
  app.route('/api/disclosures', disclosureRoutes(deps));
  app.route('/api/groups', groupRoutes(deps));
  app.route('/api/users', userRoutes(deps));
  app.route('/api/settings', settingsRoutes(deps));
  app.route('/api/audit', auditRoutes(deps));
  app.route('/api/ledger', ledgerRoutes(deps));
  app.route('/api/channel-records', channelRecordRoutes(deps));
  app.route('/api/disclosures', certificateRoute(deps));
  app.route('/api/screens', screenRoutes(deps));
  app.route('/api/publications', publicationRoutes(deps));
  app.route('/api/images', imageRoutes(deps));
  app.route('/api/emergencies', emergencyRoutes(deps));
  app.route('/api/tickers', tickerRoutes(deps));

  app.get('/', (c) => c.redirect('/console/'));
  // Browsers ask for a favicon on every page; there is none, and a 404 would clutter the logs.
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/display', (c) => c.redirect('/display/'));
  app.get('/console', (c) => c.redirect('/console/'));
  app.use('/display/*', staticPages(deps.distDir, 'display'));
  app.use('/console/*', staticPages(deps.distDir, 'console'));

  return app;
}
