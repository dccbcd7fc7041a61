/**
 * The schedule resolver: given a screen's schedule entries and an instant, decides which entry is
 * on screen and until when. Pure and deterministic, shared by the server (current playlist, next
 * change, timeline) and the display (offline playback).
 *
 * Instants are epoch milliseconds. Wall-clock times and weekdays are read in Asia/Shanghai at the
 * fixed offset UTC+8 (see shanghai-time.ts). The resolver never calls Date's local-time methods,
 * so its results are the same whatever the host's TZ.
 *
 * Rules:
 * 1. Display window: half-open [from, until). `from` is in, `until` is out, and null is unbounded.
 *    A window with `until` at or before `from` is never in force.
 * 2. Dayparts: a daypart starts at `start` on each listed ISO weekday (1 is Monday, 7 is Sunday).
 *    The weekday check applies to the day the range starts. An end after the start ends that day
 *    ("00:00"-"24:00" is the whole day and never touches the next). An end before the start runs
 *    past midnight: Fri 22:00-02:00 is in force from Fri 22:00 to Sat 02:00, 02:00 excluded. An
 *    end equal to the start means a full 24 hours from the start (Fri 08:00-08:00 ends Sat 08:00).
 *    A start of "24:00" is midnight at the end of the listed day. Overlapping ranges merge.
 * 3. In force: inside the window, and inside at least one daypart range unless the entry has no
 *    dayparts (then it runs all day, every day). Both must hold, so the window cuts dayparts: a
 *    range that began before `from` is in force from `from` on, and one running at `until` stops.
 * 4. Priority: among the entries in force, only those with the highest priority are "on top". A
 *    higher priority takes over at once and cuts the current turn. When it ends, the rotation of
 *    the lower entries starts again from the first of them, not where it was cut.
 * 5. Rotation: the entries on top take turns in schedule (array) order, each turn lasting
 *    `durationMs(entry)`. The rotation is anchored at the latest instant at or before the one asked
 *    about at which the on-top list changed, or at epoch 0 if it never changed. A turn ends at its
 *    natural end or at the next change of the on-top list, whichever comes first.
 *
 * Searching for changes: window flags change only at window boundaries (`from` and `until` values).
 * Between two boundaries, every in-force state is a function of the dayparts, which repeat every
 * 7 days. So if a span of 8 days (one period plus a day) without a boundary shows no change, the
 * states stay constant until the next boundary, and the search jumps there. A search (backward for
 * the anchor, forward for the end of a turn or for nextChangeAfter) sweeps at most 2B + 1 spans of
 * 8 days, where B is the number of distinct window boundaries in the schedule. A sweep is linear in
 * the daypart ranges of all entries over about 10 days, plus sorting the changes it finds.
 */
import type { Daypart, ScheduleEntry } from './schedule-model.ts';
import { DAY_MS, SHANGHAI_OFFSET_MS, shanghaiParts } from './shanghai-time.ts';

export interface ResolveOptions {
  /**
   * Milliseconds one pass of an entry takes (all its pages). Default: `entry.seconds * 1000`.
   * The value must be finite and at least 1, and fractions are rounded to whole milliseconds.
   */
  durationMs?: (entry: ScheduleEntry) => number;
}

/** One entry's turn on screen. */
export interface Slot {
  entry: ScheduleEntry;
  /** When this turn began (it may have begun before the instant asked about). */
  startedAt: number;
  /** When this turn ends: its natural end, or earlier when a change of the on-top list cuts it. */
  endsAt: number;
}

const MINUTE_MS = 60_000;
const MINUTES_PER_DAY = 24 * 60;
/** Dayparts repeat every 7 days, so each search step sweeps one period plus a day. */
const SEARCH_SPAN_MS = 8 * DAY_MS;

/** A half-open range of instants [start, end). */
interface Range {
  start: number;
  end: number;
}

interface ShanghaiDay {
  start: number;
  weekday: number;
}

interface StateChange {
  at: number;
  index: number;
  inForce: boolean;
}

/** A fingerprint of the per-entry in-force states. A search reports the instants where it changes. */
type StateKey = (entries: readonly ScheduleEntry[], inForce: readonly boolean[]) => string;

/** Checks whether an entry's display window and dayparts allow it at an instant. */
export function isEntryInForce(entry: ScheduleEntry, instant: number): boolean {
  assertInstant(instant);

  const window = windowRange(entry);
  if (instant < window.start || instant >= window.end) return false;

  if (entry.dayparts.length === 0) return true;

  // A daypart range lies within the two days starting on its start day, so only ranges that
  // start on the instant's day or the day before can contain it.
  const today = shanghaiDayStart(instant);
  return [today - DAY_MS, today].some((dayStart) =>
    daypartRangesOn(entry.dayparts, shanghaiDay(dayStart)).some(
      (range) => range.start <= instant && instant < range.end,
    ),
  );
}

/** Returns the entries in force at an instant that share the highest priority, in schedule order. */
export function entriesOnTop(entries: readonly ScheduleEntry[], instant: number): ScheduleEntry[] {
  assertInstant(instant);
  const inForce = entries.map((entry) => isEntryInForce(entry, instant));
  return onTopIndices(entries, inForce).map((index) => entries[index]!);
}

/** Resolves the turn on screen at an instant, or null when nothing is in force (the fallback shows). */
export function resolveSlot(
  entries: readonly ScheduleEntry[],
  instant: number,
  options: ResolveOptions = {},
): Slot | null {
  assertInstant(instant);
  const top = entriesOnTop(entries, instant);
  if (top.length === 0) return null;

  const durationOf = options.durationMs ?? ((entry: ScheduleEntry) => entry.seconds * 1000);
  const durations = top.map((entry) => checkedDuration(entry, durationOf(entry)));
  const cycle = durations.reduce((sum, duration) => sum + duration, 0);

  const anchor = previousChange(entries, instant, onTopKey) ?? 0;
  const position = positiveModulo(instant - anchor, cycle);
  const turn = turnAt(durations, position);
  const startedAt = instant - position + turn.offset;

  const naturalEnd = startedAt + turn.duration;
  const cut = nextChange(entries, instant, onTopKey);
  const endsAt = cut === null ? naturalEnd : Math.min(naturalEnd, cut);
  return { entry: top[turn.index]!, startedAt, endsAt };
}

/**
 * Finds the first instant after `instant` at which any entry comes into or goes out of force.
 * Returns null when no entry's state ever changes again.
 */
export function nextChangeAfter(entries: readonly ScheduleEntry[], instant: number): number | null {
  assertInstant(instant);
  return nextChange(entries, instant, allStatesKey);
}

function assertInstant(instant: number): void {
  if (!Number.isFinite(instant)) {
    throw new RangeError(`invalid instant ${instant}: expected finite epoch milliseconds`);
  }
}

function checkedDuration(entry: ScheduleEntry, duration: number): number {
  if (!Number.isFinite(duration) || duration < 1) {
    throw new RangeError(
      `invalid duration ${duration} ms for schedule entry "${entry.id}": ` +
        'durationMs must return a finite number of at least 1',
    );
  }
  return Math.round(duration);
}

function positiveModulo(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}

/** Finds the turn whose share of the cycle contains `position` (0 <= position < cycle). */
function turnAt(durations: readonly number[], position: number) {
  let offset = 0;
  for (const [index, duration] of durations.entries()) {
    if (position < offset + duration) return { index, offset, duration };
    offset += duration;
  }
  throw new Error(`position ${position} lies outside a rotation cycle of ${offset} ms`);
}

function onTopIndices(entries: readonly ScheduleEntry[], inForce: readonly boolean[]): number[] {
  let maxPriority = -Infinity;
  for (const [index, entry] of entries.entries()) {
    if (inForce[index] && entry.priority > maxPriority) maxPriority = entry.priority;
  }

  const indices: number[] = [];
  for (const [index, entry] of entries.entries()) {
    if (inForce[index] && entry.priority === maxPriority) indices.push(index);
  }
  return indices;
}

const onTopKey: StateKey = (entries, inForce) => onTopIndices(entries, inForce).join(',');

const allStatesKey: StateKey = (_entries, inForce) =>
  inForce.map((state) => (state ? '1' : '0')).join('');

function windowRange(entry: ScheduleEntry): Range {
  return { start: entry.from ?? -Infinity, end: entry.until ?? Infinity };
}

function shanghaiDayStart(instant: number): number {
  return Math.floor((instant + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

function shanghaiDay(dayStart: number): ShanghaiDay {
  return { start: dayStart, weekday: shanghaiParts(dayStart).weekday };
}

function clockMinutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Lists the ranges of the dayparts that start on a given day. */
function daypartRangesOn(dayparts: readonly Daypart[], day: ShanghaiDay): Range[] {
  const ranges: Range[] = [];
  for (const daypart of dayparts) {
    if (!daypart.weekdays.includes(day.weekday)) continue;

    const start = clockMinutes(daypart.start);
    const end = clockMinutes(daypart.end);
    // An end at or before the start runs past midnight, so start == end spans a full 24 hours.
    const length = end > start ? end - start : end + MINUTES_PER_DAY - start;
    const startAt = day.start + start * MINUTE_MS;
    ranges.push({ start: startAt, end: startAt + length * MINUTE_MS });
  }
  return ranges;
}

/** Sorts ranges and joins those that overlap or touch, so no boundary is left inside a run. */
function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: Range[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) {
      last.end = Math.max(last.end, range.end);
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}

/**
 * Computes an entry's state at `low` and its state changes in (low, high]. `days` must list every
 * Shanghai day from the day before `low` through the day of `high`. Ranges starting earlier end
 * by the start of `low`'s day and ranges starting later begin after `high`, so they add no change.
 */
function entryChanges(
  entry: ScheduleEntry,
  index: number,
  low: number,
  high: number,
  days: readonly ShanghaiDay[],
): { initial: boolean; changes: StateChange[] } {
  const window = windowRange(entry);
  if (window.end <= window.start || window.end <= low || window.start > high) {
    return { initial: false, changes: [] };
  }

  const coverage =
    entry.dayparts.length === 0
      ? [{ start: -Infinity, end: Infinity }]
      : mergeRanges(days.flatMap((day) => daypartRangesOn(entry.dayparts, day)));

  let initial = false;
  const changes: StateChange[] = [];
  for (const range of coverage) {
    const start = Math.max(range.start, window.start);
    const end = Math.min(range.end, window.end);
    if (start >= end) continue;

    if (start <= low && low < end) initial = true;
    if (low < start && start <= high) changes.push({ at: start, index, inForce: true });
    if (low < end && end <= high) changes.push({ at: end, index, inForce: false });
  }
  return { initial, changes };
}

/** Finds the instants in (low, high] at which `key` of the entries' states changes, ascending. */
function keyChangesBetween(
  entries: readonly ScheduleEntry[],
  low: number,
  high: number,
  key: StateKey,
): number[] {
  const days: ShanghaiDay[] = [];
  for (let dayStart = shanghaiDayStart(low) - DAY_MS; dayStart <= high; dayStart += DAY_MS) {
    days.push(shanghaiDay(dayStart));
  }

  const inForce: boolean[] = [];
  const changes: StateChange[] = [];
  for (const [index, entry] of entries.entries()) {
    const result = entryChanges(entry, index, low, high, days);
    inForce.push(result.initial);
    changes.push(...result.changes);
  }
  changes.sort((a, b) => a.at - b.at);

  const found: number[] = [];
  let previousKey = key(entries, inForce);
  let position = 0;
  while (position < changes.length) {
    // Apply every change at one instant before comparing, so a swap at a shared edge is one step.
    const at = changes[position]!.at;
    while (position < changes.length && changes[position]!.at === at) {
      const change = changes[position]!;
      inForce[change.index] = change.inForce;
      position += 1;
    }

    const currentKey = key(entries, inForce);
    if (currentKey !== previousKey) found.push(at);
    previousKey = currentKey;
  }
  return found;
}

/** Collects the distinct `from` and `until` values of all entries, ascending. */
function windowBoundaries(entries: readonly ScheduleEntry[]): number[] {
  const boundaries = new Set<number>();
  for (const entry of entries) {
    if (entry.from !== null) boundaries.add(entry.from);
    if (entry.until !== null) boundaries.add(entry.until);
  }
  return [...boundaries].sort((a, b) => a - b);
}

/**
 * Finds the latest instant <= `instant` at which `key` changed, or null if it never did.
 *
 * NOTE: when the key has not changed since long ago, this walks back through every window
 * boundary in the schedule, so callers should drop long-expired entries.
 */
function previousChange(
  entries: readonly ScheduleEntry[],
  instant: number,
  key: StateKey,
): number | null {
  const boundaries = windowBoundaries(entries);
  let high = instant;
  for (;;) {
    const low = high - SEARCH_SPAN_MS;
    const found = keyChangesBetween(entries, low, high, key);
    if (found.length > 0) return found.at(-1)!;

    if (boundaries.some((boundary) => low < boundary && boundary <= high)) {
      high = low;
      continue;
    }

    // A full period without a boundary or a change: the key was constant since the last
    // boundary, so the next span to sweep is the one ending at that boundary.
    const earlier = boundaries.filter((boundary) => boundary <= low).at(-1);
    if (earlier === undefined) return null;
    high = earlier;
  }
}

/** Finds the first instant > `instant` at which `key` changes, or null if it never does. */
function nextChange(
  entries: readonly ScheduleEntry[],
  instant: number,
  key: StateKey,
): number | null {
  const boundaries = windowBoundaries(entries);
  let low = instant;
  for (;;) {
    const high = low + SEARCH_SPAN_MS;
    const found = keyChangesBetween(entries, low, high, key);
    if (found.length > 0) return found[0]!;

    if (boundaries.some((boundary) => low < boundary && boundary <= high)) {
      low = high;
      continue;
    }

    // A full period without a boundary or a change: the key stays constant until the next
    // boundary. Sweep again from a day before it, still inside the constant stretch.
    const later = boundaries.find((boundary) => boundary > high);
    if (later === undefined) return null;
    low = later - DAY_MS;
  }
}
