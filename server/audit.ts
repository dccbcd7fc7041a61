/** The audit log of staff actions: who did what to which subject, and when. */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import { formatInstant } from './api-time.ts';

export interface Actor {
  id: number | null;
  name: string;
}

export async function audit(
  db: Kysely<Database>,
  actor: Actor,
  action: string,
  subject: string,
  detail: Record<string, unknown> = {},
  now = Date.now(),
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: now,
      user_id: actor.id,
      user_name: actor.name,
      action,
      subject,
      detail: JSON.stringify(detail),
    })
    .execute();
}

export async function listAudit(db: Kysely<Database>, limit: number, offset: number) {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  const { total } = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return {
    total: Number(total),
    entries: rows.map((row) => ({
      id: row.id,
      at: formatInstant(row.at),
      userId: row.user_id,
      userName: row.user_name,
      action: row.action,
      subject: row.subject,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
    })),
  };
}
