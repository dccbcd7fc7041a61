/**
 * Opens the SQLite file (WAL mode) behind kysely and brings its schema up to date with kysely's
 * Migrator. Migrations are listed here in code so that they run the same under tsx and bundlers.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './schema.ts';
import * as initial from './migrations/0001-initial.ts';
import * as settings from './migrations/0002-settings.ts';
import * as emergencies from './migrations/0003-emergencies.ts';
import * as staff from './migrations/0004-staff.ts';
import * as imageSize from './migrations/0005-image-size.ts';
import * as calendar from './migrations/0006-calendar.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-settings': settings,
  '0003-emergencies': emergencies,
  '0004-staff': staff,
  '0005-image-size': imageSize,
  '0006-calendar': calendar,
};

const staticProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

export interface OpenedDatabase {
  db: Kysely<Database>;
  /** The underlying better-sqlite3 handle, for backups and pragmas. */
  sqlite: SQLite.Database;
  close(): Promise<void>;
}

export class DatabaseError extends Error {
  override name = 'DatabaseError';
}

/** Open (creating if needed) the database file and migrate it to the latest schema. */
export async function openDatabase(file: string): Promise<OpenedDatabase> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });

  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new DatabaseError(`cannot open database "${file}": ${(error as Error).message}`);
  }

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const migrator = new Migrator({ db, provider: staticProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    await db.destroy();
    throw new DatabaseError(
      `cannot migrate database "${file}"${failed ? ` at migration ${failed}` : ''}: ${
        (error as Error).message
      }`,
    );
  }

  return {
    db,
    sqlite,
    close: () => db.destroy(),
  };
}
