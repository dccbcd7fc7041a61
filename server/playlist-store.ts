/** Each screen's playlist: ordered entries with seconds on screen, a display window and dayparts. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { daypartSchema, type Daypart } from '../shared/schedule-model.ts';
import { ApiError } from './errors.ts';
import type { Database } from './db/schema.ts';
import { formatInstant, instantSchema } from './api-time.ts';

export const MAX_PLAYLIST_ENTRIES = 200;

const entryInputSchema = z
  .object({
    disclosureId: z.number().int().positive(),
    seconds: z
      .number()
      .int('expected whole seconds')
      .min(5, 'an entry needs at least 5 seconds on screen')
      .max(3600, 'an entry can stay at most 3600 seconds per page'),
    from: instantSchema.nullable().default(null),
    until: instantSchema.nullable().default(null),
    dayparts: z.array(daypartSchema).max(28).default([]),
    priority: z.number().int().min(-100).max(100).default(0),
  })
  .superRefine((entry, ctx) => {
    if (entry.from !== null && entry.until !== null && entry.until <= entry.from) {
      ctx.addIssue({
        code: 'custom',
        path: ['until'],
        message: 'the window ends at or before it starts; set "until" after "from"',
      });
    }
  });

export const playlistInputSchema = z.object({
  entries: z.array(entryInputSchema).max(MAX_PLAYLIST_ENTRIES),
});

export type PlaylistInput = z.output<typeof playlistInputSchema>;

/** Replace a screen's playlist in one transaction; entries naming a missing disclosure fail it. */
export async function replacePlaylist(
  db: Kysely<Database>,
  screenId: number,
  input: PlaylistInput,
) {
  const ids = [...new Set(input.entries.map((entry) => entry.disclosureId))];
  const found = ids.length
    ? await db.selectFrom('disclosure').select('id').where('id', 'in', ids).execute()
    : [];
  const known = new Set(found.map((row) => row.id));
  const missing = input.entries.findIndex((entry) => !known.has(entry.disclosureId));
  if (missing >= 0) {
    const id = input.entries[missing]!.disclosureId;
    throw new ApiError(
      400,
      'invalid_request',
      `invalid field "entries[${missing}].disclosureId": disclosure ${id} does not exist`,
      `entries[${missing}].disclosureId`,
    );
  }

  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('playlist_entry').where('screen_id', '=', screenId).execute();
    if (input.entries.length === 0) return;

    await trx
      .insertInto('playlist_entry')
      .values(
        input.entries.map((entry, position) => ({
          screen_id: screenId,
          position,
          disclosure_id: entry.disclosureId,
          seconds: entry.seconds,
          window_from: entry.from,
          window_until: entry.until,
          dayparts: JSON.stringify(entry.dayparts),
          priority: entry.priority,
        })),
      )
      .execute();
  });
}

export async function getPlaylistRows(db: Kysely<Database>, screenId: number) {
  return db
    .selectFrom('playlist_entry')
    .selectAll()
    .where('screen_id', '=', screenId)
    .orderBy('position')
    .execute();
}

export async function getPlaylist(db: Kysely<Database>, screenId: number) {
  const rows = await getPlaylistRows(db, screenId);
  return rows.map((row) => ({
    id: row.id,
    position: row.position,
    disclosureId: row.disclosure_id,
    seconds: row.seconds,
    from: formatInstant(row.window_from),
    until: formatInstant(row.window_until),
    dayparts: JSON.parse(row.dayparts) as Daypart[],
    priority: row.priority,
  }));
}

/** Screens whose playlist names a disclosure: the ones to push to when it changes. */
export async function screensShowing(
  db: Kysely<Database>,
  disclosureId: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('playlist_entry')
    .select('screen_id')
    .distinct()
    .where('disclosure_id', '=', disclosureId)
    .execute();
  return rows.map((row) => row.screen_id);
}
