/**
 * Regenerates shared/calendar/official-calendar.json from the installed chinese-days package, so
 * the bundled holiday data can be traced to one package version. Run after updating the package:
 *
 *   npx tsx server/calendar-extract.ts
 *
 * The script reads the package's data file (dist/chinese-days.json: date -> holiday name for
 * `holidays` and for `workdays`) and never its functions: `isWorkday` silently treats a year
 * without data as Monday to Friday, and in version 1.5.7 its results shift by a day on a host west
 * of UTC. Each year passes the same checks as an imported calendar file.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import prettier from 'prettier';
import { CALENDAR_FORMAT, OFFICIAL_CALENDAR_FILE, parseCalendarFile } from './calendar-store.ts';

interface PackageData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

type YearLists = { holidays: string[]; workdays: string[] };

const require = createRequire(import.meta.url);

function groupByYear(data: PackageData): Map<string, YearLists> {
  const years = new Map<string, YearLists>();
  const listOf = (date: string) => {
    const year = date.slice(0, 4);
    if (!years.has(year)) years.set(year, { holidays: [], workdays: [] });
    return years.get(year)!;
  };

  for (const date of Object.keys(data.holidays)) listOf(date).holidays.push(date);
  for (const date of Object.keys(data.workdays)) listOf(date).workdays.push(date);
  return new Map([...years].sort(([a], [b]) => a.localeCompare(b)));
}

async function main(): Promise<void> {
  const { version } = require('chinese-days/package.json') as { version: string };
  const data = require('chinese-days/dist/chinese-days.json') as PackageData;
  const source = `chinese-days@${version}`;

  const years: Record<string, YearLists> = {};
  for (const [year, lists] of groupByYear(data)) {
    const valid = parseCalendarFile(
      { format: CALENDAR_FORMAT, year: Number(year), source, ...lists },
      `${source}, year ${year}`,
    );
    years[year] = { holidays: valid.holidays, workdays: valid.workdays };
  }

  const json = JSON.stringify({ source, years });
  const options = await prettier.resolveConfig(OFFICIAL_CALENDAR_FILE);
  const text = await prettier.format(json, { ...options, parser: 'json' });
  fs.mkdirSync(new URL('../shared/calendar/', import.meta.url), { recursive: true });
  fs.writeFileSync(OFFICIAL_CALENDAR_FILE, text);

  const covered = Object.keys(years);
  process.stdout.write(
    `${OFFICIAL_CALENDAR_FILE}: ${source}, years ${covered[0]} to ${covered.at(-1)}\n`,
  );
}

await main();
