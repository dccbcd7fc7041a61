/** Committee settings kept as key/value text. */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';

export const SETTING_KEYS = ['office_hours', 'contact', 'address'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export async function getSettings(
  db: Kysely<Database>,
): Promise<Partial<Record<SettingKey, string>>> {
  const rows = await db.selectFrom('setting').selectAll().execute();
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

export async function putSettings(
  db: Kysely<Database>,
  values: Partial<Record<SettingKey, string>>,
  now: number,
): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    await db
      .insertInto('setting')
      .values({ key, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  }
}
