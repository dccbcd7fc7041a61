/**
 * The `gongkai` command line: serve, build, catalog import, calendar import and show, export
 * publications, backup, screen token.
 * Every command that touches data takes `--db FILE` (default data/gongkai.sqlite, or GONGKAI_DB).
 */
import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { formatShanghaiDateTime, isCalendarDate } from '../shared/shanghai-time.ts';
import { CatalogError } from '../shared/catalog-schema.ts';
import { buildAssets } from './build.ts';
import { CalendarFileError, importCalendarFile, loadWorkCalendar } from './calendar-store.ts';
import { CatalogFileError, loadCatalog, readCatalogFile } from './catalog-store.ts';
import { openDatabase } from './db/database.ts';
import { writePublicationsCsv } from './publication-log.ts';
import { displayUrl } from './routes/screens.ts';
import { SAMPLE_SCREEN_NAME } from './sample-content.ts';
import { rotateScreenToken } from './screen-store.ts';
import { startServer } from './server.ts';
import { audit } from './audit.ts';
import { backupDatabase } from './backup.ts';
import { ApiError } from './errors.ts';
import { MIN_PASSWORD_LENGTH } from './passwords.ts';
import { createUser, createUserSchema, ROLE_LABELS } from './user-store.ts';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (process.stdin.isTTY && String(chunk).includes('\n')) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

const DEFAULT_DB = 'data/gongkai.sqlite';

class UsageError extends Error {}

const dbOption = { db: { type: 'string' } } as const;

interface Command {
  usage: string;
  help: string;
  options: ParseArgsConfig['options'];
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<void>;
}

function dbFile(values: Record<string, unknown>): string {
  return (values.db as string | undefined) ?? process.env.GONGKAI_DB ?? DEFAULT_DB;
}

/** The database file for commands that only read or change existing data: it must exist. */
function existingDbFile(values: Record<string, unknown>): string {
  const file = dbFile(values);
  if (!fs.existsSync(file)) {
    throw new UsageError(
      `database "${file}" does not exist; check --db or GONGKAI_DB, or start the server once to create it`,
    );
  }
  return file;
}

function parsePort(raw: string | undefined): number {
  const value = raw ?? process.env.PORT ?? '8080';
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new UsageError(`invalid port "${value}": expected a number from 0 to 65535`);
  }
  return port;
}

const COMMANDS: Record<string, Command> = {
  serve: {
    usage: 'gongkai serve [--port N] [--host ADDRESS] [--db FILE] [--no-sample]',
    help: `Start the server: the staff console, the screens' WebSocket and the display pages.
On a new database it loads the built-in catalog of 钟楼居民委员会 and, unless --no-sample is
given, creates the sample screen 大厅电子屏 with sample disclosures, and prints its display URL.

Options:
  --port N         TCP port to listen on (default: PORT or 8080)
  --host ADDRESS   address to listen on (default: 0.0.0.0, every interface, so screens on the
                   network can connect; the staff API still answers only this machine)
  --db FILE        SQLite database file (default: GONGKAI_DB or ${DEFAULT_DB})
  --no-sample      do not create the sample screen and disclosures on a new database`,
    options: {
      ...dbOption,
      port: { type: 'string' },
      host: { type: 'string' },
      'no-sample': { type: 'boolean' },
    },
    async run(values) {
      const running = await startServer({
        dbFile: dbFile(values),
        port: parsePort(values.port as string | undefined),
        host: (values.host as string | undefined) ?? '0.0.0.0',
        sample: !values['no-sample'],
      });
      const lines = [`控制台 console: ${running.url}/console/`];
      if (running.sampleScreen) {
        lines.push(
          `${SAMPLE_SCREEN_NAME} display: ${displayUrl(running.url, running.sampleScreen.token)}`,
        );
        lines.push('(the display URL holds the screen token and is shown only now; keep it)');
      } else {
        lines.push(
          'display URLs are shown when a screen is created; to issue a new one: npx gongkai screen token ID',
        );
      }
      const admin = await running.database.db
        .selectFrom('user')
        .select('id')
        .where('role', '=', 'admin')
        .executeTakeFirst();
      if (!admin) {
        lines.push(
          "no administrator yet; create one to sign in to the console: printf '%s\\n' 'PASSWORD' | npx gongkai user add --name NAME --role admin",
        );
      }
      process.stdout.write(lines.join('\n') + '\n');

      const stop = () => void running.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
  },

  build: {
    usage: 'gongkai build',
    help: 'Bundle the display and the console into dist/ (serve does this itself when they are missing or stale).',
    options: {},
    async run() {
      await buildAssets();
      process.stdout.write('built dist/display and dist/console\n');
    },
  },

  'catalog import': {
    usage: 'gongkai catalog import FILE [--db FILE]',
    help: `Load a committee's public-disclosure catalog (JSON, format "gongkai-catalog/1"; see the
README). Loading the same file again changes nothing. An invalid file is rejected with the item
and field at fault, and nothing is changed.

Options:
  --db FILE   SQLite database file (default: GONGKAI_DB or ${DEFAULT_DB})`,
    options: dbOption,
    async run(values, positionals) {
      const file = positionals[0];
      if (!file || positionals.length > 1)
        throw new UsageError('expected exactly one catalog FILE');
      const catalog = readCatalogFile(file);

      const database = await openDatabase(dbFile(values));
      try {
        const other = await database.db
          .selectFrom('committee')
          .select(['key', 'name'])
          .where('key', '!=', catalog.committee.key)
          .executeTakeFirst();
        if (other) {
          throw new UsageError(
            `the database already holds the catalog of ${other.name} (${other.key}); one database serves one committee, so import ${catalog.committee.name} into a new --db FILE`,
          );
        }
        const result = await loadCatalog(database.db, catalog, Date.now());
        process.stdout.write(
          `${catalog.committee.name}: ${result.inserted} items added, ${result.updated} updated, ${result.unchanged} unchanged` +
            (result.missingFromFile.length
              ? `; items ${result.missingFromFile.join(', ')} are not in the file and were kept, since disclosures may refer to them`
              : '') +
            '\n',
        );
      } finally {
        await database.close();
      }
    },
  },

  'calendar import': {
    usage: 'gongkai calendar import FILE [--db FILE]',
    help: `Load one year's holiday schedule from the State Council's annual notice, so working-day
deadlines in that year are exact instead of estimated as Monday to Friday. An import replaces
the bundled data of the same year ("gongkai calendar show" lists the years known). Loading the
same file again changes nothing. An invalid file is rejected with every field and value at
fault, and nothing is changed.

File format (JSON, one year per file):
  {
    "format": "gongkai-calendar/1",
    "year": 2027,
    "source": "国务院办公厅关于2027年部分节假日安排的通知",
    "holidays": ["2027-01-01", ...],
    "workdays": ["2027-02-07", ...]
  }
  holidays   every day off (放假), weekend days inside a holiday block included; at least one
  workdays   the Saturdays and Sundays declared working days (调休上班); may be empty
  Dates are YYYY-MM-DD in that year, each listed once, and never in both lists.

Options:
  --db FILE   SQLite database file (default: GONGKAI_DB or ${DEFAULT_DB})`,
    options: dbOption,
    async run(values, positionals) {
      const file = positionals[0];
      if (!file || positionals.length > 1)
        throw new UsageError('expected exactly one calendar FILE');

      const database = await openDatabase(dbFile(values));
      try {
        const result = await importCalendarFile(database.db, file);
        const counts = `${result.holidays} holidays, ${result.workdays} working weekend days`;
        const line =
          result.outcome === 'unchanged'
            ? `${result.year}: already imported (${counts}), nothing changed`
            : `${result.year}: ${counts} ${result.outcome === 'inserted' ? 'imported' : 'imported, replacing the earlier import'}`;
        const replaces = result.replacesBundled
          ? ` (replaces the bundled ${result.year} calendar from ${result.replacesBundled})`
          : '';
        process.stdout.write(`${line}${replaces}\n`);
      } finally {
        await database.close();
      }
    },
  },

  'calendar show': {
    usage: 'gongkai calendar show [--year YEAR] [--db FILE]',
    help: `List the years whose holiday calendar is known: "official" for the bundled State Council
data, "imported" for years loaded with "gongkai calendar import". In other years working days
are estimated as Monday to Friday. With --year, also list that year's dates.

Options:
  --year YEAR  show one year's holidays and working weekend days
  --db FILE    SQLite database file (default: GONGKAI_DB or ${DEFAULT_DB})`,
    options: { ...dbOption, year: { type: 'string' } },
    async run(values) {
      const rawYear = values.year as string | undefined;
      if (rawYear !== undefined && !/^\d{4}$/.test(rawYear)) {
        throw new UsageError(`invalid --year "${rawYear}": expected a year such as 2027`);
      }

      const database = await openDatabase(existingDbFile(values));
      try {
        const calendar = await loadWorkCalendar(database.db);
        const years = rawYear ? [Number(rawYear)] : calendar.coveredYears();
        const lines: string[] = [];
        for (const year of years) {
          const entry = calendar.year(year);
          if (!entry) {
            lines.push(
              `${year}  no calendar: working days are estimated as Monday to Friday; load the notice with "gongkai calendar import FILE"`,
            );
            continue;
          }
          const origin =
            entry.origin === 'bundled'
              ? 'official'
              : `imported ${formatShanghaiDateTime(entry.importedAt ?? 0)}`;
          lines.push(
            `${year}  ${origin}  ${entry.holidays.length} holidays, ${entry.workdays.length} working weekend days  source: ${entry.source}`,
          );
          if (rawYear) {
            lines.push(`  holidays: ${entry.holidays.join(', ')}`);
            lines.push(`  working weekend days: ${entry.workdays.join(', ') || '(none)'}`);
          }
        }
        process.stdout.write(lines.join('\n') + '\n');
      } finally {
        await database.close();
      }
    },
  },

  'export publications': {
    usage: 'gongkai export publications [--from DATE] [--to DATE] [--out FILE] [--db FILE]',
    help: `Write the publication log as CSV (UTF-8 with BOM, so Excel shows Chinese): screen, catalog
item, title, version, start, end, seconds shown, note. Times are Asia/Shanghai.

Options:
  --from DATE   first day, YYYY-MM-DD in Shanghai time (default: the beginning)
  --to DATE     last day, YYYY-MM-DD, included (default: today and later)
  --out FILE    file to write (default: standard output)
  --db FILE     SQLite database file (default: GONGKAI_DB or ${DEFAULT_DB})`,
    options: {
      ...dbOption,
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
    },
    async run(values) {
      const from = values.from as string | undefined;
      const to = values.to as string | undefined;
      for (const [name, value] of [
        ['--from', from],
        ['--to', to],
      ] as const) {
        if (value !== undefined && !isCalendarDate(value)) {
          throw new UsageError(
            `invalid ${name} "${value}": expected a calendar date as YYYY-MM-DD`,
          );
        }
      }
      if (from && to && to < from) throw new UsageError(`--to ${to} is before --from ${from}`);

      const database = await openDatabase(existingDbFile(values));
      let out: NodeJS.WritableStream = process.stdout;
      if (values.out) {
        try {
          out = fs.createWriteStream('', { fd: fs.openSync(values.out as string, 'w') });
        } catch (error) {
          await database.close();
          throw new UsageError(`cannot write --out "${values.out}": ${(error as Error).message}`);
        }
      }
      try {
        const count = await writePublicationsCsv(database.db, { from, to }, (chunk) =>
          out.write(chunk),
        );
        if (values.out) {
          await new Promise<void>((resolve, reject) =>
            (out as fs.WriteStream).end((error?: Error | null) =>
              error ? reject(error) : resolve(),
            ),
          );
          process.stderr.write(`${count} publications written to ${values.out}\n`);
        }
      } finally {
        await database.close();
      }
    },
  },

  backup: {
    usage: 'gongkai backup FILE [--db FILE] [--force]',
    help: `Copy the database to FILE while the server keeps running. The copy is one consistent
snapshot taken with SQLite's online backup API. It is written to FILE.partial, checked with
PRAGMA integrity_check, and renamed to FILE only when complete, so FILE is either absent or a
whole backup. A FILE.partial is an unfinished copy; the next backup to FILE deletes it.

Restore:
  1. Stop the server.
  2. Copy the backup over the database file, e.g. cp FILE data/gongkai.sqlite
  3. Delete the -wal and -shm files beside the database file, if any
     (data/gongkai.sqlite-wal, data/gongkai.sqlite-shm): they belong to the old database.
  4. Start the server.

Options:
  --db FILE   SQLite database file to copy (default: GONGKAI_DB or ${DEFAULT_DB})
  --force     replace FILE if it exists (the old FILE stays until the new copy is complete)`,
    options: { ...dbOption, force: { type: 'boolean' } },
    async run(values, positionals) {
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new UsageError('expected exactly one backup FILE');

      const result = await backupDatabase(dbFile(values), file, { force: values.force === true });
      process.stdout.write(
        `backup written to ${result.file}: ${result.publications} publications, ${result.disclosures} disclosures, ${result.bytes} bytes\n`,
      );
    },
  },

  'user add': {
    usage: 'gongkai user add --name NAME --role admin|editor|reviewer [--db FILE]',
    help: `Create a staff account; the password is read from standard input (its first line), so it
never appears in the shell history or the process list. Roles: admin (管理员: users, screens,
schedules, settings), editor (编辑: writes drafts), reviewer (审核: approves and publishes).
Passwords have at least ${MIN_PASSWORD_LENGTH} characters.

Example:
  printf '%s\n' 'a-long-password' | npx gongkai user add --name 张主任 --role admin

Options:
  --name NAME   user name for signing in to the console
  --role ROLE   admin, editor or reviewer
  --db FILE     SQLite database file (default: GONGKAI_DB or ${DEFAULT_DB})`,
    options: { ...dbOption, name: { type: 'string' }, role: { type: 'string' } },
    async run(values) {
      const password = (await readStdin()).split(/\r?\n/)[0] ?? '';
      const parsed = createUserSchema.safeParse({
        name: values.name ?? '',
        role: values.role,
        password,
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = String(issue.path[0] ?? 'input');
        const hint =
          field === 'role'
            ? ' (use admin, editor or reviewer)'
            : field === 'password'
              ? ' (read from standard input)'
              : '';
        throw new UsageError(`invalid --${field}: ${issue.message}${hint}`);
      }
      const database = await openDatabase(dbFile(values));
      try {
        const user = await createUser(database.db, parsed.data, Date.now());
        await audit(
          database.db,
          { id: null, name: 'command line' },
          'user_create',
          `user ${user.id}`,
          { name: user.name, role: user.role },
        );
        process.stdout.write(`created ${ROLE_LABELS[user.role]} ${user.name} (user ${user.id})\n`);
      } catch (error) {
        if (error instanceof ApiError) throw new UsageError(error.message);
        throw error;
      } finally {
        await database.close();
      }
    },
  },

  'screen token': {
    usage: 'gongkai screen token SCREEN_ID [--db FILE] [--url BASE_URL]',
    help: `Issue a new token for a screen and print its display URL. The old token stops working, so
the screen must be opened at the new URL.

Options:
  --url BASE_URL  server address the screen uses (default: http://localhost:PORT, PORT or 8080)
  --db FILE       SQLite database file (default: GONGKAI_DB or ${DEFAULT_DB})`,
    options: { ...dbOption, url: { type: 'string' } },
    async run(values, positionals) {
      const id = Number(positionals[0]);
      if (!Number.isSafeInteger(id) || id <= 0)
        throw new UsageError('expected a SCREEN_ID, a positive integer');
      const database = await openDatabase(existingDbFile(values));
      try {
        const token = await rotateScreenToken(database.db, id);
        const base = (
          (values.url as string | undefined) ?? `http://localhost:${process.env.PORT ?? 8080}`
        ).replace(/\/$/, '');
        process.stdout.write(displayUrl(base, token) + '\n');
      } finally {
        await database.close();
      }
    },
  },
};

function overview(): string {
  return [
    "Gongkai (公开): disclosure signage for residents' committees.",
    '',
    'Usage:',
    ...Object.values(COMMANDS).map((command) => `  ${command.usage}`),
    '',
    'Run "gongkai COMMAND --help" for a command\'s options.',
  ].join('\n');
}

function findCommand(args: string[]): { name: string; rest: string[] } | undefined {
  for (const words of [2, 1]) {
    const name = args.slice(0, words).join(' ');
    if (COMMANDS[name]) return { name, rest: args.slice(words) };
  }
  return undefined;
}

export async function main(args: string[]): Promise<number> {
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    process.stdout.write(overview() + '\n');
    return 0;
  }
  const found = findCommand(args);
  if (!found) {
    process.stderr.write(`error: unknown command "${args.join(' ')}"\n\n${overview()}\n`);
    return 2;
  }
  const command = COMMANDS[found.name]!;
  try {
    const { values, positionals } = parseArgs({
      args: found.rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
    if (values.help) {
      process.stdout.write(`Usage: ${command.usage}\n\n${command.help}\n`);
      return 0;
    }
    await command.run(values, positionals);
    return 0;
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`error: ${(error as Error).message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    if (
      error instanceof CatalogError ||
      error instanceof CatalogFileError ||
      error instanceof CalendarFileError
    ) {
      process.stderr.write(`error: ${(error as Error).message}\nnothing was changed\n`);
      return 1;
    }
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
