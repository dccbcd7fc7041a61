/**
 * Holiday calendars: the bundled official data (shared/calendar/official-calendar.json, generated
 * from the chinese-days package by server/calendar-extract.ts) merged with the years that staff
 * import into the `calendar_year` table. An imported year replaces the bundled data of that year.
 *
 * Import file format `gongkai-calendar/1` (JSON, one year per file), copied from the State
 * Council's annual notice (国务院办公厅关于 YYYY 年部分节假日安排的通知):
 *
 *   {
 *     "format": "gongkai-calendar/1",
 *     "year": 2027,
 *     "source": "国务院办公厅关于2027年部分节假日安排的通知",
 *     "holidays": ["2027-01-01", "2027-01-02", ...],
 *     "workdays": ["2027-02-07", ...]
 *   }
 *
 * - `holidays`: every day off of the year's holiday blocks (放假), weekend days inside a block
 *   included; at least one date.
 * - `workdays`: the Saturdays and Sundays that the notice declares working days (调休上班); may be
 *   empty.
 * - Every date is a real date written YYYY-MM-DD, lies in `year`, and appears once; no date is in
 *   both lists. Other weekdays are working days and other weekend days are not.
 *
 * An invalid file is rejected with every problem named by field and value, and nothing is
 * changed. Importing the same file again changes nothing.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { isCalendarDate } from '../shared/shanghai-time.ts';
import { WorkCalendar, weekdayOf, type CalendarYear } from '../shared/working-days.ts';
import type { Database } from './db/schema.ts';

export const CALENDAR_FORMAT = 'gongkai-calendar/1';

export const OFFICIAL_CALENDAR_FILE = fileURLToPath(
  new URL('../shared/calendar/official-calendar.json', import.meta.url),
);

/** Years accepted in an import file: a guard against a mistyped year, not a limit of the code. */
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/** At most this many problems are listed in one error; the rest are counted. */
const MAX_LISTED_PROBLEMS = 20;

const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

export interface CalendarFile {
  format: typeof CALENDAR_FORMAT;
  year: number;
  source: string;
  holidays: string[];
  workdays: string[];
}

export interface ImportCalendarResult {
  year: number;
  outcome: 'inserted' | 'updated' | 'unchanged';
  holidays: number;
  workdays: number;
  /** The bundled calendar's source when the import replaces a bundled year, else null. */
  replacesBundled: string | null;
}

/** A calendar file that cannot be read, is not JSON, or breaks the format's rules. */
export class CalendarFileError extends Error {
  override name = 'CalendarFileError';

  constructor(
    message: string,
    /** Each problem as `field: detail`, such as `holidays[3]: "2027-02-30" is not a real date`. */
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

const dateList = z.array(z.string());

const calendarFileSchema = z
  .strictObject({
    format: z.literal(CALENDAR_FORMAT),
    year: z.int(),
    source: z.string().trim().min(1, 'is empty; name the notice the dates come from').max(300),
    holidays: dateList.min(1, 'is empty; list every day off of the year'),
    workdays: dateList,
  })
  .superRefine((file, context) => {
    for (const problem of scheduleProblems(file)) {
      context.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    }
  });

interface Problem {
  path: (string | number)[];
  message: string;
}

/** Checks the rules that span fields: dates real, in the year, unique, and in one list only. */
function scheduleProblems(file: Omit<CalendarFile, 'format' | 'source'>): Problem[] {
  const problems: Problem[] = [];
  if (file.year < MIN_YEAR || file.year > MAX_YEAR) {
    problems.push({
      path: ['year'],
      message: `${file.year} is out of range; expected a year from ${MIN_YEAR} to ${MAX_YEAR}`,
    });
    return problems;
  }

  const holidayIndex = checkDateList(file.year, 'holidays', file.holidays, problems);
  const workdayIndex = checkDateList(file.year, 'workdays', file.workdays, problems);

  for (const [date, index] of workdayIndex) {
    const weekday = weekdayOf(date);
    if (weekday <= 5) {
      problems.push({
        path: ['workdays', index],
        message: `"${date}" is a ${WEEKDAY_NAMES[weekday]}; list only the Saturdays and Sundays declared working days`,
      });
    }
  }

  for (const [date, index] of holidayIndex) {
    const other = workdayIndex.get(date);
    if (other !== undefined) {
      problems.push({
        path: ['holidays', index],
        message: `"${date}" is also listed in workdays[${other}]; a day is either a holiday or a working day`,
      });
    }
  }

  return problems;
}

/** Reports bad dates in one list and returns the valid ones with their first index. */
function checkDateList(
  year: number,
  field: 'holidays' | 'workdays',
  dates: readonly string[],
  problems: Problem[],
): Map<string, number> {
  const seen = new Map<string, number>();
  dates.forEach((date, index) => {
    const path = [field, index];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      problems.push({ path, message: `"${date}" is not a date in the form YYYY-MM-DD` });
    } else if (!isCalendarDate(date)) {
      problems.push({ path, message: `"${date}" is not a real date` });
    } else if (Number(date.slice(0, 4)) !== year) {
      problems.push({ path, message: `"${date}" is not in ${year}` });
    } else if (seen.has(date)) {
      problems.push({
        path,
        message: `"${date}" is already listed at ${field}[${seen.get(date)}]`,
      });
    } else {
      seen.set(date, index);
    }
  });
  return seen;
}

/**
 * Validates a parsed JSON value as a calendar file and returns it with its dates sorted. Throws a
 * `CalendarFileError` that lists every problem found.
 */
export function parseCalendarFile(json: unknown, file?: string): CalendarFile {
  const result = calendarFileSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => describeIssue(json, issue));
    throw invalidFileError(problems, file);
  }

  const data = result.data;
  return {
    format: data.format,
    year: data.year,
    source: data.source,
    holidays: [...data.holidays].sort(),
    workdays: [...data.workdays].sort(),
  };
}

function invalidFileError(problems: string[], file: string | undefined): CalendarFileError {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => `  ${problem}`);
  const more = problems.length - listed.length;
  if (more > 0) listed.push(`  and ${more} more problems`);
  const name = file === undefined ? 'calendar file' : `calendar file "${file}"`;
  return new CalendarFileError(`invalid ${name}:\n${listed.join('\n')}`, problems);
}

function describeIssue(json: unknown, issue: z.core.$ZodIssue): string {
  const path = [...issue.path];
  const value = valueAt(json, path);

  switch (issue.code) {
    case 'invalid_type':
      if (path.length === 0) return 'the file must contain one JSON object';
      return `${formatPath(path)}: ${
        value === undefined
          ? `missing; add ${withArticle(issue.expected, path)}`
          : `expected ${withArticle(issue.expected, path)}, received ${JSON.stringify(value)}`
      }`;
    case 'invalid_value':
      return `${formatPath(path)}: ${JSON.stringify(value)} is not supported; use ${issue.values
        .map((option) => JSON.stringify(option))
        .join(' or ')}`;
    case 'unrecognized_keys':
      return `${formatPath([...path, issue.keys[0] ?? ''])}: unknown field; the fields are format, year, source, holidays and workdays`;
    default:
      return `${formatPath(path)}: ${issue.message}`;
  }
}

/** `string` becomes `a string`; zod reports `z.int()` as `number`, so `year` reads `an integer`. */
function withArticle(expected: string, path: PropertyKey[]): string {
  const noun = path.length === 1 && path[0] === 'year' ? 'integer' : expected;
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

function valueAt(json: unknown, path: PropertyKey[]): unknown {
  let value = json;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** `['holidays', 3]` becomes `holidays[3]`. */
function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(file)';
  return path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : `${index > 0 ? '.' : ''}${String(key)}`,
    )
    .join('');
}

/** Reads and validates a calendar file; see the format above. */
export function readCalendarFile(file: string): CalendarFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CalendarFileError(`cannot read calendar file "${file}": ${(error as Error).message}`);
  }

  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CalendarFileError(
      `calendar file "${file}" is not valid JSON: ${(error as Error).message}`,
    );
  }

  return parseCalendarFile(json, file);
}

/**
 * Stores one year's schedule, replacing an earlier import of that year. Writes nothing when the
 * stored dates and source are already the same, so `imported_at` keeps the first import's time.
 */
export async function importCalendar(
  db: Kysely<Database>,
  calendar: CalendarFile,
  now = Date.now(),
): Promise<ImportCalendarResult> {
  const valid = parseCalendarFile(calendar);
  const row = {
    year: valid.year,
    holidays: JSON.stringify(valid.holidays),
    workdays: JSON.stringify(valid.workdays),
    source: valid.source,
  };

  const outcome = await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('calendar_year')
      .selectAll()
      .where('year', '=', row.year)
      .executeTakeFirst();
    if (
      existing &&
      existing.holidays === row.holidays &&
      existing.workdays === row.workdays &&
      existing.source === row.source
    ) {
      return 'unchanged' as const;
    }

    await trx
      .insertInto('calendar_year')
      .values({ ...row, imported_at: now })
      .onConflict((conflict) => conflict.column('year').doUpdateSet({ ...row, imported_at: now }))
      .execute();
    return existing ? ('updated' as const) : ('inserted' as const);
  });

  const bundled = readOfficialCalendar();
  return {
    year: valid.year,
    outcome,
    holidays: valid.holidays.length,
    workdays: valid.workdays.length,
    replacesBundled: bundled.years.some((year) => year.year === valid.year) ? bundled.source : null,
  };
}

/** Reads, validates and stores a calendar file. An invalid file throws and changes nothing. */
export async function importCalendarFile(
  db: Kysely<Database>,
  file: string,
  now = Date.now(),
): Promise<ImportCalendarResult> {
  return importCalendar(db, readCalendarFile(file), now);
}

export interface OfficialCalendar {
  /** The package and version the data was extracted from, such as `chinese-days@1.5.7`. */
  source: string;
  years: CalendarYear[];
}

let officialCalendar: OfficialCalendar | undefined;

/** The bundled calendar, read and checked once per process. Throws if the file is damaged. */
export function readOfficialCalendar(): OfficialCalendar {
  officialCalendar ??= parseOfficialCalendar(
    JSON.parse(fs.readFileSync(OFFICIAL_CALENDAR_FILE, 'utf8')),
  );
  return officialCalendar;
}

function parseOfficialCalendar(json: {
  source: string;
  years: Record<string, { holidays: string[]; workdays: string[] }>;
}): OfficialCalendar {
  const years = Object.entries(json.years).map(([year, schedule]): CalendarYear => {
    const valid = parseCalendarFile(
      { format: CALENDAR_FORMAT, year: Number(year), source: json.source, ...schedule },
      `${OFFICIAL_CALENDAR_FILE}, year ${year}`,
    );
    return {
      year: valid.year,
      holidays: valid.holidays,
      workdays: valid.workdays,
      origin: 'bundled',
      source: json.source,
      importedAt: null,
    };
  });
  return { source: json.source, years };
}

/** The calendar in force: the bundled years, each replaced by an import of the same year. */
export async function loadWorkCalendar(db: Kysely<Database>): Promise<WorkCalendar> {
  const rows = await db.selectFrom('calendar_year').selectAll().orderBy('year').execute();
  const imported = rows.map((row): CalendarYear => ({
    year: row.year,
    holidays: JSON.parse(row.holidays) as string[],
    workdays: JSON.parse(row.workdays) as string[],
    origin: 'imported',
    source: row.source,
    importedAt: Number(row.imported_at),
  }));
  return new WorkCalendar([...readOfficialCalendar().years, ...imported]);
}
