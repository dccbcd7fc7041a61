/**
 * Working-day arithmetic for compliance deadlines (工作日), on YYYY-MM-DD dates in the Shanghai
 * calendar. A working day is Monday to Friday, except the statutory holidays in the State
 * Council's annual notice, plus the weekend days (调休) that the notice declares working days.
 *
 * A `WorkCalendar` contains the notice of each year it covers. For a year it does not cover, a day
 * is counted as Monday to Friday and every result that relies on such a day is an estimate with a
 * reason that staff can show. Pure: no I/O, so the server and the console can both use it.
 */
import { isCalendarDate, shanghaiParts, startOfShanghaiDay } from './shanghai-time.ts';

/** One year's notice: dates as YYYY-MM-DD, all in that year. */
export interface YearSchedule {
  /** Days off, weekend days inside a holiday block included. */
  holidays: readonly string[];
  /** Saturdays and Sundays declared working days (调休上班). */
  workdays: readonly string[];
}

export interface CalendarYear extends YearSchedule {
  year: number;
  /** `bundled`: shipped with the program; `imported`: loaded by staff from a file. */
  origin: 'bundled' | 'imported';
  /** Origin of the dates, such as `chinese-days@1.5.7` or the notice's title. */
  source: string;
  /** Epoch milliseconds of the import; null for bundled years. */
  importedAt: number | null;
}

export interface DayStatus {
  working: boolean;
  /** True when the year's notice is known; false means Monday to Friday was assumed. */
  official: boolean;
}

/** A result that is exact, or an estimate because a day it scanned has no known notice. */
export interface MaybeEstimate {
  estimate: boolean;
  /** Reason for the estimate, in Chinese for staff; absent when exact. */
  reason?: string;
}

export interface DeadlineResult extends MaybeEstimate {
  date: string;
}

export interface WorkingDayCount extends MaybeEstimate {
  days: number;
}

/** Upper bound on a count, so a mistyped number cannot loop for long (about 40 years). */
export const MAX_WORKING_DAYS = 10_000;

interface YearSets {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
  /** The same dates as day numbers (days since 1970-01-01), for the counting loops. */
  holidayDays: ReadonlySet<number>;
  workdayDays: ReadonlySet<number>;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a YYYY-MM-DD calendar date (the date's own count, no time zone). */
function dayNumber(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
    DAY_MS
  );
}

function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a YYYY-MM-DD date: 1 is Monday, 7 is Sunday. */
export function weekdayOf(date: string): number {
  return shanghaiParts(startOfShanghaiDay(date)).weekday;
}

export class WorkCalendar {
  readonly #years: ReadonlyMap<number, CalendarYear>;
  readonly #sets: ReadonlyMap<number, YearSets>;

  /** Later entries for the same year replace earlier ones, so imports can follow bundled data. */
  constructor(years: Iterable<CalendarYear>) {
    const byYear = new Map<number, CalendarYear>();
    for (const year of years) byYear.set(year.year, Object.freeze({ ...year }));

    const sets = new Map<number, YearSets>();
    for (const [year, schedule] of byYear) {
      sets.set(year, {
        holidays: new Set(schedule.holidays),
        workdays: new Set(schedule.workdays),
        holidayDays: new Set(schedule.holidays.map(dayNumber)),
        workdayDays: new Set(schedule.workdays.map(dayNumber)),
      });
    }

    this.#years = byYear;
    this.#sets = sets;
  }

  /** Years with a known notice, ascending. */
  coveredYears(): number[] {
    return [...this.#years.keys()].sort((a, b) => a - b);
  }

  /** Returns the stored notice of a year, or undefined when the year is not covered. */
  year(year: number): CalendarYear | undefined {
    return this.#years.get(year);
  }

  isWorkingDay(date: string): DayStatus {
    checkDate('date', date);
    const sets = this.#sets.get(yearOf(date));
    const weekday = weekdayOf(date);
    const weekend = weekday === 6 || weekday === 7;

    if (!sets) return { working: !weekend, official: false };

    if (sets.workdays.has(date)) return { working: true, official: true };

    return { working: !weekend && !sets.holidays.has(date), official: true };
  }

  /**
   * Working-day status of a day number, for the counting loops: they step a day at a time, and
   * turning every step into a date string cost most of a year's ledger.
   */
  #dayStatus(day: number): { working: boolean; official: boolean; year: number } {
    const year = new Date(day * DAY_MS).getUTCFullYear();
    // 1970-01-01 was a Thursday; getUTCDay numbering, 0 is Sunday.
    const weekday = (((day + 4) % 7) + 7) % 7;
    const weekend = weekday === 0 || weekday === 6;
    const sets = this.#sets.get(year);
    if (!sets) return { working: !weekend, official: false, year };
    if (sets.workdayDays.has(day)) return { working: true, official: true, year };
    return { working: !weekend && !sets.holidayDays.has(day), official: true, year };
  }

  /**
   * Returns the date `n` working days after `fromDate`. `fromDate` itself is not counted
   * (counting starts the next day), so n = 0 returns `fromDate`.
   */
  addWorkingDays(fromDate: string, n: number): DeadlineResult {
    checkDate('fromDate', fromDate);
    checkCount(n);

    const estimated = new Set<number>();
    let day = dayNumber(fromDate);
    let remaining = n;
    while (remaining > 0) {
      day += 1;
      const status = this.#dayStatus(day);
      if (!status.official) estimated.add(status.year);
      if (status.working) remaining -= 1;
    }

    return withEstimate({ date: dateOfDay(day) }, estimated);
  }

  /**
   * Counts the working days after `a` up to and including `b`. When `b` is before `a` the count
   * is negative: minus the working days after `b` up to and including `a`, as for an overdue
   * deadline. The estimate flag covers the days scanned: after the earlier date up to the later.
   */
  workingDaysBetween(a: string, b: string): WorkingDayCount {
    checkDate('a', a);
    checkDate('b', b);
    if (b < a) {
      const reverse = this.workingDaysBetween(b, a);
      return { ...reverse, days: -reverse.days };
    }

    const estimated = new Set<number>();
    let days = 0;
    const last = dayNumber(b);
    for (let day = dayNumber(a) + 1; day <= last; day++) {
      const status = this.#dayStatus(day);
      if (!status.official) estimated.add(status.year);
      if (status.working) days += 1;
    }

    return withEstimate({ days }, estimated);
  }
}

/** Formats the reason shown for an estimate, such as `2027 年节假日安排尚未导入，按周一至周五估算`. */
export function estimateReason(years: Iterable<number>): string {
  const sorted = [...years].sort((a, b) => a - b);
  return `${sorted.join('、')} 年节假日安排尚未导入，按周一至周五估算`;
}

function withEstimate<T extends object>(
  result: T,
  estimatedYears: ReadonlySet<number>,
): T & MaybeEstimate {
  if (estimatedYears.size === 0) return { ...result, estimate: false };

  return { ...result, estimate: true, reason: estimateReason(estimatedYears) };
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

function checkDate(name: string, value: string): void {
  if (!isCalendarDate(value)) {
    throw new RangeError(`invalid ${name} "${value}": expected a calendar date as YYYY-MM-DD`);
  }
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
    throw new RangeError(
      `invalid number of working days ${n}: expected an integer from 0 to ${MAX_WORKING_DAYS}`,
    );
  }
}
