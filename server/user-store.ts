/** Staff accounts and their sessions. */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, Role } from './db/schema.ts';
import { ApiError, notFound } from './errors.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';
import { hashToken } from './tokens.ts';
import { formatInstant } from './api-time.ts';

export const ROLES = ['admin', 'editor', 'reviewer'] as const satisfies readonly Role[];
export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  editor: '编辑',
  reviewer: '审核',
};

/** Sessions last 12 hours: one working day, so a console left open overnight logs out. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `the password is shorter than ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, 'the password is longer than 200 characters');

export const userNameSchema = z
  .string()
  .trim()
  .min(1, 'the user name is empty')
  .max(50, 'the user name is longer than 50 characters');

export const createUserSchema = z.strictObject({
  name: userNameSchema,
  role: z.enum(ROLES),
  password: passwordSchema,
});

export const updateUserSchema = z
  .strictObject({
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
    password: passwordSchema.optional(),
  })
  .refine(
    (value) => Object.keys(value).length > 0,
    'nothing to change: send role, disabled or password',
  );

export interface StaffUser {
  id: number;
  name: string;
  role: Role;
}

function toApi(row: {
  id: number;
  name: string;
  role: Role;
  created_at: number;
  disabled_at: number | null;
}) {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: formatInstant(row.created_at),
    disabled: row.disabled_at !== null,
  };
}

export async function createUser(
  db: Kysely<Database>,
  input: z.output<typeof createUserSchema>,
  now: number,
) {
  const existing = await db
    .selectFrom('user')
    .select('id')
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (existing) {
    throw new ApiError(
      409,
      'conflict',
      `a user named "${input.name}" already exists; choose another name`,
      'name',
    );
  }
  const row = await db
    .insertInto('user')
    .values({
      name: input.name,
      role: input.role,
      password_hash: await hashPassword(input.password),
      created_at: now,
      disabled_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toApi(row);
}

export async function updateUser(
  db: Kysely<Database>,
  id: number,
  input: z.output<typeof updateUserSchema>,
  now: number,
) {
  const user = await db.selectFrom('user').selectAll().where('id', '=', id).executeTakeFirst();
  if (!user) throw notFound('user', id);
  await db
    .updateTable('user')
    .set({
      ...(input.role ? { role: input.role } : {}),
      ...(input.disabled === undefined ? {} : { disabled_at: input.disabled ? now : null }),
      ...(input.password ? { password_hash: await hashPassword(input.password) } : {}),
    })
    .where('id', '=', id)
    .execute();
  // A disabled user, a new role or a new password ends every open session of that user.
  await db.deleteFrom('session').where('user_id', '=', id).execute();
  const updated = await db
    .selectFrom('user')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return toApi(updated);
}

export async function listUsers(db: Kysely<Database>) {
  const rows = await db.selectFrom('user').selectAll().orderBy('id').execute();
  return rows.map(toApi);
}

export async function createSession(
  db: Kysely<Database>,
  userId: number,
  now: number,
): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await db
    .insertInto('session')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      created_at: now,
      expires_at: now + SESSION_TTL_MS,
    })
    .execute();
  await db.deleteFrom('session').where('expires_at', '<=', now).execute();
  return token;
}

export async function userForSession(db: Kysely<Database>, token: string | undefined, now: number) {
  if (!token) return undefined;
  return db
    .selectFrom('session')
    .innerJoin('user', 'user.id', 'session.user_id')
    .select(['user.id', 'user.name', 'user.role'])
    .where('session.token_hash', '=', hashToken(token))
    .where('session.expires_at', '>', now)
    .where('user.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function deleteSession(db: Kysely<Database>, token: string) {
  await db.deleteFrom('session').where('token_hash', '=', hashToken(token)).execute();
}
