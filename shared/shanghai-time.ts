/**
 * Calendar arithmetic in the committee's time zone, Asia/Shanghai, independent of the host's TZ.
 *
 * NOTE: Asia/Shanghai has been UTC+8 with no daylight saving time since 1991, so a fixed offset is
 * exact for every instant this system handles; instants before 1991 would be off by up to an hour.
 */

export const SHANGHAI_TIME_ZONE = 'Asia/Shanghai';
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

export interface ShanghaiParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 is Monday, 7 is Sunday. */
  weekday: number;
}

export function shanghaiParts(instant: number): ShanghaiParts {
  const shifted = new Date(instant + SHANGHAI_OFFSET_MS);
  const utcDay = shifted.getUTCDay();
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    weekday: utcDay === 0 ? 7 : utcDay,
  };
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** The Shanghai calendar date of an instant, as YYYY-MM-DD. */
export function shanghaiDate(instant: number): string {
  const p = shanghaiParts(instant);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** An instant as `YYYY-MM-DD HH:MM:SS` Shanghai wall-clock time. */
export function formatShanghaiDateTime(instant: number): string {
  const p = shanghaiParts(instant);
  return `${shanghaiDate(instant)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** An instant as ISO 8601 with the +08:00 offset, for exports that other programs read. */
export function formatShanghaiIso(instant: number): string {
  const p = shanghaiParts(instant);
  const ms = pad(new Date(instant).getUTCMilliseconds(), 3);
  return `${shanghaiDate(instant)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${ms}+08:00`;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar date in the form YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return (
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day
  );
}

/** The instant at which a Shanghai calendar date (YYYY-MM-DD) begins. Throws on an invalid date. */
export function startOfShanghaiDay(date: string): number {
  if (!isCalendarDate(date)) {
    throw new RangeError(`invalid date "${date}": expected a calendar date as YYYY-MM-DD`);
  }
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) - SHANGHAI_OFFSET_MS;
}

/** The calendar date `days` after a YYYY-MM-DD date (negative goes back). */
export function addDays(date: string, days: number): string {
  return shanghaiDate(startOfShanghaiDay(date) + days * DAY_MS);
}

/** The instant of a Shanghai wall-clock time on a date: minutes after midnight (0 to 1440). */
export function shanghaiInstant(date: string, minutesAfterMidnight: number): number {
  return startOfShanghaiDay(date) + minutesAfterMidnight * 60_000;
}
