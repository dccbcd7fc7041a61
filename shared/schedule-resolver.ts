/**
 * The schedule resolver: given a screen's schedule entries and an instant, decides what is on.
 * Pure and deterministic, shared by the server (current playlist, next change, timeline) and the
 * display (offline playback). Wall-clock rules are read in Asia/Shanghai whatever the host's TZ.
 *
 * API CONTRACT (helpers build against these signatures; the implementation may change):
 */
import type { ScheduleEntry } from './schedule-model.ts';

export interface ResolveOptions {
  /** Milliseconds one pass of an entry takes (all its pages). Default: `entry.seconds * 1000`. */
  durationMs?: (entry: ScheduleEntry) => number;
}

/** One entry's turn on screen. */
export interface Slot {
  entry: ScheduleEntry;
  /** When this turn began (it may have begun before the instant asked about). */
  startedAt: number;
  /** When this turn ends: its natural end, or earlier when a change of the eligible set cuts it. */
  endsAt: number;
}

/** Whether an entry's display window and dayparts allow it at an instant. */
export declare function isEntryInForce(entry: ScheduleEntry, instant: number): boolean;

/** The entries in force at an instant that share the highest priority, in schedule order. */
export declare function entriesOnTop(entries: readonly ScheduleEntry[], instant: number): ScheduleEntry[];

/** The turn on screen at an instant, or null when nothing is scheduled (the fallback shows). */
export declare function resolveSlot(
  entries: readonly ScheduleEntry[],
  instant: number,
  options?: ResolveOptions,
): Slot | null;

/** The first instant after `instant` at which any entry comes into or goes out of force, or null. */
export declare function nextChangeAfter(entries: readonly ScheduleEntry[], instant: number): number | null;
