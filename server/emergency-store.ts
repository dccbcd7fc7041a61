/**
 * Emergency notices (居民告知书, the catalog item whose time limit has a first-notice rule, item 17
 * in the 钟楼 catalog) and scrolling tickers (滚动字幕). An emergency notice goes full screen on
 * all or chosen screens ahead of everything until it is cleared; each screen's confirmation is
 * stored so the 2-hour rule can be proven.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from './db/schema.ts';
import { createDisclosure, publishDisclosure } from './disclosure-store.ts';
import { ApiError, notFound } from './errors.ts';
import { formatInstant, instantSchema } from './api-time.ts';

const screenIdsSchema = z
  .array(z.number().int().positive())
  .min(1)
  .max(1000)
  .nullable()
  .default(null);

export const createEmergencySchema = z.strictObject({
  title: z.string().trim().min(1, 'the title is empty; write a title such as 居民告知书').max(200),
  body: z
    .string()
    .trim()
    .min(1, 'the body is empty; write what residents must know and do')
    .max(20_000),
  /** When the event happened; the 2-hour rule counts from here. Default: now. */
  eventAt: instantSchema.optional(),
  /** Target screens; null or omitted means every screen. */
  screens: screenIdsSchema,
});

export const createTickerSchema = z
  .strictObject({
    text: z
      .string()
      .trim()
      .min(1, 'the ticker text is empty')
      .max(500, 'a ticker holds at most 500 characters'),
    from: instantSchema.nullable().default(null),
    until: instantSchema.nullable().default(null),
    screens: screenIdsSchema,
  })
  .superRefine((ticker, ctx) => {
    if (ticker.from !== null && ticker.until !== null && ticker.until <= ticker.from) {
      ctx.addIssue({
        code: 'custom',
        path: ['until'],
        message: 'the ticker ends at or before it starts',
      });
    }
  });

/** Find the catalog item for emergency notices: the one whose time limit sets a first-notice deadline. */
async function emergencyCatalogItem(db: Kysely<Database>): Promise<number> {
  const items = await db.selectFrom('catalog_item').select(['number', 'time_limit']).execute();
  const item = items.find((row) => JSON.parse(row.time_limit).firstNotice !== undefined);
  if (!item) {
    throw new ApiError(
      409,
      'conflict',
      'the catalog has no item with a first-notice deadline for emergency notices',
    );
  }
  return item.number;
}

async function assertScreensExist(db: Kysely<Database>, ids: number[] | null) {
  if (!ids) return;
  const rows = await db.selectFrom('screen').select('id').where('id', 'in', ids).execute();
  const known = new Set(rows.map((row) => row.id));
  const index = ids.findIndex((id) => !known.has(id));
  if (index >= 0) {
    throw new ApiError(
      400,
      'invalid_request',
      `invalid field "screens[${index}]": screen ${ids[index]} does not exist`,
      `screens[${index}]`,
    );
  }
}

export async function createEmergency(
  db: Kysely<Database>,
  input: z.output<typeof createEmergencySchema>,
  now: number,
): Promise<number> {
  await assertScreensExist(db, input.screens);
  const catalogItem = await emergencyCatalogItem(db);
  const disclosureId = await createDisclosure(
    db,
    { catalogItem, title: input.title, body: input.body, images: [] },
    { now },
  );
  await publishDisclosure(db, disclosureId, now);
  const disclosure = await db
    .selectFrom('disclosure')
    .select('published_version_id')
    .where('id', '=', disclosureId)
    .executeTakeFirstOrThrow();

  const row = await db
    .insertInto('emergency')
    .values({
      disclosure_id: disclosureId,
      version_id: disclosure.published_version_id!,
      screen_ids: input.screens ? JSON.stringify(input.screens) : null,
      event_at: input.eventAt ?? now,
      issued_at: now,
      cleared_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function clearEmergency(db: Kysely<Database>, id: number, now: number) {
  const result = await db
    .updateTable('emergency')
    .set({ cleared_at: now })
    .where('id', '=', id)
    .where('cleared_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    const exists = await db
      .selectFrom('emergency')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!exists) throw notFound('emergency notice', id);
    throw new ApiError(409, 'conflict', `emergency notice ${id} is already cleared`);
  }
}

/** Store a screen's confirmation; the first one counts, later repeats change nothing. */
export async function recordEmergencyShown(
  db: Kysely<Database>,
  emergencyId: number,
  screenId: number,
  shownAt: number,
  now: number,
) {
  const exists = await db
    .selectFrom('emergency')
    .select('id')
    .where('id', '=', emergencyId)
    .executeTakeFirst();
  if (!exists) return false;
  await db
    .insertInto('emergency_receipt')
    .values({ emergency_id: emergencyId, screen_id: screenId, shown_at: shownAt, received_at: now })
    .onConflict((oc) => oc.columns(['emergency_id', 'screen_id']).doNothing())
    .execute();
  return true;
}

export async function listEmergencies(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('emergency')
    .innerJoin('disclosure_version', 'disclosure_version.id', 'emergency.version_id')
    .selectAll('emergency')
    .select('disclosure_version.title')
    .orderBy('emergency.id', 'desc')
    .execute();
  const receipts = await db
    .selectFrom('emergency_receipt')
    .innerJoin('screen', 'screen.id', 'emergency_receipt.screen_id')
    .select(['emergency_id', 'screen_id', 'screen.name', 'shown_at', 'received_at'])
    .orderBy('shown_at')
    .execute();

  return rows.map((row) => ({
    id: row.id,
    disclosureId: row.disclosure_id,
    versionId: row.version_id,
    title: row.title,
    screens: row.screen_ids === null ? null : (JSON.parse(row.screen_ids) as number[]),
    eventAt: formatInstant(row.event_at),
    issuedAt: formatInstant(row.issued_at),
    clearedAt: formatInstant(row.cleared_at),
    receipts: receipts
      .filter((receipt) => receipt.emergency_id === row.id)
      .map((receipt) => ({
        screenId: receipt.screen_id,
        screenName: receipt.name,
        shownAt: formatInstant(receipt.shown_at),
        receivedAt: formatInstant(receipt.received_at),
        /** Minutes from the event to the notice being on this screen. */
        minutesAfterEvent: Math.round(((receipt.shown_at - row.event_at) / 60_000) * 10) / 10,
        withinTwoHours: receipt.shown_at - row.event_at <= 2 * 60 * 60_000,
      })),
  }));
}

export async function createTicker(
  db: Kysely<Database>,
  input: z.output<typeof createTickerSchema>,
  now: number,
) {
  await assertScreensExist(db, input.screens);
  const row = await db
    .insertInto('ticker')
    .values({
      text: input.text,
      screen_ids: input.screens ? JSON.stringify(input.screens) : null,
      window_from: input.from,
      window_until: input.until,
      created_at: now,
      cleared_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function clearTicker(db: Kysely<Database>, id: number, now: number) {
  const result = await db
    .updateTable('ticker')
    .set({ cleared_at: now })
    .where('id', '=', id)
    .where('cleared_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound('active ticker', id);
}

export async function listTickers(db: Kysely<Database>) {
  const rows = await db.selectFrom('ticker').selectAll().orderBy('id', 'desc').execute();
  return rows.map((row) => ({
    id: row.id,
    text: row.text,
    screens: row.screen_ids === null ? null : (JSON.parse(row.screen_ids) as number[]),
    from: formatInstant(row.window_from),
    until: formatInstant(row.window_until),
    createdAt: formatInstant(row.created_at),
    clearedAt: formatInstant(row.cleared_at),
  }));
}
