/** Screens: creation with a one-time token, lookup by token, and each screen's live state. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ApiError, notFound } from './errors.ts';
import type { Database } from './db/schema.ts';
import { generateScreenToken, hashToken } from './tokens.ts';
import { formatInstant } from './api-time.ts';

/** Channels a screen can serve; they match catalog channel keys. */
export const SCREEN_CHANNELS = ['e-screen', 'stairwell', 'notice-board'] as const;

export const createScreenSchema = z.strictObject({
  name: z.string().trim().min(1, 'the screen name is empty; name it, such as 大厅电子屏').max(100),
  location: z.string().trim().max(200).default(''),
  orientation: z.enum(['landscape', 'portrait']).default('landscape'),
  channel: z.enum(SCREEN_CHANNELS).default('e-screen'),
});

export const updateScreenSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'the screen name is empty').max(100).optional(),
    location: z.string().trim().max(200).optional(),
    orientation: z.enum(['landscape', 'portrait']).optional(),
    channel: z.enum(SCREEN_CHANNELS).optional(),
    groupIds: z.array(z.number().int().positive()).max(100).optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'nothing to change');

export const pairScreenSchema = createScreenSchema.extend({
  code: z.string().regex(/^\d{6}$/, 'expected the six digits shown on the screen'),
  groupIds: z.array(z.number().int().positive()).max(100).default([]),
});

export async function createScreen(
  db: Kysely<Database>,
  input: z.output<typeof createScreenSchema>,
  now: number,
): Promise<{ id: number; token: string }> {
  const token = generateScreenToken();
  const row = await db
    .insertInto('screen')
    .values({
      name: input.name,
      location: input.location,
      orientation: input.orientation,
      channel: input.channel,
      token_hash: hashToken(token),
      created_at: now,
      revoked_at: null,
      last_contact_at: null,
      current_disclosure_id: null,
      current_version_id: null,
      display_version: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

/** Replace a screen's token: the old one stops working, and the new one is returned once. */
export async function rotateScreenToken(db: Kysely<Database>, id: number): Promise<string> {
  const token = generateScreenToken();
  const result = await db
    .updateTable('screen')
    .set({ token_hash: hashToken(token) })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound('screen', id);
  return token;
}

/** Look up the screen a token belongs to; undefined for a missing, unknown or revoked token. */
export async function screenByToken(db: Kysely<Database>, token: string | null | undefined) {
  if (!token) return undefined;
  return db
    .selectFrom('screen')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function requireScreen(db: Kysely<Database>, id: number) {
  const screen = await db
    .selectFrom('screen')
    .selectAll()
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!screen) throw notFound('screen', id);
  return screen;
}

export async function revokeScreen(db: Kysely<Database>, id: number, now: number) {
  const result = await db
    .updateTable('screen')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound('screen', id);
}

export async function updateScreen(
  db: Kysely<Database>,
  id: number,
  input: Omit<z.output<typeof updateScreenSchema>, 'groupIds'>,
) {
  if (Object.keys(input).length === 0) return;
  await db.updateTable('screen').set(input).where('id', '=', id).execute();
}

export async function listScreens(db: Kysely<Database>, isOnline: (id: number) => boolean) {
  const members = await db.selectFrom('screen_group_member').selectAll().execute();
  const rows = await db
    .selectFrom('screen')
    .leftJoin('disclosure_version', 'disclosure_version.id', 'screen.current_version_id')
    .selectAll('screen')
    .select('disclosure_version.title as current_title')
    .where('screen.revoked_at', 'is', null)
    .orderBy('screen.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    location: row.location,
    orientation: row.orientation,
    channel: row.channel,
    createdAt: formatInstant(row.created_at),
    online: isOnline(row.id),
    lastContactAt: formatInstant(row.last_contact_at),
    displayVersion: row.display_version,
    groupIds: members
      .filter((member) => member.screen_id === row.id)
      .map((member) => member.group_id),
    revoked: false,
    current:
      row.current_version_id === null
        ? null
        : {
            disclosureId: row.current_disclosure_id,
            versionId: row.current_version_id,
            title: row.current_title,
          },
  }));
}

export async function recordDisplayVersion(
  db: Kysely<Database>,
  id: number,
  version: string | null,
) {
  await db.updateTable('screen').set({ display_version: version }).where('id', '=', id).execute();
}

/** Log the start of a connection, for coverage reports that tell offline days apart. */
export async function recordConnection(
  db: Kysely<Database>,
  screenId: number,
  now: number,
): Promise<number> {
  const row = await db
    .insertInto('screen_connection')
    .values({ screen_id: screenId, connected_at: now, disconnected_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function recordDisconnection(db: Kysely<Database>, rowId: number, now: number) {
  await db
    .updateTable('screen_connection')
    .set({ disconnected_at: now })
    .where('id', '=', rowId)
    .execute();
}

/**
 * Close the connections a killed server left open, at the screen's last contact: the best known
 * end, since nothing was heard from the screen after it.
 */
export async function closeDanglingConnections(db: Kysely<Database>) {
  await db
    .updateTable('screen_connection')
    .set((eb) => ({
      disconnected_at: eb
        .selectFrom('screen')
        .select('screen.last_contact_at')
        .whereRef('screen.id', '=', 'screen_connection.screen_id'),
    }))
    .where('disconnected_at', 'is', null)
    .execute();
  await db
    .updateTable('screen_connection')
    .set((eb) => ({ disconnected_at: eb.ref('connected_at') }))
    .where('disconnected_at', 'is', null)
    .execute();
}

export async function recordContact(db: Kysely<Database>, id: number, now: number) {
  await db.updateTable('screen').set({ last_contact_at: now }).where('id', '=', id).execute();
}

export async function recordNowShowing(
  db: Kysely<Database>,
  id: number,
  current: { disclosureId: number | null; versionId: number | null },
) {
  await db
    .updateTable('screen')
    .set({ current_disclosure_id: current.disclosureId, current_version_id: current.versionId })
    .where('id', '=', id)
    .execute();
}

export function assertScreenId(value: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new ApiError(
      400,
      'invalid_request',
      `invalid screen id "${value}": expected a positive integer`,
      'id',
    );
  }
  return id;
}
