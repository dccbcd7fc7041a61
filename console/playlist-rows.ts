/**
 * The schedule editor's rows and their conversion to and from API entries. Windows are kept as
 * datetime-local strings in Shanghai time while staff edit them; dayparts as weekday sets with
 * HH:MM start and end (an end at or before the start runs past midnight).
 */
import type { Daypart, PlaylistEntry, PlaylistEntryInput, ScheduleTarget } from './api-types.ts';
import { isoToShanghaiLocal, shanghaiLocalToIso } from './shanghai-input.ts';

export const DEFAULT_SECONDS = 30;
export const MAX_SECONDS = 3600;
export const MIN_PRIORITY = -100;
export const MAX_PRIORITY = 100;

/** ISO weekday numbers with their one-character Chinese names, Monday first. */
export const WEEKDAYS: readonly [number, string][] = [
  [1, '一'],
  [2, '二'],
  [3, '三'],
  [4, '四'],
  [5, '五'],
  [6, '六'],
  [7, '日'],
];

export type TargetKind = ScheduleTarget['kind'];

export interface PlaylistRow {
  /** Stable key for rendering while rows move, never sent to the server. */
  key: number;
  kind: TargetKind;
  disclosureId: number | null;
  catalogItem: number | null;
  category: string;
  /** As typed, so that a half-typed number is not lost. */
  seconds: string;
  priority: string;
  from: string;
  until: string;
  dayparts: Daypart[];
}

let nextKey = 1;

export function newRow(): PlaylistRow {
  return {
    key: nextKey++,
    kind: 'disclosure',
    disclosureId: null,
    catalogItem: null,
    category: '',
    seconds: String(DEFAULT_SECONDS),
    priority: '0',
    from: '',
    until: '',
    dayparts: [],
  };
}

export function newDaypart(): Daypart {
  return { weekdays: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' };
}

export function rowFromEntry(entry: PlaylistEntry): PlaylistRow {
  const target: ScheduleTarget = entry.target ?? {
    kind: 'disclosure',
    disclosureId: entry.disclosureId ?? 0,
  };
  return {
    ...newRow(),
    kind: target.kind,
    disclosureId: target.kind === 'disclosure' ? target.disclosureId : null,
    catalogItem: target.kind === 'item' ? target.catalogItem : null,
    category: target.kind === 'category' ? target.category : '',
    seconds: String(entry.seconds),
    priority: String(entry.priority ?? 0),
    from: isoToShanghaiLocal(entry.from),
    until: isoToShanghaiLocal(entry.until),
    dayparts: entry.dayparts.map((part) => ({ ...part, weekdays: [...part.weekdays] })),
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

/** Whether a daypart runs past midnight: its end is at or before its start. */
export function crossesMidnight(part: Daypart): boolean {
  return part.end <= part.start;
}

export type RowsResult = { ok: true; entries: PlaylistEntryInput[] } | { ok: false; error: string };

/** Check every row and build the PUT body, or return the first problem in Chinese. */
export function entriesFromRows(rows: readonly PlaylistRow[]): RowsResult {
  const entries: PlaylistEntryInput[] = [];
  for (const [index, row] of rows.entries()) {
    const result = entryFromRow(row);
    if (typeof result === 'string') return { ok: false, error: `第 ${index + 1} 项：${result}` };
    entries.push(result);
  }
  return { ok: true, entries };
}

function targetOf(row: PlaylistRow): ScheduleTarget | string {
  switch (row.kind) {
    case 'disclosure':
      return row.disclosureId === null
        ? '请选择要显示的公开信息。'
        : { kind: 'disclosure', disclosureId: row.disclosureId };
    case 'item':
      return row.catalogItem === null
        ? '请选择目录事项。'
        : { kind: 'item', catalogItem: row.catalogItem };
    case 'category':
      return row.category ? { kind: 'category', category: row.category } : '请选择类别。';
  }
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function entryFromRow(row: PlaylistRow): PlaylistEntryInput | string {
  const target = targetOf(row);
  if (typeof target === 'string') return target;

  const seconds = Number(row.seconds);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SECONDS) {
    return `显示秒数应为 1 到 ${MAX_SECONDS} 之间的整数，现在是“${row.seconds}”。`;
  }
  const priority = Number(row.priority || '0');
  if (!Number.isInteger(priority) || priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
    return `优先级应为 ${MIN_PRIORITY} 到 ${MAX_PRIORITY} 之间的整数，现在是“${row.priority}”。`;
  }

  const from = row.from ? shanghaiLocalToIso(row.from) : null;
  if (row.from && !from) return `开始时间“${row.from}”无效。`;
  const until = row.until ? shanghaiLocalToIso(row.until) : null;
  if (row.until && !until) return `结束时间“${row.until}”无效。`;
  if (from && until && Date.parse(from) >= Date.parse(until)) {
    return '结束时间必须晚于开始时间。';
  }

  for (const [index, part] of row.dayparts.entries()) {
    const name = `第 ${index + 1} 个时段`;
    if (part.weekdays.length === 0) return `${name}至少选一天。`;
    if (!TIME.test(part.start) || !TIME.test(part.end)) return `${name}的时间应为“时:分”。`;
  }

  const entry: PlaylistEntryInput = { target, seconds, priority };
  if (from) entry.from = from;
  if (until) entry.until = until;
  if (row.dayparts.length) entry.dayparts = row.dayparts;
  return entry;
}
