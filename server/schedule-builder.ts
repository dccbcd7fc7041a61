/**
 * Builds the schedule message for one screen: its entries and their content for the coming
 * horizon (seven days by default), plus the entries in force now. The display evaluates the
 * horizon itself with the shared resolver, so it keeps playing correctly while offline.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Body } from '../shared/content.ts';
import { maskPersonalData } from '../shared/list-privacy.ts';
import type { Fallback, ScheduleMessage, SlideContent } from '../shared/protocol.ts';
import type { Daypart, ScheduleEntry } from '../shared/schedule-model.ts';
import { entriesOnTop, nextChangeAfter } from '../shared/schedule-resolver.ts';
import { DAY_MS } from '../shared/shanghai-time.ts';
import type { Database } from './db/schema.ts';
import { catalogLabel } from './disclosure-store.ts';
import { activeEmergencyFor, tickersFor } from './emergency-store.ts';
import { getScheduleRows, targetOf } from './schedule-store.ts';
import { getSettings } from './settings-store.ts';

export const DEFAULT_HORIZON_DAYS = 7;
/** Daypart edges repeat weekly, so the resolver looks back 8 days for the last change. */
const RESOLVER_LOOKBACK_MS = 8 * DAY_MS;

/** The part of a schedule message that identifies its content: serverTime is left out. */
export type ScheduleBody = Omit<ScheduleMessage, 'type' | 'serverTime' | 'scheduleHash'>;

async function slideContent(
  db: Kysely<Database>,
  versionId: number,
  publicBase: string | null,
): Promise<SlideContent> {
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
  return toSlideContent(row, publicBase);
}

/** `publicBase` is the `public_url` setting; without it the slide carries no public address. */
function toSlideContent(
  row: {
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
  },
  publicBase: string | null,
): SlideContent {
  return {
    disclosureId: row.disclosure_id,
    versionId: row.version_id,
    version: row.version,
    title: row.title,
    label: catalogLabel(row),
    catalogItem: row.number,
    // Screens are public: names in personal lists never leave the server unmasked.
    body: maskPersonalData(JSON.parse(row.body) as Body),
    images: JSON.parse(row.images),
    contentHash: row.content_hash,
    sample: row.sample === 1,
    ...(publicBase ? { publicUrl: `${publicBase}/p/${row.disclosure_id}` } : {}),
  };
}

type PublishedRow = Parameters<typeof toSlideContent>[0] & {
  display_from: number | null;
  display_until: number | null;
};

async function publishedDisclosures(db: Kysely<Database>): Promise<PublishedRow[]> {
  return db
    .selectFrom('disclosure')
    .innerJoin('disclosure_version', 'disclosure_version.id', 'disclosure.published_version_id')
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
      'disclosure_version.display_from',
      'disclosure_version.display_until',
      'catalog_item.number',
      'catalog_item.category',
      'catalog_item.matter_second',
    ])
    .where('disclosure.status', '=', 'published')
    .orderBy('catalog_item.number')
    .orderBy('disclosure.id')
    .execute();
}

/** A screen's own schedule rows, then those of its groups, each with a stable id prefix. */
async function scheduleRowsFor(db: Kysely<Database>, screenId: number) {
  const own = await getScheduleRows(db, { screenId });
  const groups = await db
    .selectFrom('screen_group_member')
    .select('group_id')
    .where('screen_id', '=', screenId)
    .orderBy('group_id')
    .execute();
  const rows = own.map((row) => ({ row, prefix: `s${row.position}` }));
  for (const { group_id: groupId } of groups) {
    const groupRows = await getScheduleRows(db, { groupId });
    rows.push(...groupRows.map((row) => ({ row, prefix: `g${groupId}p${row.position}` })));
  }
  return rows;
}

const laterOf = (a: number | null, b: number | null) =>
  a === null ? b : b === null ? a : Math.max(a, b);
const earlierOf = (a: number | null, b: number | null) =>
  a === null ? b : b === null ? a : Math.min(a, b);

/**
 * Build a screen's schedule message. `rangeStart` (default: now) lets the timeline include entries
 * that already ended earlier in the range it shows.
 */
export async function buildSchedule(
  db: Kysely<Database>,
  screenId: number,
  now: number,
  horizonDays = DEFAULT_HORIZON_DAYS,
  rangeStart = now,
): Promise<{ body: ScheduleBody; hash: string }> {
  const horizonUntil = rangeStart + horizonDays * DAY_MS;
  const published = await publishedDisclosures(db);
  const scheduleRows = await scheduleRowsFor(db, screenId);
  // NOTE: saving public_url pushes no schedule, so screens get the new address on the next push.
  const publicBase = (await getSettings(db)).public_url || null;

  const entries: ScheduleEntry[] = [];
  const content: Record<string, SlideContent> = {};
  for (const { row, prefix } of scheduleRows) {
    const target = targetOf(row);
    const matches = published.filter((disclosure) =>
      target.kind === 'disclosure'
        ? disclosure.disclosure_id === target.disclosureId
        : target.kind === 'item'
          ? disclosure.number === target.catalogItem
          : disclosure.category === target.category,
    );
    for (const disclosure of matches) {
      // The entry's window and the version's own 公示期 both apply.
      const from = laterOf(row.window_from, disclosure.display_from);
      const until = earlierOf(row.window_until, disclosure.display_until);
      if (from !== null && until !== null && until <= from) continue;
      // Entries that ended within the resolver's lookback stay in the message: the rotation is
      // anchored at the last change of the on-top list, and dropping an ended entry would move
      // that anchor and cut the item on screen.
      const ended = until !== null && until <= rangeStart - RESOLVER_LOOKBACK_MS;
      if (ended || (from !== null && from >= horizonUntil)) continue;

      const contentKey = `v${disclosure.version_id}`;
      entries.push({
        // Owner, position and disclosure rather than row ids, so that saving an unchanged schedule
        // yields the same entries and does not restart playback.
        id: `${prefix}-d${disclosure.disclosure_id}`,
        contentKey,
        seconds: row.seconds,
        from,
        until,
        dayparts: JSON.parse(row.dayparts) as Daypart[],
        priority: row.priority,
      });
      content[contentKey] = toSlideContent(disclosure, publicBase);
    }
  }

  const emergencyRow = await activeEmergencyFor(db, screenId);
  let emergency: ScheduleBody['emergency'] = null;
  if (emergencyRow) {
    const contentKey = `v${emergencyRow.version_id}`;
    content[contentKey] ??= await slideContent(db, emergencyRow.version_id, publicBase);
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
