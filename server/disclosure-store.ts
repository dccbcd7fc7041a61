/**
 * Disclosures and their immutable versions. A version row is never updated: every edit writes a
 * new one, and publications refer to the version that was on screen.
 */
import crypto from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { bodyFromText, bodySchema, type Body } from '../shared/content.ts';
import { imageRefSchema } from '../shared/protocol.ts';
import { isCalendarDate } from '../shared/shanghai-time.ts';
import { ApiError, notFound } from './errors.ts';
import type { Database, DisclosureVersionTable } from './db/schema.ts';
import { formatInstant } from './api-time.ts';

export const MAX_TITLE_LENGTH = 200;

const titleSchema = z
  .string()
  .trim()
  .min(1, 'the title is empty; write a title such as 2026年冬季文化活动安排')
  .max(MAX_TITLE_LENGTH, `the title is longer than ${MAX_TITLE_LENGTH} characters`);

/** Plain text (blank lines separate paragraphs) or structured blocks. */
const bodyInputSchema = z.union([
  z.string().max(20_000, 'the body is longer than 20000 characters'),
  bodySchema,
]);

const formedOnSchema = z
  .string()
  .refine(isCalendarDate, 'expected a calendar date as YYYY-MM-DD, such as 2026-12-04')
  .nullable();

export const createDisclosureSchema = z.object({
  catalogItem: z.number().int().positive(),
  title: titleSchema,
  body: bodyInputSchema,
  images: z.array(imageRefSchema).max(20).default([]),
  formedOn: formedOnSchema.optional(),
});

export const editDisclosureSchema = z
  .object({
    title: titleSchema.optional(),
    body: bodyInputSchema.optional(),
    images: z.array(imageRefSchema).max(20).optional(),
    formedOn: formedOnSchema.optional(),
  })
  .refine(
    (value) => Object.keys(value).length > 0,
    'nothing to change: send title, body, images or formedOn',
  );

export type CreateDisclosureInput = z.input<typeof createDisclosureSchema>;
export type EditDisclosureInput = z.input<typeof editDisclosureSchema>;

type VersionRow = Selectable<DisclosureVersionTable>;

interface VersionContent {
  title: string;
  body: Body;
  images: { url: string; alt: string }[];
  formedOn: string | null;
}

function normalizeBody(body: string | Body): Body {
  return typeof body === 'string' ? bodyFromText(body) : body;
}

/** SHA-256 over the canonical JSON of what a screen shows, so evidence can name exact content. */
export function hashContent(content: VersionContent & { label: string }): string {
  const canonical = JSON.stringify([
    content.label,
    content.title,
    content.body,
    content.images,
    content.formedOn,
  ]);
  return crypto.createHash('sha256').update(canonical, 'utf8').digest('hex');
}

async function catalogItemByNumber(db: Kysely<Database>, number: number) {
  const item = await db
    .selectFrom('catalog_item')
    .selectAll()
    .where('number', '=', number)
    .orderBy('committee_id')
    .executeTakeFirst();
  if (!item) {
    throw new ApiError(
      400,
      'invalid_request',
      `catalog item ${number} does not exist; use an item number from GET /api/catalog`,
      'catalogItem',
    );
  }
  return item;
}

export function catalogLabel(item: { category: string; matter_second: string }): string {
  return `${item.category} · ${item.matter_second}`;
}

async function insertVersion(
  db: Kysely<Database>,
  disclosureId: number,
  version: number,
  content: VersionContent,
  label: string,
  now: number,
): Promise<number> {
  const row = await db
    .insertInto('disclosure_version')
    .values({
      disclosure_id: disclosureId,
      version,
      title: content.title,
      body: JSON.stringify(content.body),
      images: JSON.stringify(content.images),
      formed_on: content.formedOn,
      content_hash: hashContent({ ...content, label }),
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function createDisclosure(
  db: Kysely<Database>,
  input: z.output<typeof createDisclosureSchema>,
  options: { now: number; sample?: boolean },
): Promise<number> {
  const item = await catalogItemByNumber(db, input.catalogItem);

  return db.transaction().execute(async (trx) => {
    const disclosure = await trx
      .insertInto('disclosure')
      .values({
        catalog_item_id: item.id,
        status: 'draft',
        published_version_id: null,
        latest_version_id: null,
        sample: options.sample ? 1 : 0,
        created_at: options.now,
        updated_at: options.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const content: VersionContent = {
      title: input.title,
      body: normalizeBody(input.body),
      images: input.images,
      formedOn: input.formedOn ?? null,
    };
    const versionId = await insertVersion(
      trx,
      disclosure.id,
      1,
      content,
      catalogLabel(item),
      options.now,
    );
    await trx
      .updateTable('disclosure')
      .set({ latest_version_id: versionId })
      .where('id', '=', disclosure.id)
      .execute();
    return disclosure.id;
  });
}

async function requireDisclosure(db: Kysely<Database>, id: number) {
  const row = await db
    .selectFrom('disclosure')
    .innerJoin('catalog_item', 'catalog_item.id', 'disclosure.catalog_item_id')
    .select([
      'disclosure.id',
      'disclosure.status',
      'disclosure.latest_version_id',
      'disclosure.published_version_id',
      'catalog_item.category',
      'catalog_item.matter_second',
    ])
    .where('disclosure.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('disclosure', id);
  return row;
}

/**
 * Write a new version. While the disclosure is published, the new version goes on screen at once.
 * NOTE: there is no review step yet, so an edit of a published disclosure is published directly.
 */
export async function editDisclosure(
  db: Kysely<Database>,
  id: number,
  input: z.output<typeof editDisclosureSchema>,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const disclosure = await requireDisclosure(trx, id);
    const latest = await trx
      .selectFrom('disclosure_version')
      .selectAll()
      .where('id', '=', disclosure.latest_version_id!)
      .executeTakeFirstOrThrow();

    const content: VersionContent = {
      title: input.title ?? latest.title,
      body:
        input.body === undefined ? (JSON.parse(latest.body) as Body) : normalizeBody(input.body),
      images: input.images ?? JSON.parse(latest.images),
      formedOn: input.formedOn === undefined ? latest.formed_on : input.formedOn,
    };
    const versionId = await insertVersion(
      trx,
      id,
      latest.version + 1,
      content,
      catalogLabel(disclosure),
      now,
    );
    await trx
      .updateTable('disclosure')
      .set({
        latest_version_id: versionId,
        updated_at: now,
        ...(disclosure.status === 'published' ? { published_version_id: versionId } : {}),
      })
      .where('id', '=', id)
      .execute();
  });
}

export async function publishDisclosure(db: Kysely<Database>, id: number, now: number) {
  const disclosure = await requireDisclosure(db, id);
  await db
    .updateTable('disclosure')
    .set({
      status: 'published',
      published_version_id: disclosure.latest_version_id,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function withdrawDisclosure(db: Kysely<Database>, id: number, now: number) {
  const disclosure = await requireDisclosure(db, id);
  if (disclosure.status !== 'published') {
    throw new ApiError(
      409,
      'conflict',
      `disclosure ${id} is ${disclosure.status === 'draft' ? 'a draft' : 'already withdrawn'}; only a published disclosure can be withdrawn`,
    );
  }
  await db
    .updateTable('disclosure')
    .set({ status: 'withdrawn', updated_at: now })
    .where('id', '=', id)
    .execute();
}

function versionToApi(row: VersionRow) {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    body: JSON.parse(row.body) as Body,
    images: JSON.parse(row.images) as { url: string; alt: string }[],
    formedOn: row.formed_on,
    contentHash: row.content_hash,
    createdAt: formatInstant(row.created_at),
  };
}

export type VersionView = ReturnType<typeof versionToApi>;

/** Disclosures in the API shape, newest first; `id` narrows to one. */
export async function listDisclosures(db: Kysely<Database>, id?: number) {
  let query = db
    .selectFrom('disclosure')
    .innerJoin('catalog_item', 'catalog_item.id', 'disclosure.catalog_item_id')
    .select([
      'disclosure.id',
      'disclosure.status',
      'disclosure.sample',
      'disclosure.latest_version_id',
      'disclosure.published_version_id',
      'disclosure.created_at',
      'disclosure.updated_at',
      'catalog_item.number',
      'catalog_item.category',
      'catalog_item.matter_second',
    ])
    .orderBy('disclosure.id', 'desc');
  if (id !== undefined) query = query.where('disclosure.id', '=', id);
  const rows = await query.execute();

  const versionIds = rows.flatMap((row) =>
    [row.latest_version_id, row.published_version_id].filter((v): v is number => v !== null),
  );
  const versions = versionIds.length
    ? await db.selectFrom('disclosure_version').selectAll().where('id', 'in', versionIds).execute()
    : [];
  const byId = new Map(versions.map((version) => [version.id, versionToApi(version)]));

  return rows.map((row) => ({
    id: row.id,
    catalogItem: row.number,
    label: catalogLabel(row),
    status: row.status,
    sample: row.sample === 1,
    latest: byId.get(row.latest_version_id!)!,
    published: row.published_version_id === null ? null : byId.get(row.published_version_id)!,
    createdAt: formatInstant(row.created_at),
    updatedAt: formatInstant(row.updated_at),
  }));
}

export async function getDisclosure(db: Kysely<Database>, id: number) {
  const [disclosure] = await listDisclosures(db, id);
  if (!disclosure) throw notFound('disclosure', id);

  const versions = await db
    .selectFrom('disclosure_version')
    .selectAll()
    .where('disclosure_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
  return { ...disclosure, versions: versions.map(versionToApi) };
}
