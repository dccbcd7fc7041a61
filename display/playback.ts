/**
 * Playback: the slide on screen at an instant, from the last schedule received: the entry's turn, the
 * content and the page. Each page of a slide gets the entry's `seconds`, so one turn lasts
 * `seconds * pageCount`.
 */
import type { Emergency, ScheduleMessage, SlideContent } from '../shared/protocol.ts';
import { resolveSlot } from '../shared/schedule-resolver.ts';
import type { Turn } from './showing-recorder.ts';

/**
 * Seconds per page of an emergency notice, which has no schedule entry to take them from.
 * NOTE: chosen here, not configured; 15 s gives time to read a page of 40 px text.
 */
export const EMERGENCY_PAGE_SECONDS = 15;

export interface NowPlaying {
  content: SlideContent;
  /** Id of the emergency notice on screen, or null for scheduled content. */
  emergencyId: number | null;
  /** 0-based page on screen. */
  page: number;
  pageCount: number;
  turn: Turn;
}

/**
 * The slide on screen at `now`, or null for the fallback: no schedule yet, nothing in force, or
 * `now` past the schedule's horizon (the server has not sent what comes after it). An emergency
 * notice goes ahead of everything.
 */
export function nowPlaying(
  schedule: ScheduleMessage | null,
  now: number,
  pageCount: (contentKey: string) => number,
): NowPlaying | null {
  if (!schedule) return null;

  // NOTE: an emergency stays on screen past the horizon too, because only the server can clear it.
  if (schedule.emergency) {
    const emergency = emergencyPlaying(schedule, schedule.emergency, now, pageCount);
    if (emergency) return emergency;
  }

  if (now >= schedule.horizonUntil) return null;

  const slot = resolveSlot(schedule.entries, now, {
    durationMs: (entry) => entry.seconds * 1000 * pageCount(entry.contentKey),
  });
  if (!slot) return null;

  const content = schedule.content[slot.entry.contentKey];
  if (!content) {
    console.warn(
      `schedule entry "${slot.entry.id}" names missing content "${slot.entry.contentKey}"`,
    );
    return null;
  }

  const pages = pageCount(slot.entry.contentKey);
  const elapsed = Math.max(0, now - slot.startedAt);
  const page = Math.min(pages - 1, Math.floor(elapsed / (slot.entry.seconds * 1000)));

  return {
    content,
    emergencyId: null,
    page,
    pageCount: pages,
    turn: {
      key: `${slot.entry.id}|${slot.startedAt}|${content.versionId}|${content.contentHash}`,
      disclosureId: content.disclosureId,
      versionId: content.versionId,
      endsAt: slot.endsAt,
    },
  };
}

/** Cycle an emergency notice through its pages from the instant it was issued; each cycle is a turn. */
function emergencyPlaying(
  schedule: ScheduleMessage,
  emergency: Emergency,
  now: number,
  pageCount: (contentKey: string) => number,
): NowPlaying | null {
  const content = schedule.content[emergency.contentKey];
  if (!content) {
    console.warn(`emergency ${emergency.id} names missing content "${emergency.contentKey}"`);
    return null;
  }

  const pages = pageCount(emergency.contentKey);
  const pageMs = EMERGENCY_PAGE_SECONDS * 1000;
  const elapsed = Math.max(0, now - emergency.issuedAt);
  const cycle = Math.floor(elapsed / (pageMs * pages));
  const startedAt = emergency.issuedAt + cycle * pageMs * pages;

  return {
    content,
    emergencyId: emergency.id,
    page: Math.min(pages - 1, Math.floor((now - startedAt) / pageMs)),
    pageCount: pages,
    turn: {
      key: `emergency ${emergency.id}|${startedAt}|${content.versionId}|${content.contentHash}`,
      disclosureId: content.disclosureId,
      versionId: content.versionId,
      endsAt: startedAt + pageMs * pages,
    },
  };
}
