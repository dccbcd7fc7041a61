/**
 * Schedules of screens and groups: ordered entries with seconds on screen, a display window,
 * dayparts and a priority. An entry shows one disclosure, or every current disclosure of a catalog
 * item or a category. A screen plays its own entries followed by those of its groups.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { daypartSchema, type Daypart } from '../shared/schedule-model.ts';
import { ApiError } from './errors.ts';
import type { Database } from './db/schema.ts';
import { formatInstant, instantSchema } from './api-time.ts';

export const MAX_SCHEDULE_ENTRIES = 200;

const targetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('disclosure'), disclosureId: z.number().int().positive() }),
  z.strictObject({ kind: z.literal('item'), catalogItem: z.number().int().positive() }),
  z.strictObject({ kind: z.literal('category'), category: z.string().trim().min(1).max(50) }),
]);

export type ScheduleTarget = z.output<typeof targetSchema>;

const entryInputSchema = z
  .strictObject({
    target: targetSchema.optional(),
    /** Shorthand for `target: {kind: 'disclosure', disclosureId}`. */
    disclosureId: z.number().int().positive().optional(),
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
    if (!entry.target && entry.disclosureId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['target'],
        message: 'missing target: name a disclosure, a catalog item or a category',
      });
    }
    if (entry.from !== null && entry.until !== null && entry.until <= entry.from) {
      ctx.addIssue({
        code: 'custom',
        path: ['until'],
        message: 'the window ends at or before it starts; set "until" after "from"',
      });
    }
  })
  .transform(({ disclosureId, target, ...entry }) => ({
    ...entry,
    target: target ?? ({ kind: 'disclosure', disclosureId: disclosureId! } as ScheduleTarget),
  }));

export const scheduleInputSchema = z.strictObject({
  entries: z.array(entryInputSchema).max(MAX_SCHEDULE_ENTRIES),
});

export type ScheduleInput = z.output<typeof scheduleInputSchema>;
export type ScheduleOwner = { screenId: number } | { groupId: number };

async function checkTargets(db: Kysely<Database>, input: ScheduleInput) {
  const disclosures = new Set(
    (await db.selectFrom('disclosure').select('id').execute()).map((row) => row.id),
  );
  const items = await db.selectFrom('catalog_item').select(['number', 'category']).execute();
  const numbers = new Set(items.map((item) => item.number));
  const categories = new Set(items.map((item) => item.category));

  input.entries.forEach((entry, index) => {
    const target = entry.target;
    const fail = (field: string, message: string) => {
      throw new ApiError(
        400,
        'invalid_request',
        `invalid field "entries[${index}].${field}": ${message}`,
        `entries[${index}].${field}`,
      );
    };
    if (target.kind === 'disclosure' && !disclosures.has(target.disclosureId)) {
      fail('target.disclosureId', `disclosure ${target.disclosureId} does not exist`);
    }
    if (target.kind === 'item' && !numbers.has(target.catalogItem)) {
      fail('target.catalogItem', `catalog item ${target.catalogItem} does not exist`);
    }
    if (target.kind === 'category' && !categories.has(target.category)) {
      fail(
        'target.category',
        `category "${target.category}" is not in the catalog; use one of ${[...categories].join('、')}`,
      );
    }
  });
}

const ownerFilter = (owner: ScheduleOwner) =>
  'screenId' in owner
    ? (['screen_id', owner.screenId] as const)
    : (['group_id', owner.groupId] as const);

/** Replace the schedule of a screen or a group in one transaction. */
export async function replaceSchedule(
  db: Kysely<Database>,
  owner: ScheduleOwner,
  input: ScheduleInput,
) {
  await checkTargets(db, input);
  const [column, id] = ownerFilter(owner);

  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('schedule_entry').where(column, '=', id).execute();
    if (input.entries.length === 0) return;

    await trx
      .insertInto('schedule_entry')
      .values(
        input.entries.map((entry, position) => ({
          screen_id: 'screenId' in owner ? owner.screenId : null,
          group_id: 'groupId' in owner ? owner.groupId : null,
          position,
          target_kind: entry.target.kind,
          disclosure_id: entry.target.kind === 'disclosure' ? entry.target.disclosureId : null,
          catalog_item_number: entry.target.kind === 'item' ? entry.target.catalogItem : null,
          category: entry.target.kind === 'category' ? entry.target.category : null,
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

export async function getScheduleRows(db: Kysely<Database>, owner: ScheduleOwner) {
  const [column, id] = ownerFilter(owner);
  return db
    .selectFrom('schedule_entry')
    .selectAll()
    .where(column, '=', id)
    .orderBy('position')
    .execute();
}

export function targetOf(row: {
  target_kind: 'disclosure' | 'item' | 'category';
  disclosure_id: number | null;
  catalog_item_number: number | null;
  category: string | null;
}): ScheduleTarget {
  switch (row.target_kind) {
    case 'disclosure':
      return { kind: 'disclosure', disclosureId: row.disclosure_id! };
    case 'item':
      return { kind: 'item', catalogItem: row.catalog_item_number! };
    case 'category':
      return { kind: 'category', category: row.category! };
  }
}

export async function getSchedule(db: Kysely<Database>, owner: ScheduleOwner) {
  const rows = await getScheduleRows(db, owner);
  return rows.map((row) => ({
    id: row.id,
    position: row.position,
    target: targetOf(row),
    disclosureId: row.disclosure_id,
    seconds: row.seconds,
    from: formatInstant(row.window_from),
    until: formatInstant(row.window_until),
    dayparts: JSON.parse(row.dayparts) as Daypart[],
    priority: row.priority,
  }));
}

/** Screens that may show a disclosure: the ones to push to when it changes. */
export async function screensShowing(
  db: Kysely<Database>,
  disclosureId: number,
): Promise<number[] | undefined> {
  const rows = await db
    .selectFrom('schedule_entry')
    .select(['screen_id', 'group_id', 'target_kind'])
    .where((eb) =>
      eb.or([eb('disclosure_id', '=', disclosureId), eb('target_kind', '!=', 'disclosure')]),
    )
    .execute();
  // Item and category entries may carry any disclosure, and groups span screens: refresh all.
  if (rows.some((row) => row.target_kind !== 'disclosure' || row.group_id !== null))
    return undefined;
  return [...new Set(rows.map((row) => row.screen_id!))];
}
