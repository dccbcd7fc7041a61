/**
 * Builds the schedule message for one screen: its entries and their content for the coming
 * horizon (seven days by default), plus the entries in force now. The display evaluates the
 * horizon itself with the shared resolver, so it keeps playing correctly while offline.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Body } from '../shared/content.ts';
import type { Fallback, ScheduleMessage, SlideContent } from '../shared/protocol.ts';
import type { Daypart, ScheduleEntry } from '../shared/schedule-model.ts';
import { entriesOnTop, nextChangeAfter } from '../shared/schedule-resolver.ts';
import { DAY_MS } from '../shared/shanghai-time.ts';
import type { Database } from './db/schema.ts';
import { catalogLabel } from './disclosure-store.ts';
import { activeEmergencyFor, tickersFor } from './emergency-store.ts';
import { getSettings } from './settings-store.ts';

export const DEFAULT_HORIZON_DAYS = 7;

/** The part of a schedule message that identifies its content: serverTime is left out. */
export type ScheduleBody = Omit<ScheduleMessage, 'type' | 'serverTime' | 'scheduleHash'>;

async function slideContent(db: Kysely<Database>, versionId: number): Promise<SlideContent> {
  const row = await db
    .selectFrom('disclosure_version')
    .innerJoin('disclosure', 'disclosure.id', 'disclosure_version.disclosure_id')
    .innerJoin('catalog_item', 'catalog_item.id', 'disclosure.catalog_item_id')
    .select([
      'disclosure.id as disclosure_id',
      'disclosure.sample',
      'disclosure_version.id as version_id',
      'disclosure_version.version',
      'disclosure_version.title',
      'disclosure_version.body',
      'disclosure_version.images',
      'disclosure_version.content_hash',
      'catalog_item.number',
      'catalog_item.category',
      'catalog_item.matter_second',
    ])
    .where('disclosure_version.id', '=', versionId)
    .executeTakeFirstOrThrow();
  return toSlideContent(row);
}

function toSlideContent(row: {
  disclosure_id: number;
  sample: number;
  version_id: number;
  version: number;
  title: string;
  body: string;
  images: string;
  content_hash: string;
  number: number;
  category: string;
  matter_second: string;
}): SlideContent {
  return {
    disclosureId: row.disclosure_id,
    versionId: row.version_id,
    version: row.version,
    title: row.title,
    label: catalogLabel(row),
    catalogItem: row.number,
    body: JSON.parse(row.body) as Body,
    images: JSON.parse(row.images),
    contentHash: row.content_hash,
    sample: row.sample === 1,
  };
}

export async function buildSchedule(
  db: Kysely<Database>,
  screenId: number,
  now: number,
  horizonDays = DEFAULT_HORIZON_DAYS,
): Promise<{ body: ScheduleBody; hash: string }> {
  const horizonUntil = now + horizonDays * DAY_MS;
  const rows = await db
    .selectFrom('playlist_entry')
    .innerJoin('disclosure', 'disclosure.id', 'playlist_entry.disclosure_id')
    .innerJoin('disclosure_version', 'disclosure_version.id', 'disclosure.published_version_id')
    .innerJoin('catalog_item', 'catalog_item.id', 'disclosure.catalog_item_id')
    .select([
      'playlist_entry.position',
      'playlist_entry.seconds',
      'playlist_entry.window_from',
      'playlist_entry.window_until',
      'playlist_entry.dayparts',
      'playlist_entry.priority',
      'disclosure.id as disclosure_id',
      'disclosure.sample',
      'disclosure_version.id as version_id',
      'disclosure_version.version',
      'disclosure_version.title',
      'disclosure_version.body',
      'disclosure_version.images',
      'disclosure_version.content_hash',
      'catalog_item.number',
      'catalog_item.category',
      'catalog_item.matter_second',
    ])
    .where('playlist_entry.screen_id', '=', screenId)
    .where('disclosure.status', '=', 'published')
    .where((eb) =>
      eb.and([
        eb.or([
          eb('playlist_entry.window_until', 'is', null),
          eb('playlist_entry.window_until', '>', now),
        ]),
        eb.or([
          eb('playlist_entry.window_from', 'is', null),
          eb('playlist_entry.window_from', '<', horizonUntil),
        ]),
      ]),
    )
    .orderBy('playlist_entry.position')
    .execute();

  const entries: ScheduleEntry[] = [];
  const content: Record<string, SlideContent> = {};
  for (const row of rows) {
    const contentKey = `v${row.version_id}`;
    entries.push({
      // Position and disclosure rather than the row id, so that saving an unchanged playlist
      // yields the same entries and does not restart playback.
      id: `p${row.position}-d${row.disclosure_id}`,
      contentKey,
      seconds: row.seconds,
      from: row.window_from,
      until: row.window_until,
      dayparts: JSON.parse(row.dayparts) as Daypart[],
      priority: row.priority,
    });
    content[contentKey] = toSlideContent(row);
  }

  const emergencyRow = await activeEmergencyFor(db, screenId);
  let emergency: ScheduleBody['emergency'] = null;
  if (emergencyRow) {
    const contentKey = `v${emergencyRow.version_id}`;
    content[contentKey] ??= await slideContent(db, emergencyRow.version_id);
    emergency = { id: emergencyRow.id, contentKey, issuedAt: emergencyRow.issued_at };
  }
  const tickers = (await tickersFor(db, screenId, now)).map((row) => ({
    id: row.id,
    text: row.text,
    from: row.window_from,
    until: row.window_until,
  }));

  const body: ScheduleBody = {
    horizonUntil,
    entries,
    current: entriesOnTop(entries, now).map((entry) => entry.id),
    content,
    emergency,
    tickers,
  };
  // horizonUntil moves with every call, so it is left out of the hash: only a change of what
  // plays makes a new message.
  const hash = crypto
    .createHash('sha256')
    .update(
      JSON.stringify([body.entries, body.current, body.content, body.emergency, body.tickers]),
    )
    .digest('hex')
    .slice(0, 32);
  return { body, hash };
}

/** Return the next instant after `now` at which the message would change by itself, or null. */
export function nextScheduleChange(body: ScheduleBody, now: number): number | null {
  const candidates = [nextChangeAfter(body.entries, now)];
  for (const ticker of body.tickers) {
    for (const edge of [ticker.from, ticker.until])
      if (edge !== null && edge > now) candidates.push(edge);
  }
  const future = candidates.filter((value): value is number => value !== null);
  return future.length ? Math.min(...future) : null;
}

export async function buildFallback(db: Kysely<Database>): Promise<Fallback> {
  const committee = await db
    .selectFrom('committee')
    .select('name')
    .orderBy('id')
    .executeTakeFirst();
  const settings = await getSettings(db);
  return {
    committeeName: committee?.name ?? '居民委员会',
    officeHours: settings.office_hours ?? '',
    contact: settings.contact ?? '',
    address: settings.address ?? '',
  };
}
