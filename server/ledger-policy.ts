/**
 * How many working days 及时公开 (promptly) allows: a committee-wide number and per-item overrides,
 * kept in the settings table under `promptly_days` and `promptly_overrides`.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from './db/schema.ts';
import type { LedgerPolicy } from './ledger.ts';
import { getSettings, putSettings } from './settings-store.ts';

/** Five working days unless the committee decides otherwise: one working week. */
export const DEFAULT_PROMPTLY_DAYS = 5;

const days = z.number().int().min(0).max(60);

export const ledgerPolicySchema = z
  .strictObject({
    promptlyDays: days.optional(),
    /** Catalog item number -> working days; null removes an item's override. */
    promptlyOverrides: z
      .record(z.string().regex(/^\d+$/, 'expected a catalog item number'), days.nullable())
      .optional(),
  })
  .refine(
    (value) => Object.keys(value).length > 0,
    'nothing to change: send promptlyDays or promptlyOverrides',
  );

export async function getLedgerPolicy(db: Kysely<Database>): Promise<LedgerPolicy> {
  const settings = await getSettings(db);
  const overrides = JSON.parse(settings.promptly_overrides ?? '{}') as Record<string, number>;
  return {
    promptlyDays:
      settings.promptly_days === undefined ? DEFAULT_PROMPTLY_DAYS : Number(settings.promptly_days),
    promptlyOverrides: Object.fromEntries(
      Object.entries(overrides).map(([item, value]) => [Number(item), value]),
    ),
  };
}

export async function updateLedgerPolicy(
  db: Kysely<Database>,
  input: z.output<typeof ledgerPolicySchema>,
  now: number,
) {
  const current = await getLedgerPolicy(db);
  const overrides: Record<string, number> = Object.fromEntries(
    Object.entries(current.promptlyOverrides).map(([item, value]) => [item, value]),
  );
  for (const [item, value] of Object.entries(input.promptlyOverrides ?? {})) {
    if (value === null) delete overrides[item];
    else overrides[item] = value;
  }
  await putSettings(
    db,
    {
      promptly_days: input.promptlyDays === undefined ? undefined : String(input.promptlyDays),
      promptly_overrides: JSON.stringify(overrides),
    },
    now,
  );
}
