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

type ScheduleRow = Awaited<ReturnType<typeof getScheduleRows>>[number];

/** Return the later of two window starts, where null is unbounded. */
function laterOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** Return the earlier of two window ends, where null is unbounded. */
function earlierOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

const targets = (screenIds: string | null, screenId: number) =>
  screenIds === null || (JSON.parse(screenIds) as number[]).includes(screenId);

/**
 * Everything the schedules of all screens are made from, read once. A push to many screens, such
 * as a publish that reaches every screen of a group, loads one context and derives each screen's
 * message from it in memory. Screens with the same configuration share one computed message.
 */
export interface ScheduleContext {
  now: number;
  rangeStart: number;
  horizonUntil: number;
  publicBase: string | null;
  published: PublishedRow[];
  rowsByScreen: Map<number, ScheduleRow[]>;
  rowsByGroup: Map<number, ScheduleRow[]>;
  groupsByScreen: Map<number, number[]>;
  /** Emergency notices in force, newest first, with their slide content. */
  emergencies: { id: number; screenIds: string | null; issuedAt: number; content: SlideContent }[];
  tickers: {
    id: number;
    text: string;
    screenIds: string | null;
    from: number | null;
    until: number | null;
  }[];
  /** Computed messages by screen configuration. */
  memo: Map<string, { body: ScheduleBody; hash: string }>;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const list = map.get(key(item));
    if (list) list.push(item);
    else map.set(key(item), [item]);
  }
  return map;
}

/**
 * Read what schedules are built from. `rangeStart` (default: now) lets the timeline include
 * entries that already ended earlier in the range it shows.
 */
export async function loadScheduleContext(
  db: Kysely<Database>,
  now: number,
  horizonDays = DEFAULT_HORIZON_DAYS,
  rangeStart = now,
): Promise<ScheduleContext> {
  const publicBase = (await getSettings(db)).public_url || null;
  const rows = await db.selectFrom('schedule_entry').selectAll().orderBy('position').execute();
  const members = await db
    .selectFrom('screen_group_member')
    .selectAll()
    .orderBy('group_id')
    .execute();
  const emergencyRows = await db
    .selectFrom('emergency')
    .selectAll()
    .where('cleared_at', 'is', null)
    .orderBy('issued_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const emergencies = [];
  for (const row of emergencyRows) {
    emergencies.push({
      id: row.id,
      screenIds: row.screen_ids,
      issuedAt: row.issued_at,
      content: await slideContent(db, row.version_id, publicBase),
    });
  }
  const tickerRows = await db
    .selectFrom('ticker')
    .selectAll()
    .where('cleared_at', 'is', null)
    .where((eb) => eb.or([eb('window_until', 'is', null), eb('window_until', '>', now)]))
    .orderBy('id')
    .execute();

  return {
    now,
    rangeStart,
    horizonUntil: rangeStart + horizonDays * DAY_MS,
    publicBase,
    published: await publishedDisclosures(db),
    rowsByScreen: groupBy(
      rows.filter((row) => row.screen_id !== null),
      (row) => row.screen_id!,
    ),
    rowsByGroup: groupBy(
      rows.filter((row) => row.group_id !== null),
      (row) => row.group_id!,
    ),
    groupsByScreen: new Map(
      [...groupBy(members, (member) => member.screen_id)].map(([screenId, list]) => [
        screenId,
        list.map((member) => member.group_id),
      ]),
    ),
    emergencies,
    tickers: tickerRows.map((row) => ({
      id: row.id,
      text: row.text,
      screenIds: row.screen_ids,
      from: row.window_from,
      until: row.window_until,
    })),
    memo: new Map(),
  };
}

/** Derive one screen's schedule message from a loaded context. */
export function scheduleFor(
  context: ScheduleContext,
  screenId: number,
): { body: ScheduleBody; hash: string } {
  const own = context.rowsByScreen.get(screenId) ?? [];
  const groups = context.groupsByScreen.get(screenId) ?? [];
  const emergency = context.emergencies.find((row) => targets(row.screenIds, screenId));
  const tickers = context.tickers.filter((row) => targets(row.screenIds, screenId));
  const key = [
    own.length ? `s${screenId}` : '',
    `g${groups.join(',')}`,
    `e${emergency?.id ?? ''}`,
    `t${tickers.map((ticker) => ticker.id).join(',')}`,
  ].join('|');
  const cached = context.memo.get(key);
  if (cached) return cached;

  const scheduleRows = own.map((row) => ({ row, prefix: `s${row.position}` }));
  for (const groupId of groups) {
    const groupRows = context.rowsByGroup.get(groupId) ?? [];
    scheduleRows.push(...groupRows.map((row) => ({ row, prefix: `g${groupId}p${row.position}` })));
  }

  const entries: ScheduleEntry[] = [];
  const content: Record<string, SlideContent> = {};
  for (const { row, prefix } of scheduleRows) {
    const target = targetOf(row);
    const matches = context.published.filter((disclosure) =>
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
      const ended = until !== null && until <= context.rangeStart - RESOLVER_LOOKBACK_MS;
      if (ended || (from !== null && from >= context.horizonUntil)) continue;

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
      content[contentKey] = toSlideContent(disclosure, context.publicBase);
    }
  }

  if (emergency) content[`v${emergency.content.versionId}`] ??= emergency.content;
  const body: ScheduleBody = {
    horizonUntil: context.horizonUntil,
    entries,
    current: entriesOnTop(entries, context.now).map((entry) => entry.id),
    content,
    emergency: emergency
      ? {
          id: emergency.id,
          contentKey: `v${emergency.content.versionId}`,
          issuedAt: emergency.issuedAt,
        }
      : null,
    tickers: tickers.map(({ screenIds: _screenIds, ...ticker }) => ticker),
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
  const result = { body, hash };
  context.memo.set(key, result);
  return result;
}

/** Build one screen's schedule message, reading the database for it alone. */
export async function buildSchedule(
  db: Kysely<Database>,
  screenId: number,
  now: number,
  horizonDays = DEFAULT_HORIZON_DAYS,
  rangeStart = now,
): Promise<{ body: ScheduleBody; hash: string }> {
  return scheduleFor(await loadScheduleContext(db, now, horizonDays, rangeStart), screenId);
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
