/**
 * Staff records of publication on channels that are not screens: the date, who recorded it, and
 * evidence (a link or a photo). Screens need no record: their publication log is the evidence.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { isCalendarDate } from '../shared/shanghai-time.ts';
import type { Database } from './db/schema.ts';
import { ApiError, notFound } from './errors.ts';
import { formatInstant } from './api-time.ts';

export const channelRecordSchema = z
  .strictObject({
    disclosureId: z.number().int().positive(),
    channel: z.string().min(1).max(50),
    publishedOn: z.string().refine(isCalendarDate, 'expected a calendar date as YYYY-MM-DD'),
    evidenceUrl: z
      .string()
      .trim()
      .max(2000)
      .refine(
        (value) => /^https?:\/\//i.test(value),
        'expected a link that starts with http:// or https://',
      )
      .nullable()
      .default(null),
    evidenceImageId: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'expected the id of an uploaded image')
      .nullable()
      .default(null),
    note: z.string().trim().max(500).default(''),
  })
  .refine((value) => value.evidenceUrl !== null || value.evidenceImageId !== null, {
    message: 'missing evidence: give a link (evidenceUrl) or an uploaded photo (evidenceImageId)',
    path: ['evidenceUrl'],
  });

export async function addChannelRecord(
  db: Kysely<Database>,
  input: z.output<typeof channelRecordSchema>,
  user: { id: number; name: string },
  now: number,
) {
  const disclosure = await db
    .selectFrom('disclosure')
    .innerJoin('catalog_item', 'catalog_item.id', 'disclosure.catalog_item_id')
    .select(['disclosure.id', 'catalog_item.channels', 'catalog_item.number'])
    .where('disclosure.id', '=', input.disclosureId)
    .executeTakeFirst();
  if (!disclosure) throw notFound('disclosure', input.disclosureId);

  const channels = JSON.parse(disclosure.channels) as string[];
  if (!channels.includes(input.channel)) {
    throw new ApiError(
      400,
      'invalid_request',
      `invalid field "channel": catalog item ${disclosure.number} is not published on "${input.channel}"; use one of ${channels.join(', ')}`,
      'channel',
    );
  }
  if (input.evidenceImageId) {
    const image = await db
      .selectFrom('image')
      .select('id')
      .where('id', '=', input.evidenceImageId)
      .executeTakeFirst();
    if (!image)
      throw new ApiError(
        400,
        'invalid_request',
        'invalid field "evidenceImageId": no such image; upload the photo first',
        'evidenceImageId',
      );
  }

  const row = await db
    .insertInto('channel_record')
    .values({
      disclosure_id: input.disclosureId,
      channel: input.channel,
      published_on: input.publishedOn,
      recorded_by: user.id,
      recorded_by_name: user.name,
      evidence_url: input.evidenceUrl,
      evidence_image_id: input.evidenceImageId,
      note: input.note,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listChannelRecords(db: Kysely<Database>, disclosureId?: number) {
  let query = db.selectFrom('channel_record').selectAll().orderBy('published_on').orderBy('id');
  if (disclosureId !== undefined) query = query.where('disclosure_id', '=', disclosureId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    disclosureId: row.disclosure_id,
    channel: row.channel,
    publishedOn: row.published_on,
    recordedBy: row.recorded_by_name,
    evidenceUrl: row.evidence_url,
    evidenceImageUrl: row.evidence_image_id ? `/media/${row.evidence_image_id}` : null,
    note: row.note,
    createdAt: formatInstant(row.created_at),
  }));
}
