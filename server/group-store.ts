/** Screen groups, such as all 楼道 screens, which share a schedule. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from './db/schema.ts';
import { ApiError, notFound } from './errors.ts';

const screenIdsSchema = z.array(z.number().int().positive()).max(1000);

export const createGroupSchema = z.strictObject({
  name: z.string().trim().min(1, 'the group name is empty; name it, such as 楼道屏').max(50),
  screenIds: screenIdsSchema.default([]),
});

export const updateGroupSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'the group name is empty').max(50).optional(),
    screenIds: screenIdsSchema.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'nothing to change: send name or screenIds');

async function assertScreens(db: Kysely<Database>, ids: number[], field: string) {
  if (ids.length === 0) return;
  const rows = await db.selectFrom('screen').select('id').where('id', 'in', ids).execute();
  const known = new Set(rows.map((row) => row.id));
  const index = ids.findIndex((id) => !known.has(id));
  if (index >= 0) {
    throw new ApiError(
      400,
      'invalid_request',
      `invalid field "${field}[${index}]": screen ${ids[index]} does not exist`,
      `${field}[${index}]`,
    );
  }
}

async function assertNameFree(db: Kysely<Database>, name: string, exceptId?: number) {
  const clash = await db
    .selectFrom('screen_group')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  if (clash && clash.id !== exceptId) {
    throw new ApiError(
      409,
      'conflict',
      `a group named "${name}" already exists; choose another name`,
      'name',
    );
  }
}

export async function setGroupMembers(db: Kysely<Database>, groupId: number, screenIds: number[]) {
  await db.deleteFrom('screen_group_member').where('group_id', '=', groupId).execute();
  const unique = [...new Set(screenIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('screen_group_member')
    .values(unique.map((screenId) => ({ group_id: groupId, screen_id: screenId })))
    .execute();
}

/** Put a screen in exactly the given groups. */
export async function setScreenGroups(db: Kysely<Database>, screenId: number, groupIds: number[]) {
  const groups = groupIds.length
    ? await db.selectFrom('screen_group').select('id').where('id', 'in', groupIds).execute()
    : [];
  const known = new Set(groups.map((group) => group.id));
  const index = groupIds.findIndex((id) => !known.has(id));
  if (index >= 0) {
    throw new ApiError(
      400,
      'invalid_request',
      `invalid field "groupIds[${index}]": group ${groupIds[index]} does not exist`,
      `groupIds[${index}]`,
    );
  }
  await db.deleteFrom('screen_group_member').where('screen_id', '=', screenId).execute();
  if (groupIds.length === 0) return;
  await db
    .insertInto('screen_group_member')
    .values([...new Set(groupIds)].map((groupId) => ({ group_id: groupId, screen_id: screenId })))
    .execute();
}

export async function createGroup(
  db: Kysely<Database>,
  input: z.output<typeof createGroupSchema>,
  now: number,
) {
  await assertNameFree(db, input.name);
  await assertScreens(db, input.screenIds, 'screenIds');
  const row = await db
    .insertInto('screen_group')
    .values({ name: input.name, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setGroupMembers(db, row.id, input.screenIds);
  return row.id;
}

export async function updateGroup(
  db: Kysely<Database>,
  id: number,
  input: z.output<typeof updateGroupSchema>,
) {
  await requireGroup(db, id);
  if (input.name) {
    await assertNameFree(db, input.name, id);
    await db.updateTable('screen_group').set({ name: input.name }).where('id', '=', id).execute();
  }
  if (input.screenIds) {
    await assertScreens(db, input.screenIds, 'screenIds');
    await setGroupMembers(db, id, input.screenIds);
  }
}

export async function deleteGroup(db: Kysely<Database>, id: number) {
  await requireGroup(db, id);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('schedule_entry').where('group_id', '=', id).execute();
    await trx.deleteFrom('screen_group_member').where('group_id', '=', id).execute();
    await trx.deleteFrom('screen_group').where('id', '=', id).execute();
  });
}

export async function requireGroup(db: Kysely<Database>, id: number) {
  const group = await db
    .selectFrom('screen_group')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!group) throw notFound('group', id);
  return group;
}

export async function listGroups(db: Kysely<Database>) {
  const groups = await db.selectFrom('screen_group').selectAll().orderBy('id').execute();
  const members = await db.selectFrom('screen_group_member').selectAll().execute();
  return groups.map((group) => ({
    id: group.id,
    name: group.name,
    screenIds: members
      .filter((member) => member.group_id === group.id)
      .map((member) => member.screen_id),
  }));
}

export async function screensInGroup(db: Kysely<Database>, groupId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('screen_group_member')
    .select('screen_id')
    .where('group_id', '=', groupId)
    .execute();
  return rows.map((row) => row.screen_id);
}
