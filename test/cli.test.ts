import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScreenClient } from './support/screen-client.ts';
import { startTestServer } from './support/test-server.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../bin/gongkai.js');
const CATALOG = path.resolve(import.meta.dirname, '../shared/catalog/zhonglou.json');

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-'));
});

afterEach(() => {
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

describe('gongkai CLI', () => {
  it('prints help for every command', async () => {
    const overview = await gongkai('--help');
    expect(overview.code).toBe(0);
    for (const command of [
      'serve',
      'catalog import',
      'export publications',
      'screen token',
      'build',
    ]) {
      expect(overview.stdout).toContain(`gongkai ${command}`);
      const help = await gongkai(...command.split(' '), '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: gongkai ${command}`);
    }
  });

  it('unknown command exits 2', async () => {
    const result = await gongkai('publish', 'everything');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "publish everything"');
  });

  it('catalog import is idempotent', async () => {
    const db = path.join(dir, 'g.sqlite');
    const first = await gongkai('catalog', 'import', CATALOG, '--db', db);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('钟楼居民委员会: 21 items added');
    const second = await gongkai('catalog', 'import', CATALOG, '--db', db);
    expect(second.stdout).toContain('0 items added, 0 updated, 21 unchanged');
  });

  it('invalid catalog names item and field, changes nothing', async () => {
    const db = path.join(dir, 'g.sqlite');
    await gongkai('catalog', 'import', CATALOG, '--db', db);
    const catalog = JSON.parse(fs.readFileSync(CATALOG, 'utf8'));
    catalog.items[0].category = '新类别';
    catalog.items[2].channels = ['no-such-channel'];
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify(catalog));
    const result = await gongkai('catalog', 'import', bad, '--db', db);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('item 3');
    expect(result.stderr).toContain('channels[0]');
    expect(result.stderr).toContain('nothing was changed');
    const again = await gongkai('catalog', 'import', CATALOG, '--db', db);
    expect(again.stdout).toContain('21 unchanged');
  });

  it('another committee needs its own database', async () => {
    const db = path.join(dir, 'g.sqlite');
    await gongkai('catalog', 'import', CATALOG, '--db', db);
    const catalog = JSON.parse(fs.readFileSync(CATALOG, 'utf8'));
    catalog.committee = { ...catalog.committee, key: 'other', name: '东林居民委员会' };
    const other = path.join(dir, 'other.json');
    fs.writeFileSync(other, JSON.stringify(catalog));
    const result = await gongkai('catalog', 'import', other, '--db', db);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('already holds the catalog of 钟楼居民委员会');
    const fresh = await gongkai('catalog', 'import', other, '--db', path.join(dir, 'other.sqlite'));
    expect(fresh.stdout).toContain('东林居民委员会: 21 items added');
  });

  it('export rejects an invalid date', async () => {
    const result = await gongkai(
      'export',
      'publications',
      '--from',
      '2026-13-01',
      '--db',
      path.join(dir, 'g.sqlite'),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid --from "2026-13-01"');
  });

  it('serve prints the display URL that a screen can open', async () => {
    const db = path.join(dir, 'g.sqlite');
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--db', db],
      { cwd: dir },
    );
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no display URL printed:\n${output}`)),
          20_000,
        );
        child.stdout.on('data', (chunk) => {
          output += chunk;
          const match = /^大厅电子屏 display: (\S+)$/m.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      expect(output).toMatch(/^控制台 console: http:\/\/127\.0\.0\.1:\d+\/console\/$/m);
      const parsed = new URL(url);
      const client = new ScreenClient(parsed.origin, parsed.searchParams.get('token'));
      const schedule = await client.nth('schedule', 1, 5000);
      expect(Object.values(schedule.content).map((content) => content.catalogItem)).toEqual([
        1, 6, 7, 9,
      ]);
      expect(Object.values(schedule.content).every((content) => content.sample)).toBe(true);
      client.close();
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('serve --no-sample creates no screen', async () => {
    const db = path.join(dir, 'g.sqlite');
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--db', db, '--no-sample'],
      { cwd: dir },
    );
    try {
      let output = '';
      const consoleUrl = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no console URL printed:\n${output}`)),
          20_000,
        );
        child.stdout.on('data', (chunk) => {
          output += chunk;
          const match = /^控制台 console: (\S+)\/console\/$/m.exec(output);
          if (match && output.includes('display URLs are shown')) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      expect(output).not.toContain('大厅电子屏 display');
      expect(output).toContain('no administrator yet');
      const catalog = await (await fetch(`${consoleUrl}/api/catalog`)).json();
      expect(catalog.items).toHaveLength(21);
      const database = new SQLite(db, { readonly: true });
      expect(database.prepare('select count(*) as n from screen').get()).toEqual({ n: 0 });
      database.close();
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('export writes CSV with BOM in Shanghai time', async () => {
    // The server's clock runs from 2026-12-03 16:00 UTC, so the sample exists before the showing
    // and the showing is not in the future.
    const clockStart = Date.now();
    const now = () => Date.parse('2026-12-03T16:00:00Z') + (Date.now() - clockStart);
    const server = await startTestServer({ sample: true, now });
    try {
      const token = server.sampleScreen!.token;
      const client = new ScreenClient(server.url, token);
      const schedule = await client.nth('schedule', 1);
      const content = Object.values(schedule.content)[3]!;
      const showing = {
        id: 'f0e1d2c3-0000-4000-8000-00000000abcd',
        disclosureId: content.disclosureId,
        versionId: content.versionId,
        // 2026-12-03 23:59:50 in Shanghai, which is still 2026-12-03 15:59:50 UTC.
        startedAt: Date.parse('2026-12-03T15:59:50Z'),
        seconds: 15,
      };
      client.send({ type: 'showings', showings: [showing] });
      await client.nth('ack', 1);
      client.close();

      const out = path.join(dir, 'log.csv');
      const result = await gongkai(
        'export',
        'publications',
        '--from',
        '2026-12-03',
        '--to',
        '2026-12-03',
        '--out',
        out,
        '--db',
        server.dbFile,
      );
      expect(result.code).toBe(0);
      const bytes = fs.readFileSync(out);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
      expect(lines[0]).toBe('屏幕,公开事项,标题,版本,开始时间,结束时间,展示秒数,备注');
      expect(lines[1]).toBe(
        '大厅电子屏,9 为老服务工作,为老服务政策与咨询（示例）,1,2026-12-03 23:59:50,2026-12-04 00:00:05,15.0,',
      );
      expect(lines).toHaveLength(2);

      const nextDay = await gongkai(
        'export',
        'publications',
        '--from',
        '2026-12-04',
        '--db',
        server.dbFile,
      );
      expect(nextDay.stdout.trimEnd().split('\r\n')).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
