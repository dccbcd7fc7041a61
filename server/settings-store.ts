/** Committee settings kept as key/value text. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from './db/schema.ts';

export const SETTING_KEYS = [
  'office_hours',
  'contact',
  'address',
  'require_different_approver',
  'public_url',
  'promptly_days',
  'promptly_overrides',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** Check for an http(s) base address without a trailing slash, such as https://gongkai.example.org. */
function isPublicBaseUrl(value: string): boolean {
  if (!URL.canParse(value) || value.endsWith('/') || /[?#\s]/.test(value)) return false;
  const url = new URL(value);
  const http = url.protocol === 'http:' || url.protocol === 'https:';
  return http && !url.username && !url.password;
}

export const settingsInputSchema = z
  .strictObject({
    officeHours: z.string().trim().max(200).optional(),
    contact: z.string().trim().max(200).optional(),
    address: z.string().trim().max(200).optional(),
    requireDifferentApprover: z.boolean().optional(),
    /** Base address of the public pages that QR codes point to; "" clears it. */
    publicUrl: z
      .string()
      .trim()
      .max(300)
      .refine(
        (value) => value === '' || isPublicBaseUrl(value),
        'expected an http(s) address without a trailing slash, such as https://gongkai.example.org, or "" to clear it',
      )
      .optional(),
  })
  .refine(
    (value) => Object.keys(value).length > 0,
    'nothing to change: send officeHours, contact, address, requireDifferentApprover or publicUrl',
  );

export async function getSettings(
  db: Kysely<Database>,
): Promise<Partial<Record<SettingKey, string>>> {
  const rows = await db.selectFrom('setting').selectAll().execute();
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

/** Settings in the API shape. The approver must differ from the author unless turned off. */
export async function getCommitteeSettings(db: Kysely<Database>) {
  const settings = await getSettings(db);
  return {
    officeHours: settings.office_hours ?? '',
    contact: settings.contact ?? '',
    address: settings.address ?? '',
    requireDifferentApprover: settings.require_different_approver !== 'false',
    publicUrl: settings.public_url ?? '',
  };
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

export async function updateCommitteeSettings(
  db: Kysely<Database>,
  input: z.output<typeof settingsInputSchema>,
  now: number,
) {
  await putSettings(
    db,
    {
      office_hours: input.officeHours,
      contact: input.contact,
      address: input.address,
      require_different_approver:
        input.requireDifferentApprover === undefined
          ? undefined
          : String(input.requireDifferentApprover),
      public_url: input.publicUrl,
    },
    now,
  );
}
