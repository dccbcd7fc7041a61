/**
 * The start-up check: a database file that is not SQLite, or fails PRAGMA quick_check, stops the
 * server and the CLI with a message pointing to the backups, and its bytes stay as they were.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/database.ts';
import { createLogger } from '../server/logger.ts';
import { startServer } from '../server/server.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../bin/gongkai.js');

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-dbcheck-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const sha256 = (file: string) =>
  crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function start(dbFile: string) {
  return startServer({
    dbFile,
    port: 0,
    host: '127.0.0.1',
    build: false,
    sample: false,
    distDir: path.join(dir, 'dist'),
    logger: createLogger({ level: 'silent' }),
  });
}

async function gongkai(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A migrated database with enough publication rows to span many pages. */
async function createDatabase(file: string): Promise<void> {
  const database = await openDatabase(file);
  database.sqlite.pragma('foreign_keys = OFF');
  const insert = database.sqlite.prepare(
    `INSERT INTO publication (id, screen_id, screen_name, disclosure_id, version_id, version,
       catalog_item_number, title, content_hash, started_at, ended_at, seconds, interrupted,
       received_at)
     VALUES (?, 1, '屏', 1, 1, 1, 9, '为老服务政策与咨询', 'hash', ?, ?, 15, 0, ?)`,
  );
  database.sqlite.transaction(() => {
    for (let i = 0; i < 5000; i++) {
      insert.run(`showing-${i.toString().padStart(6, '0')}`, i * 1000, i * 1000 + 15_000, i);
    }
  })();
  await database.close();
}

/** Overwrites page `page` (1-based) with zeros, as a failed disk write might. */
function zeroPage(file: string, page: number): void {
  const sqlite = new SQLite(file, { readonly: true });
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  sqlite.close();

  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize), 0, pageSize, pageSize * (page - 1));
  fs.closeSync(fd);
}

function pageCount(file: string): number {
  const sqlite = new SQLite(file, { readonly: true });
  const count = sqlite.pragma('page_count', { simple: true }) as number;
  sqlite.close();
  return count;
}

const CORRUPT =
  /^database ".+" is corrupt \(.+\); Gongkai stopped without changing the file\. Restore it from a backup: see "gongkai backup --help"\.$/;

describe('database start-up check', () => {
  it('random bytes rejected by server', async () => {
    const file = path.join(dir, 'random.sqlite');
    fs.writeFileSync(file, crypto.randomBytes(64 * 1024));
    const before = sha256(file);

    const failure = await start(file).then(
      () => null,
      (error: Error) => error,
    );
    expect(failure?.name).toBe('DatabaseError');
    expect(failure?.message).toMatch(CORRUPT);
    expect(failure?.message).toContain('not a SQLite database');
    expect(sha256(file)).toBe(before);
  });

  it('random bytes rejected by CLI', async () => {
    const file = path.join(dir, 'random.sqlite');
    fs.writeFileSync(file, crypto.randomBytes(64 * 1024));
    const before = sha256(file);

    const result = await gongkai('export', 'publications', '--db', file);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(new RegExp(`^error: ${CORRUPT.source.slice(1)}`));
    expect(result.stdout).toBe('');
    expect(sha256(file)).toBe(before);
  });

  it('zeroed page rejected by server and CLI', async () => {
    const file = path.join(dir, 'gongkai.sqlite');
    await createDatabase(file);
    const pages = pageCount(file);
    expect(pages).toBeGreaterThan(20);
    zeroPage(file, Math.floor(pages / 2));
    const before = sha256(file);

    const failure = await start(file).then(
      () => null,
      (error: Error) => error,
    );
    expect(failure?.message).toMatch(CORRUPT);
    expect(failure?.message).toContain('(quick_check: ');
    expect(sha256(file)).toBe(before);

    const result = await gongkai('export', 'publications', '--db', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: database "${file}" is corrupt (quick_check: `);
    expect(result.stderr).toContain('see "gongkai backup --help"');
    expect(sha256(file)).toBe(before);
  });

  it('short file with a bad header rejected', async () => {
    const file = path.join(dir, 'short.sqlite');
    fs.writeFileSync(file, 'SQLite');

    await expect(openDatabase(file)).rejects.toThrow(CORRUPT);
    expect(fs.readFileSync(file, 'utf8')).toBe('SQLite');
  });

  it('sound and empty files open', async () => {
    const sound = path.join(dir, 'sound.sqlite');
    await createDatabase(sound);
    const reopened = await openDatabase(sound);
    const { n } = reopened.sqlite.prepare('SELECT count(*) AS n FROM publication').get() as {
      n: number;
    };
    expect(n).toBe(5000);
    await reopened.close();

    // An empty file is what some tools create before the first start: it becomes a new database.
    const empty = path.join(dir, 'empty.sqlite');
    fs.writeFileSync(empty, '');
    const created = await openDatabase(empty);
    expect(created.sqlite.pragma('quick_check', { simple: true })).toBe('ok');
    await created.close();
  });
});
