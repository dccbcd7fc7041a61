/**
 * A screen's timeline: what it shows over a range of days, computed with the same resolver the
 * display uses, with the entries that were in force but lost to a higher priority.
 */
import type { ScheduleEntry } from '../shared/schedule-model.ts';
import { entriesOnTop, isEntryInForce, nextChangeAfter } from '../shared/schedule-resolver.ts';
import type { SlideContent } from '../shared/protocol.ts';
import { formatInstant } from './api-time.ts';

export const MAX_TIMELINE_DAYS = 7;

interface TimelineEntry {
  entryId: string;
  title: string | null;
  priority: number;
  source: string;
}

function describe(
  entry: ScheduleEntry,
  content: Record<string, SlideContent>,
  groupNames: Map<number, string>,
): TimelineEntry {
  const group = /^g(\d+)p/.exec(entry.id);
  return {
    entryId: entry.id,
    title: content[entry.contentKey]?.title ?? null,
    priority: entry.priority,
    source: group ? `group:${groupNames.get(Number(group[1])) ?? group[1]}` : 'screen',
  };
}

function reasonFor(playing: ScheduleEntry[], overridden: ScheduleEntry[]): string {
  if (playing.length === 0) return '无排期：显示机构信息';
  const top = playing[0]!.priority;
  const rotation = playing.length > 1 ? `${playing.length} 条轮播` : '单条播放';
  if (overridden.length === 0) return rotation;
  return `${rotation}；优先级 ${top} 高于 ${overridden.map((entry) => entry.priority).join('、')}，覆盖其余条目`;
}

/** Segments between consecutive changes of the in-force set, from `start` to `end`. */
export function buildTimeline(
  entries: ScheduleEntry[],
  content: Record<string, SlideContent>,
  groupNames: Map<number, string>,
  start: number,
  end: number,
) {
  const segments = [];
  let from = start;
  // Each segment ends at a change, and changes are at least a minute apart (dayparts are minutes),
  // so a week has a bounded number of segments.
  while (from < end) {
    const next = nextChangeAfter(entries, from);
    const until = next === null || next > end ? end : next;
    const playing = entriesOnTop(entries, from);
    const playingIds = new Set(playing.map((entry) => entry.id));
    const overridden = entries.filter(
      (entry) => isEntryInForce(entry, from) && !playingIds.has(entry.id),
    );
    segments.push({
      from: formatInstant(from),
      until: formatInstant(until),
      playing: playing.map((entry) => describe(entry, content, groupNames)),
      overridden: overridden.map((entry) => describe(entry, content, groupNames)),
      reason: reasonFor(playing, overridden),
    });
    from = until;
  }
  return segments;
}
