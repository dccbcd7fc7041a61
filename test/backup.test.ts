/**
 * `gongkai backup`: a consistent copy of a running server's database, restored into a new server;
 * a backup killed with SIGKILL leaves no file under the final name; overwrite and same-file checks.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/database.ts';
import { ScreenClient } from './support/screen-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../bin/gongkai.js');

let dir: string;
const servers: TestServer[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-backup-'));
});

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function gongkai(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { ...process.env, GONGKAI_DB: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function readOnly(file: string) {
  return new SQLite(file, { readonly: true, fileMustExist: true });
}

function publicationIds(file: string): Set<string> {
  const sqlite = readOnly(file);
  const rows = sqlite.prepare('SELECT id FROM publication').all() as { id: string }[];
  sqlite.close();
  return new Set(rows.map((row) => row.id));
}

function integrity(file: string): string {
  const sqlite = readOnly(file);
  const result = sqlite.pragma('integrity_check', { simple: true }) as string;
  sqlite.close();
  return result;
}

/** Create a screen with one published disclosure in its playlist, and connect its socket. */
async function connectedScreen(server: TestServer) {
  const { json: screen } = await server.api('POST', '/api/screens', { name: '屏' });
  const { json: created } = await server.api('POST', '/api/disclosures', {
    catalogItem: 9,
    title: '为老服务咨询',
    body: '咨询电话见下。',
  });
  const disclosureId = created.disclosure.id as number;
  const published = await server.api('POST', `/api/disclosures/${disclosureId}/publish`);
  expect(published.status).toBe(200);
  await server.api('PUT', `/api/screens/${screen.screen.id}/playlist`, {
    entries: [{ disclosureId, seconds: 15 }],
  });

  const client = new ScreenClient(server.url, screen.token as string);
  const schedule = await client.nth('schedule', 1, 10_000);
  const content = Object.values(schedule.content)[0]!;
  return { client, disclosureId, versionId: content.versionId };
}

/** Sends a batch of showings every 10 ms and records which ids the server acknowledged. */
function sendShowings(client: ScreenClient, disclosureId: number, versionId: number) {
  const committed = new Set<string>();
  const rejected: string[] = [];
  client.socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.type !== 'ack') return;
    for (const id of message.committed) committed.add(id);
    for (const failure of message.rejected) rejected.push(`${failure.id}: ${failure.reason}`);
  });

  let next = 0;
  const timer = setInterval(() => {
    const showings = Array.from({ length: 5 }, () => ({
      id: `backup-test-${String(next++).padStart(8, '0')}`,
      disclosureId,
      versionId,
      startedAt: Date.now() - 15_000,
      seconds: 15,
    }));
    client.send({ type: 'showings', showings });
  }, 10);
  return { committed, rejected, stop: () => clearInterval(timer) };
}

async function allPublicationIds(server: TestServer): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let offset = 0; ; offset += 500) {
    const { json } = await server.api('GET', `/api/publications?limit=500&offset=${offset}`);
    for (const publication of json.publications) ids.add(publication.id);
    if (json.publications.length < 500) return ids;
  }
}

describe('gongkai backup', () => {
  it('copies a running server and restores', async () => {
    const server = await startTestServer();
    servers.push(server);
    // With checkpoints off, every showing stays in the -wal file: a backup that copied only the
    // main database file would miss them all.
    server.database.sqlite.pragma('wal_autocheckpoint = 0');
    server.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const { client, disclosureId, versionId } = await connectedScreen(server);
    const showings = sendShowings(client, disclosureId, versionId);
    await client.waitFor(() => showings.committed.size >= 100, '100 committed showings', 5000);

    // Every showing acknowledged before the backup starts must be in the backup.
    const committedBefore = new Set(showings.committed);
    const out = path.join(dir, 'backup.sqlite');
    const result = await gongkai('backup', out, '--db', server.dbFile);
    const committedDuring = showings.committed.size - committedBefore.size;
    console.log(`backup of a running server: ${committedDuring} showings committed meanwhile`);
    showings.stop();
    client.close();

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(showings.rejected).toEqual([]);
    // The server kept committing showings while the backup ran.
    expect(committedDuring).toBeGreaterThan(0);

    expect(integrity(out)).toBe('ok');
    const backedUp = publicationIds(out);
    const missing = [...committedBefore].filter((id) => !backedUp.has(id));
    expect(missing).toEqual([]);
    expect(result.stdout).toBe(
      `backup written to ${out}: ${backedUp.size} publications, 1 disclosures, ${fs.statSync(out).size} bytes\n`,
    );
    expect(fs.existsSync(`${out}.partial`)).toBe(false);

    // Restore: the backup copied over a database path of a server that is not running.
    const restoredFile = path.join(dir, 'restored', 'gongkai.sqlite');
    fs.mkdirSync(path.dirname(restoredFile));
    fs.copyFileSync(out, restoredFile);
    const restored = await startTestServer({ dbFile: restoredFile });
    servers.push(restored);
    const restoredIds = await allPublicationIds(restored);
    expect(restoredIds.size).toBe(backedUp.size);
    expect([...backedUp].filter((id) => !restoredIds.has(id))).toEqual([]);
    const { json: disclosures } = await restored.api('GET', `/api/disclosures/${disclosureId}`);
    expect(disclosures.disclosure.status).toBe('published');
  });

  it('SIGKILL leaves no partial backup', async () => {
    // 200,000 publications, about 30 MB, so the copy and its check take a moment.
    const db = path.join(dir, 'big.sqlite');
    const database = await openDatabase(db);
    database.sqlite.pragma('foreign_keys = OFF');
    const insert = database.sqlite.prepare(
      `INSERT INTO publication (id, screen_id, screen_name, disclosure_id, version_id, version,
         catalog_item_number, title, content_hash, started_at, ended_at, seconds, interrupted,
         received_at)
       VALUES (?, 1, '屏', 1, 1, 1, 9, '为老服务政策与咨询', 'hash', ?, ?, 15, 0, ?)`,
    );
    const ROWS = 200_000;
    database.sqlite.transaction(() => {
      for (let i = 0; i < ROWS; i++) insert.run(`showing-${i}`, i * 1000, i * 1000 + 15_000, i);
    })();
    await database.close();

    const out = path.join(dir, 'out.sqlite');
    const partial = `${out}.partial`;
    const child = spawn(process.execPath, [BIN, 'backup', out, '--db', db], { cwd: dir });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? code)),
    );
    const deadline = Date.now() + 20_000;
    let sawPartial = false;
    while (Date.now() < deadline && child.exitCode === null) {
      if (fs.existsSync(partial)) {
        sawPartial = true;
        child.kill('SIGKILL');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const ending = await exited;
    const left = fs.readdirSync(dir).filter((name) => name.startsWith('out.sqlite'));
    console.log(`backup SIGKILL: child ended with ${ending}, files left: ${left.join(', ')}`);
    expect(sawPartial).toBe(true);

    // The source is intact.
    expect(integrity(db)).toBe('ok');
    const source = readOnly(db);
    expect(source.prepare('SELECT count(*) AS n FROM publication').get()).toEqual({ n: ROWS });
    source.close();

    // The final name is absent, or contains a whole backup when the kill came after the rename.
    if (ending === 'SIGKILL' && fs.existsSync(out)) {
      expect(integrity(out)).toBe('ok');
    } else {
      expect(ending).toBe('SIGKILL');
      expect(fs.existsSync(out)).toBe(false);
    }

    // The next backup deletes the leftover .partial and its journal and writes a whole copy.
    const again = await gongkai('backup', out, '--db', db, '--force');
    expect(again.stderr).toBe('');
    expect(again.stdout).toContain(`backup written to ${out}: ${ROWS} publications`);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('out.sqlite.partial'))).toEqual([]);
    expect(integrity(out)).toBe('ok');
    expect(publicationIds(out).size).toBe(ROWS);
  });

  it('removes a stale partial file', async () => {
    const db = path.join(dir, 'g.sqlite');
    await (await openDatabase(db)).close();
    const out = path.join(dir, 'out.sqlite');
    fs.writeFileSync(`${out}.partial`, 'an unfinished copy');
    fs.writeFileSync(`${out}.partial-journal`, 'its journal');

    const result = await gongkai('backup', out, '--db', db);
    expect(result.code).toBe(0);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
    expect(fs.existsSync(`${out}.partial-journal`)).toBe(false);
    expect(integrity(out)).toBe('ok');
  });

  it('refuses to overwrite without --force', async () => {
    const db = path.join(dir, 'g.sqlite');
    await (await openDatabase(db)).close();
    const out = path.join(dir, 'out.sqlite');
    fs.writeFileSync(out, 'an older backup');

    const refused = await gongkai('backup', out, '--db', db);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `error: backup file "${out}" already exists; choose a new name, or add --force to replace it\n`,
    );
    expect(fs.readFileSync(out, 'utf8')).toBe('an older backup');

    const forced = await gongkai('backup', out, '--db', db, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(
      /^backup written to .+: 0 publications, 0 disclosures, \d+ bytes\n$/,
    );
    expect(integrity(out)).toBe('ok');
  });

  it('refuses the database itself', async () => {
    const db = path.join(dir, 'g.sqlite');
    await (await openDatabase(db)).close();
    const before = fs.readFileSync(db);

    for (const target of [db, 'g.sqlite', path.join(dir, 'sub', '..', 'g.sqlite')]) {
      const result = await gongkai('backup', target, '--db', db, '--force');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`backup file "${target}" is the database itself`);
    }
    // A hard link is the same file under another name.
    fs.linkSync(db, path.join(dir, 'link.sqlite'));
    const linked = await gongkai('backup', 'link.sqlite', '--db', db, '--force');
    expect(linked.stderr).toContain('is the database itself');
    expect(fs.readFileSync(db)).toEqual(before);

    // A database named like FILE.partial would be deleted as a leftover, so that is refused too.
    fs.copyFileSync(db, path.join(dir, 'keep.partial'));
    const partialName = await gongkai('backup', 'keep', '--db', 'keep.partial');
    expect(partialName.code).toBe(1);
    expect(partialName.stderr).toContain('is the database itself (or its .partial name)');
    expect(fs.readFileSync(path.join(dir, 'keep.partial'))).toEqual(before);
  });

  it('reports a missing database', async () => {
    const result = await gongkai('backup', 'out.sqlite', '--db', 'none.sqlite');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('database "none.sqlite" not found');
    expect(fs.existsSync(path.join(dir, 'none.sqlite'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'out.sqlite'))).toBe(false);
  });

  it('help explains restore', async () => {
    const result = await gongkai('backup', '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: gongkai backup FILE [--db FILE] [--force]');
    expect(result.stdout).toContain('Stop the server');
    expect(result.stdout).toContain('-wal and -shm');
  });
});
