/**
 * Disclosures and their immutable versions. A version row is never updated: every edit writes a
 * new one, and publications refer to the version that was on screen.
 */
import crypto from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { bodyFromText, bodySchema, type Body } from '../shared/content.ts';
import { findSensitiveCell } from '../shared/list-privacy.ts';
import { imageRefSchema } from '../shared/protocol.ts';
import { isCalendarDate } from '../shared/shanghai-time.ts';
import { ApiError, notFound } from './errors.ts';
import type { Database, DisclosureVersionTable } from './db/schema.ts';
import { formatInstant, instantSchema } from './api-time.ts';

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

const displayWindowFields = {
  /** Start of the version's display window or 公示期; null or omitted is unbounded. */
  displayFrom: instantSchema.nullable().optional(),
  displayUntil: instantSchema.nullable().optional(),
};

function checkDisplayWindow(
  value: { displayFrom?: number | null; displayUntil?: number | null },
  ctx: z.RefinementCtx,
) {
  if (
    value.displayFrom != null &&
    value.displayUntil != null &&
    value.displayUntil <= value.displayFrom
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['displayUntil'],
      message:
        'the display window ends at or before it starts; set "displayUntil" after "displayFrom"',
    });
  }
}

export const createDisclosureSchema = z
  .strictObject({
    catalogItem: z.number().int().positive(),
    title: titleSchema,
    body: bodyInputSchema,
    images: z.array(imageRefSchema).max(20).default([]),
    formedOn: formedOnSchema.optional(),
    ...displayWindowFields,
  })
  .superRefine(checkDisplayWindow);

export const editDisclosureSchema = z
  .strictObject({
    title: titleSchema.optional(),
    body: bodyInputSchema.optional(),
    images: z.array(imageRefSchema).max(20).optional(),
    formedOn: formedOnSchema.optional(),
    ...displayWindowFields,
  })
  .superRefine(checkDisplayWindow)
  .refine(
    (value) => Object.keys(value).length > 0,
    'nothing to change: send title, body, images, formedOn, displayFrom or displayUntil',
  );

export const returnDisclosureSchema = z.strictObject({
  comment: z
    .string()
    .trim()
    .min(1, 'the comment is empty; say what the author must change')
    .max(2000),
});

export type CreateDisclosureInput = z.input<typeof createDisclosureSchema>;
export type EditDisclosureInput = z.input<typeof editDisclosureSchema>;

type VersionRow = Selectable<DisclosureVersionTable>;

interface VersionContent {
  title: string;
  body: Body;
  images: { url: string; alt: string }[];
  formedOn: string | null;
  displayFrom: number | null;
  displayUntil: number | null;
}

/** Turn plain text into blocks, and refuse personal lists that hold ID, phone or bank numbers. */
function normalizeBody(body: string | Body): Body {
  const blocks = typeof body === 'string' ? bodyFromText(body) : body;
  const sensitive = findSensitiveCell(blocks);
  if (sensitive) throw new ApiError(400, 'invalid_request', sensitive.message, sensitive.field);
  return blocks;
}

/** SHA-256 over the canonical JSON of what a screen shows, so evidence can name exact content. */
export function hashContent(
  content: Pick<VersionContent, 'title' | 'body' | 'images' | 'formedOn'> & { label: string },
): string {
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

function versionColumns(content: VersionContent, label: string) {
  return {
    title: content.title,
    body: JSON.stringify(content.body),
    images: JSON.stringify(content.images),
    formed_on: content.formedOn,
    display_from: content.displayFrom,
    display_until: content.displayUntil,
    content_hash: hashContent({ ...content, label }),
  };
}

async function insertVersion(
  db: Kysely<Database>,
  disclosureId: number,
  version: number,
  content: VersionContent,
  label: string,
  options: { now: number; authorId: number | null },
): Promise<number> {
  const row = await db
    .insertInto('disclosure_version')
    .values({
      disclosure_id: disclosureId,
      version,
      ...versionColumns(content, label),
      created_at: options.now,
      state: 'draft',
      author_id: options.authorId,
      reviewer_id: null,
      review_comment: null,
      reviewed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function createDisclosure(
  db: Kysely<Database>,
  input: z.output<typeof createDisclosureSchema>,
  options: { now: number; sample?: boolean; authorId?: number | null },
): Promise<number> {
  const item = await catalogItemByNumber(db, input.catalogItem);
  const authorId = options.authorId ?? null;

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
        author_id: authorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const content: VersionContent = {
      title: input.title,
      body: normalizeBody(input.body),
      images: input.images,
      formedOn: input.formedOn ?? null,
      displayFrom: input.displayFrom ?? null,
      displayUntil: input.displayUntil ?? null,
    };
    const versionId = await insertVersion(trx, disclosure.id, 1, content, catalogLabel(item), {
      now: options.now,
      authorId,
    });
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
    .innerJoin('disclosure_version', 'disclosure_version.id', 'disclosure.latest_version_id')
    .select([
      'disclosure.id',
      'disclosure.status',
      'disclosure.latest_version_id',
      'disclosure.published_version_id',
      'catalog_item.category',
      'catalog_item.matter_second',
      'disclosure_version.state as latest_state',
      'disclosure_version.author_id as latest_author_id',
    ])
    .where('disclosure.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('disclosure', id);
  return row;
}

const STATE_NAMES = {
  draft: 'a draft',
  submitted: 'in review',
  approved: 'approved',
  returned: 'returned',
};

function wrongState(id: number, state: keyof typeof STATE_NAMES, action: string, expected: string) {
  return new ApiError(
    409,
    'conflict',
    `disclosure ${id} is ${STATE_NAMES[state]}; only ${expected} can be ${action}`,
  );
}

/**
 * Change a disclosure's content. A version that was never approved (draft, returned or in review)
 * is changed in place and goes back to draft, because no screen has shown it. An approved version
 * is never changed: the edit becomes a new draft version, and the approved one stays on screen
 * until the new one is approved.
 */
export async function editDisclosure(
  db: Kysely<Database>,
  id: number,
  input: z.output<typeof editDisclosureSchema>,
  options: { now: number; userId: number | null },
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
      displayFrom: input.displayFrom === undefined ? latest.display_from : input.displayFrom,
      displayUntil: input.displayUntil === undefined ? latest.display_until : input.displayUntil,
    };
    const label = catalogLabel(disclosure);

    let versionId = latest.id;
    if (latest.state === 'approved') {
      versionId = await insertVersion(trx, id, latest.version + 1, content, label, {
        now: options.now,
        authorId: options.userId,
      });
    } else {
      await trx
        .updateTable('disclosure_version')
        .set({
          ...versionColumns(content, label),
          state: 'draft',
          author_id: options.userId ?? latest.author_id,
          reviewer_id: null,
          reviewed_at: null,
        })
        .where('id', '=', latest.id)
        .execute();
    }
    await trx
      .updateTable('disclosure')
      .set({ latest_version_id: versionId, updated_at: options.now })
      .where('id', '=', id)
      .execute();
  });
}

export async function submitDisclosure(db: Kysely<Database>, id: number, now: number) {
  const disclosure = await requireDisclosure(db, id);
  if (disclosure.latest_state !== 'draft' && disclosure.latest_state !== 'returned') {
    throw wrongState(id, disclosure.latest_state, 'submitted', 'a draft or a returned version');
  }
  await db
    .updateTable('disclosure_version')
    .set({ state: 'submitted' })
    .where('id', '=', disclosure.latest_version_id!)
    .execute();
  await db.updateTable('disclosure').set({ updated_at: now }).where('id', '=', id).execute();
}

/** Approve the version in review and put it on screen in place of the one before. */
export async function approveDisclosure(
  db: Kysely<Database>,
  id: number,
  reviewer: { id: number; requireDifferentApprover: boolean },
  now: number,
) {
  const disclosure = await requireDisclosure(db, id);
  if (disclosure.latest_state !== 'submitted') {
    throw wrongState(id, disclosure.latest_state, 'approved', 'a version in review');
  }
  if (reviewer.requireDifferentApprover && disclosure.latest_author_id === reviewer.id) {
    throw new ApiError(
      403,
      'same_person',
      'the committee requires the approver to be a different person from the author; ask another reviewer',
    );
  }
  await markApproved(db, disclosure.latest_version_id!, reviewer.id, now);
}

async function markApproved(
  db: Kysely<Database>,
  versionId: number,
  reviewerId: number | null,
  now: number,
) {
  await db.transaction().execute(async (trx) => {
    const version = await trx
      .updateTable('disclosure_version')
      .set({ state: 'approved', reviewer_id: reviewerId, reviewed_at: now, review_comment: null })
      .where('id', '=', versionId)
      .returning('disclosure_id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('disclosure')
      .set({ status: 'published', published_version_id: versionId, updated_at: now })
      .where('id', '=', version.disclosure_id)
      .execute();
  });
}

export async function returnDisclosure(
  db: Kysely<Database>,
  id: number,
  reviewer: { id: number; comment: string },
  now: number,
) {
  const disclosure = await requireDisclosure(db, id);
  if (disclosure.latest_state !== 'submitted') {
    throw wrongState(id, disclosure.latest_state, 'returned', 'a version in review');
  }
  await db
    .updateTable('disclosure_version')
    .set({
      state: 'returned',
      reviewer_id: reviewer.id,
      reviewed_at: now,
      review_comment: reviewer.comment,
    })
    .where('id', '=', disclosure.latest_version_id!)
    .execute();
  await db.updateTable('disclosure').set({ updated_at: now }).where('id', '=', id).execute();
}

/**
 * Publish the latest version without a separate review step: for administrators, samples and
 * emergency notices. A withdrawn disclosure whose latest version is approved goes back on screen.
 */
export async function publishDisclosure(
  db: Kysely<Database>,
  id: number,
  now: number,
  userId: number | null = null,
) {
  const disclosure = await requireDisclosure(db, id);
  await markApproved(db, disclosure.latest_version_id!, userId, now);
}

export async function withdrawDisclosure(db: Kysely<Database>, id: number, now: number) {
  const disclosure = await requireDisclosure(db, id);
  if (disclosure.status !== 'published') {
    throw new ApiError(
      409,
      'conflict',
      `disclosure ${id} is ${disclosure.status === 'draft' ? 'not published yet' : 'already withdrawn'}; only a published disclosure can be withdrawn`,
    );
  }
  await db
    .updateTable('disclosure')
    .set({ status: 'withdrawn', updated_at: now })
    .where('id', '=', id)
    .execute();
}

type VersionWithNames = VersionRow & { author_name: string | null; reviewer_name: string | null };

function versionToApi(row: VersionWithNames) {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    body: JSON.parse(row.body) as Body,
    images: JSON.parse(row.images) as { url: string; alt: string }[],
    formedOn: row.formed_on,
    displayFrom: formatInstant(row.display_from),
    displayUntil: formatInstant(row.display_until),
    contentHash: row.content_hash,
    createdAt: formatInstant(row.created_at),
    state: row.state,
    authorName: row.author_name,
    reviewerName: row.reviewer_name,
    reviewComment: row.review_comment,
    reviewedAt: formatInstant(row.reviewed_at),
  };
}

export type VersionView = ReturnType<typeof versionToApi>;

function versionsQuery(db: Kysely<Database>) {
  return db
    .selectFrom('disclosure_version')
    .leftJoin('user as author', 'author.id', 'disclosure_version.author_id')
    .leftJoin('user as reviewer', 'reviewer.id', 'disclosure_version.reviewer_id')
    .selectAll('disclosure_version')
    .select(['author.name as author_name', 'reviewer.name as reviewer_name']);
}

/** Disclosures in the API shape, newest first; `id` narrows to one. */
export async function listDisclosures(db: Kysely<Database>, id?: number) {
  let query = db
    .selectFrom('disclosure')
    .innerJoin('catalog_item', 'catalog_item.id', 'disclosure.catalog_item_id')
    .leftJoin('user', 'user.id', 'disclosure.author_id')
    .select([
      'disclosure.id',
      'disclosure.status',
      'disclosure.sample',
      'disclosure.latest_version_id',
      'disclosure.published_version_id',
      'disclosure.created_at',
      'disclosure.updated_at',
      'disclosure.author_id',
      'user.name as author_name',
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
    ? await versionsQuery(db).where('disclosure_version.id', 'in', versionIds).execute()
    : [];
  const byId = new Map(versions.map((version) => [version.id, versionToApi(version)]));

  return rows.map((row) => {
    const latest = byId.get(row.latest_version_id!)!;
    return {
      id: row.id,
      catalogItem: row.number,
      label: catalogLabel(row),
      status: row.status,
      sample: row.sample === 1,
      authorId: row.author_id,
      authorName: row.author_name,
      review: latest.state,
      reviewComment: latest.reviewComment,
      latest,
      published: row.published_version_id === null ? null : byId.get(row.published_version_id)!,
      pendingVersion: row.latest_version_id === row.published_version_id ? null : latest,
      createdAt: formatInstant(row.created_at),
      updatedAt: formatInstant(row.updated_at),
    };
  });
}

export async function getDisclosure(db: Kysely<Database>, id: number) {
  const [disclosure] = await listDisclosures(db, id);
  if (!disclosure) throw notFound('disclosure', id);

  const versions = await versionsQuery(db)
    .where('disclosure_version.disclosure_id', '=', id)
    .orderBy('disclosure_version.version', 'desc')
    .execute();
  return { ...disclosure, versions: versions.map(versionToApi) };
}
