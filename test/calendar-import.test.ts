import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CalendarFileError,
  importCalendarFile,
  loadWorkCalendar,
  readOfficialCalendar,
} from '../server/calendar-store.ts';
import { openDatabase, type OpenedDatabase } from '../server/db/database.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../bin/gongkai.js');

/** A made-up 2027 schedule for tests, not the State Council's notice. */
const CALENDAR_2027 = {
  format: 'gongkai-calendar/1',
  year: 2027,
  source: '测试用 2027 年节假日安排',
  holidays: [
    '2027-01-01',
    '2027-01-02',
    '2027-01-03',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-02-11',
    '2027-02-12',
    '2027-02-13',
  ],
  workdays: ['2027-02-14', '2027-02-20'],
};

let dir: string;
let database: OpenedDatabase;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-calendar-'));
  database = await openDatabase(path.join(dir, 'g.sqlite'));
});

afterEach(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeCalendar(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function storedRows() {
  return database.db.selectFrom('calendar_year').selectAll().orderBy('year').execute();
}

describe('calendar import', () => {
  it('new database uses the bundled years only', async () => {
    const calendar = await loadWorkCalendar(database.db);
    expect(calendar.coveredYears()).toEqual(readOfficialCalendar().years.map((year) => year.year));
    expect(calendar.year(2026)?.origin).toBe('bundled');
    expect(calendar.year(2027)).toBeUndefined();
  });

  it('makes a 2027 deadline exact', async () => {
    const before = (await loadWorkCalendar(database.db)).addWorkingDays('2026-12-20', 20);
    expect(before).toEqual({
      date: '2027-01-15',
      estimate: true,
      reason: '2027 年节假日安排尚未导入，按周一至周五估算',
    });

    const result = await importCalendarFile(
      database.db,
      writeCalendar('2027.json', CALENDAR_2027),
      1_000,
    );
    expect(result).toEqual({
      year: 2027,
      outcome: 'inserted',
      holidays: 11,
      workdays: 2,
      replacesBundled: null,
    });

    const calendar = await loadWorkCalendar(database.db);
    expect(calendar.year(2027)).toMatchObject({ origin: 'imported', importedAt: 1_000 });
    expect(calendar.isWorkingDay('2027-01-01')).toEqual({ working: false, official: true });
    expect(calendar.isWorkingDay('2027-01-04')).toEqual({ working: true, official: true });
    expect(calendar.isWorkingDay('2027-02-14')).toEqual({ working: true, official: true });
    // 2027-01-01 is now a holiday, so the 20th working day moves from Friday 01-15 to Monday 01-18.
    expect(calendar.addWorkingDays('2026-12-20', 20)).toEqual({
      date: '2027-01-18',
      estimate: false,
    });
    // 春节 2027-02-06..13 off, then Sunday 02-14 is a working day.
    expect(calendar.addWorkingDays('2027-02-05', 1)).toEqual({
      date: '2027-02-14',
      estimate: false,
    });
  });

  it('same file twice changes nothing', async () => {
    const file = writeCalendar('2027.json', CALENDAR_2027);
    await importCalendarFile(database.db, file, 1_000);
    const rowsBefore = await storedRows();

    const second = await importCalendarFile(database.db, file, 2_000);
    expect(second.outcome).toBe('unchanged');
    expect(await storedRows()).toEqual(rowsBefore);
  });

  it('reordered dates are the same import', async () => {
    await importCalendarFile(database.db, writeCalendar('a.json', CALENDAR_2027), 1_000);
    const reordered = { ...CALENDAR_2027, holidays: [...CALENDAR_2027.holidays].reverse() };
    const result = await importCalendarFile(database.db, writeCalendar('b.json', reordered), 2_000);
    expect(result.outcome).toBe('unchanged');
  });

  it('changed file updates the year', async () => {
    await importCalendarFile(database.db, writeCalendar('a.json', CALENDAR_2027), 1_000);
    const corrected = { ...CALENDAR_2027, holidays: CALENDAR_2027.holidays.slice(0, 1) };
    const result = await importCalendarFile(database.db, writeCalendar('b.json', corrected), 2_000);
    expect(result.outcome).toBe('updated');

    const calendar = await loadWorkCalendar(database.db);
    expect(calendar.year(2027)?.importedAt).toBe(2_000);
    expect(calendar.isWorkingDay('2027-02-08')).toEqual({ working: true, official: true });
    expect(await storedRows()).toHaveLength(1);
  });

  it('import replaces a bundled year', async () => {
    const official2026 = readOfficialCalendar().years.find((year) => year.year === 2026)!;
    const changed = {
      format: 'gongkai-calendar/1',
      year: 2026,
      source: '测试用更正',
      holidays: official2026.holidays.filter((date) => date !== '2026-09-25'),
      workdays: official2026.workdays,
    };
    const result = await importCalendarFile(database.db, writeCalendar('2026.json', changed));
    expect(result.replacesBundled).toBe(readOfficialCalendar().source);

    const calendar = await loadWorkCalendar(database.db);
    expect(calendar.year(2026)?.origin).toBe('imported');
    expect(calendar.isWorkingDay('2026-09-25')).toEqual({ working: true, official: true });
    expect(calendar.isWorkingDay('2026-10-01')).toEqual({ working: false, official: true });
  });

  it.each([
    [
      'unreal date',
      { holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-30'] },
      'holidays[3]: "2027-02-30" is not a real date',
    ],
    [
      'date of another year',
      { holidays: ['2026-12-31'] },
      'holidays[0]: "2026-12-31" is not in 2027',
    ],
    [
      'not YYYY-MM-DD',
      { holidays: ['2027-1-1'] },
      'holidays[0]: "2027-1-1" is not a date in the form YYYY-MM-DD',
    ],
    [
      'workday on a weekday',
      { workdays: ['2027-02-15'] },
      'workdays[0]: "2027-02-15" is a Monday; list only the Saturdays and Sundays',
    ],
    [
      'date in both lists',
      { workdays: ['2027-02-06'] },
      'holidays[3]: "2027-02-06" is also listed in workdays[0]',
    ],
    [
      'duplicate date',
      { holidays: ['2027-01-01', '2027-01-01'] },
      'holidays[1]: "2027-01-01" is already listed at holidays[0]',
    ],
    ['no holidays', { holidays: [] }, 'holidays: is empty'],
    [
      'wrong format',
      { format: 'gongkai-calendar/2' },
      'format: "gongkai-calendar/2" is not supported',
    ],
    ['year as text', { year: '2027' }, 'year: expected an integer, received "2027"'],
    ['year out of range', { year: 1900 }, 'year: 1900 is out of range'],
    ['empty source', { source: ' ' }, 'source: is empty'],
    ['unknown field', { workday: [] }, 'workday: unknown field'],
  ])('rejects %s and changes nothing', async (_case, change, message) => {
    await importCalendarFile(database.db, writeCalendar('good.json', CALENDAR_2027), 1_000);
    const rowsBefore = await storedRows();
    const file = writeCalendar('bad.json', { ...CALENDAR_2027, ...change });

    const error = await importCalendarFile(database.db, file, 2_000).catch((caught) => caught);
    expect(error).toBeInstanceOf(CalendarFileError);
    expect(error.message).toContain(message);
    expect(await storedRows()).toEqual(rowsBefore);
  });

  it('lists every problem', async () => {
    const file = writeCalendar('bad.json', {
      ...CALENDAR_2027,
      holidays: ['2027-02-30', '2028-01-01'],
      workdays: ['2027-02-15'],
    });
    const error = await importCalendarFile(database.db, file).catch((caught) => caught);
    expect(error.problems).toEqual([
      'holidays[0]: "2027-02-30" is not a real date',
      'holidays[1]: "2028-01-01" is not in 2027',
      'workdays[0]: "2027-02-15" is a Monday; list only the Saturdays and Sundays declared working days',
    ]);
    expect(await storedRows()).toHaveLength(0);
  });

  it.each([
    ['not JSON', '{"format": ', /is not valid JSON/],
    ['not an object', '[]', /the file must contain one JSON object/],
  ])('rejects a file that is %s', async (_case, text, message) => {
    const error = await importCalendarFile(database.db, writeCalendar('bad.json', text)).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(CalendarFileError);
    expect(error.message).toMatch(message);
    expect(await storedRows()).toHaveLength(0);
  });

  it('missing file names the path', async () => {
    const missing = path.join(dir, 'missing.json');
    await expect(importCalendarFile(database.db, missing)).rejects.toThrow(
      `cannot read calendar file "${missing}"`,
    );
  });
});

describe('gongkai calendar CLI', () => {
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

  it('imports, shows and rejects', async () => {
    const db = path.join(dir, 'cli.sqlite');
    const good = writeCalendar('2027.json', CALENDAR_2027);

    const imported = await gongkai('calendar', 'import', good, '--db', db);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe('2027: 11 holidays, 2 working weekend days imported\n');

    const showResult = await gongkai('calendar', 'show', '--year', '2027', '--db', db);
    expect(showResult.code).toBe(0);
    expect(showResult.stdout).toMatch(
      /^2027 {2}imported \d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}11 holidays/,
    );
    expect(showResult.stdout).toContain('source: 测试用 2027 年节假日安排');
    expect(showResult.stdout).toContain('working weekend days: 2027-02-14, 2027-02-20');

    const bad = writeCalendar('bad.json', { ...CALENDAR_2027, holidays: ['2027-02-30'] });
    const rejected = await gongkai('calendar', 'import', bad, '--db', db);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('holidays[0]: "2027-02-30" is not a real date');
    expect(rejected.stderr).toContain('nothing was changed');
  });
});
