/**
 * The playlist editor's rows and their conversion to and from API entries. Start and end are kept
 * as datetime-local strings in Shanghai time while staff edit them.
 */
import type { Daypart, PlaylistEntry, PlaylistEntryInput } from './api-types.ts';
import { isoToShanghaiLocal, shanghaiLocalToIso } from './shanghai-input.ts';

export const DEFAULT_SECONDS = 30;
export const MAX_SECONDS = 3600;

export interface PlaylistRow {
  /** Stable key for rendering while rows move, never sent to the server. */
  key: number;
  disclosureId: number | null;
  /** As typed, so that a half-typed number is not lost. */
  seconds: string;
  from: string;
  until: string;
  /** Kept from the loaded entry and sent back unchanged, since this editor cannot edit them. */
  dayparts?: Daypart[];
  priority?: number;
}

let nextKey = 1;

export function newRow(disclosureId: number | null = null): PlaylistRow {
  return { key: nextKey++, disclosureId, seconds: String(DEFAULT_SECONDS), from: '', until: '' };
}

export function rowFromEntry(entry: PlaylistEntry): PlaylistRow {
  return {
    key: nextKey++,
    disclosureId: entry.disclosureId,
    seconds: String(entry.seconds),
    from: isoToShanghaiLocal(entry.from),
    until: isoToShanghaiLocal(entry.until),
    dayparts: entry.dayparts,
    priority: entry.priority,
  };
}

/** Move the row at `index` by `offset` places. A move past either end changes nothing. */
export function moveRow(
  rows: readonly PlaylistRow[],
  index: number,
  offset: number,
): PlaylistRow[] {
  const target = index + offset;
  if (target < 0 || target >= rows.length) return [...rows];

  const moved = [...rows];
  const [row] = moved.splice(index, 1);
  if (row) moved.splice(target, 0, row);
  return moved;
}

export type RowsResult = { ok: true; entries: PlaylistEntryInput[] } | { ok: false; error: string };

/** Check every row and build the PUT body, or return the first problem in Chinese. */
export function entriesFromRows(rows: readonly PlaylistRow[]): RowsResult {
  const entries: PlaylistEntryInput[] = [];
  for (const [index, row] of rows.entries()) {
    const result = entryFromRow(row);
    if (typeof result === 'string') return { ok: false, error: `第 ${index + 1} 行：${result}` };
    entries.push(result);
  }
  return { ok: true, entries };
}

function entryFromRow(row: PlaylistRow): PlaylistEntryInput | string {
  if (row.disclosureId === null) return '请选择要显示的公开信息。';

  const seconds = Number(row.seconds);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SECONDS) {
    return `显示秒数应为 1 到 ${MAX_SECONDS} 之间的整数，现在是“${row.seconds}”。`;
  }

  const from = row.from ? shanghaiLocalToIso(row.from) : null;
  if (row.from && !from) return `开始时间“${row.from}”无效。`;
  const until = row.until ? shanghaiLocalToIso(row.until) : null;
  if (row.until && !until) return `结束时间“${row.until}”无效。`;
  if (from && until && Date.parse(from) >= Date.parse(until)) {
    return '结束时间必须晚于开始时间。';
  }

  const entry: PlaylistEntryInput = { disclosureId: row.disclosureId, seconds };
  if (from) entry.from = from;
  if (until) entry.until = until;
  if (row.dayparts) entry.dayparts = row.dayparts;
  if (row.priority !== undefined) entry.priority = row.priority;
  return entry;
}
