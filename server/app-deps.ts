/** Dependencies of every route, built once by the server and passed to each route module. */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import type { Logger } from './logger.ts';
import type { ScreenHub } from './screen-hub.ts';

export interface AppDeps {
  db: Kysely<Database>;
  logger: Logger;
  hub: ScreenHub;
  /** The server's clock in epoch milliseconds; tests pass a fake one. */
  now: () => number;
  /** Folder with the built display and console assets. */
  distDir: string;
}
