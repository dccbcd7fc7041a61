/**
 * Conversions between `<input type="datetime-local">` values and API instants. The console reads
 * every wall-clock value as Asia/Shanghai time, whatever the browser's own zone, so it never lets
 * `Date` parse a local time.
 */
import {
  formatShanghaiDateTime,
  isCalendarDate,
  shanghaiDate,
  shanghaiParts,
} from '../shared/shanghai-time.ts';

const LOCAL_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/**
 * Turn a datetime-local value (`2026-12-04T08:00`) into ISO 8601 at +08:00
 * (`2026-12-04T08:00:00+08:00`). Returns null for an empty or malformed value.
 */
export function shanghaiLocalToIso(value: string): string | null {
  const match = LOCAL_PATTERN.exec(value);
  if (!match) return null;

  const [, date, hour, minute, second = '00'] = match;
  if (!date || !isCalendarDate(date)) return null;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  return `${date}T${hour}:${minute}:${second}+08:00`;
}

/** Turn an API instant into a datetime-local value in Shanghai time, to the minute. */
export function isoToShanghaiLocal(iso: string | null): string {
  if (!iso) return '';

  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return '';

  const parts = shanghaiParts(instant);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${shanghaiDate(instant)}T${pad(parts.hour)}:${pad(parts.minute)}`;
}

/** Format an API instant as `YYYY-MM-DD HH:MM:SS` Shanghai time, or `—` when there is none. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';

  const instant = Date.parse(iso);
  return Number.isNaN(instant) ? iso : formatShanghaiDateTime(instant);
}
