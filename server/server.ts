/**
 * Starts Gongkai: opens and migrates the database, loads the built-in catalog into a new database
 * (with sample content unless disabled), builds missing assets, and serves HTTP and the screen
 * WebSocket on one port.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from './app.ts';
import { DEFAULT_DIST_DIR, ensureAssets, REPO_ROOT } from './build.ts';
import { loadCatalog, readCatalogFile } from './catalog-store.ts';
import { openDatabase, type OpenedDatabase } from './db/database.ts';
import { createLogger, type Logger } from './logger.ts';
import { createSampleContent } from './sample-content.ts';
import { ScreenHub } from './screen-hub.ts';
import { closeDanglingConnections } from './screen-store.ts';

export const BUILT_IN_CATALOG = path.join(REPO_ROOT, 'shared', 'catalog', 'zhonglou.json');

export interface ServerOptions {
  dbFile: string;
  port?: number;
  host?: string;
  /** Create the sample screen and disclosures on a new database. Default true. */
  sample?: boolean;
  logger?: Logger;
  now?: () => number;
  distDir?: string;
  /** Build the display and console assets when missing or stale. Default true. */
  build?: boolean;
}

export interface RunningServer {
  /** Base URL reachable from this machine, such as http://127.0.0.1:8080. */
  url: string;
  port: number;
  database: OpenedDatabase;
  hub: ScreenHub;
  logger: Logger;
  /** Set on the first start of a new database with samples: the sample screen's one-time token. */
  sampleScreen: { id: number; token: string } | null;
  close(): Promise<void>;
}

async function prepareContent(
  database: OpenedDatabase,
  sample: boolean,
  now: number,
  logger: Logger,
) {
  const committee = await database.db.selectFrom('committee').select('id').executeTakeFirst();
  if (committee) return null;

  const result = await loadCatalog(database.db, readCatalogFile(BUILT_IN_CATALOG), now);
  logger.info({ inserted: result.inserted }, 'built-in catalog loaded into a new database');
  if (!sample) return null;

  const screen = await createSampleContent(database.db, now);
  logger.info({ screenId: screen.id }, 'sample screen and disclosures created');
  return screen;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  const now = options.now ?? Date.now;
  const distDir = options.distDir ?? DEFAULT_DIST_DIR;

  if (options.build !== false && (await ensureAssets(distDir))) {
    logger.info({ distDir }, 'display and console assets built');
  }

  const database = await openDatabase(options.dbFile);
  let sampleScreen: RunningServer['sampleScreen'];
  try {
    sampleScreen = await prepareContent(database, options.sample !== false, now(), logger);
  } catch (error) {
    await database.close();
    throw error;
  }

  await closeDanglingConnections(database.db);
  const hub = new ScreenHub({ db: database.db, logger, now });
  const app = createApp({ db: database.db, logger, hub, now, distDir });
  const server = createAdaptorServer({ fetch: app.fetch });
  server.on('upgrade', (request, socket, head) => hub.handleUpgrade(request, socket, head));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host =
    !options.host || options.host === '0.0.0.0' || options.host === '::'
      ? 'localhost'
      : options.host;
  logger.info({ port, db: options.dbFile }, 'server listening');

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    database,
    hub,
    logger,
    sampleScreen,
    close() {
      closing ??= (async () => {
        await hub.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Idle keep-alive sockets would hold close() open.
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await database.close();
        logger.info('server stopped');
      })();
      return closing;
    },
  };
}
