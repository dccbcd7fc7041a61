/**
 * What residents may read without signing in: the published version of each published disclosure,
 * and only while its 公示期 (display window) is running. A withdrawn disclosure, a draft, or a list
 * whose 公示期 is over is not public, so expired lists come off the public pages by themselves.
 * Names in personal lists are masked here, before any page renders them.
 */
import type { Kysely } from 'kysely';
import type { Body } from '../shared/content.ts';
import { maskPersonalData } from '../shared/list-privacy.ts';
import type { Database } from './db/schema.ts';
import { getSettings } from './settings-store.ts';

export interface PublicDisclosure {
  id: number;
  sample: boolean;
  version: number;
  title: string;
  category: string;
  matter: string;
  catalogItem: number;
  body: Body;
  images: { url: string; alt: string }[];
  /** YYYY-MM-DD, the day the information was formed or changed, if known. */
  formedOn: string | null;
  /** When the version was approved and went public, epoch ms. */
  publishedAt: number | null;
  displayUntil: number | null;
}

function publicQuery(db: Kysely<Database>, now: number) {
  return (
    db
      .selectFrom('disclosure')
      .innerJoin('disclosure_version', 'disclosure_version.id', 'disclosure.published_version_id')
      .innerJoin('catalog_item', 'catalog_item.id', 'disclosure.catalog_item_id')
      .select([
        'disclosure.id',
        'disclosure.sample',
        'disclosure_version.version',
        'disclosure_version.title',
        'disclosure_version.body',
        'disclosure_version.images',
        'disclosure_version.formed_on',
        'disclosure_version.reviewed_at',
        'disclosure_version.display_until',
        'catalog_item.number',
        'catalog_item.category',
        'catalog_item.matter_second',
      ])
      .where('disclosure.status', '=', 'published')
      // The window is half-open, as on the screens: [display_from, display_until).
      .where((eb) =>
        eb.or([
          eb('disclosure_version.display_from', 'is', null),
          eb('disclosure_version.display_from', '<=', now),
        ]),
      )
      .where((eb) =>
        eb.or([
          eb('disclosure_version.display_until', 'is', null),
          eb('disclosure_version.display_until', '>', now),
        ]),
      )
  );
}

type PublicRow = Awaited<ReturnType<ReturnType<typeof publicQuery>['executeTakeFirstOrThrow']>>;

function toPublic(row: PublicRow): PublicDisclosure {
  return {
    id: row.id,
    sample: row.sample === 1,
    version: row.version,
    title: row.title,
    category: row.category,
    matter: row.matter_second,
    catalogItem: row.number,
    body: maskPersonalData(JSON.parse(row.body) as Body),
    images: JSON.parse(row.images) as PublicDisclosure['images'],
    formedOn: row.formed_on,
    publishedAt: row.reviewed_at,
    displayUntil: row.display_until,
  };
}

/** List every disclosure public at `now`, in catalog order, then oldest first. */
export async function listPublicDisclosures(
  db: Kysely<Database>,
  now: number,
): Promise<PublicDisclosure[]> {
  const rows = await publicQuery(db, now)
    .orderBy('catalog_item.number')
    .orderBy('disclosure.id')
    .execute();
  return rows.map(toPublic);
}

/** Return one disclosure if it is public at `now`, else null. */
export async function getPublicDisclosure(
  db: Kysely<Database>,
  id: number,
  now: number,
): Promise<PublicDisclosure | null> {
  const row = await publicQuery(db, now).where('disclosure.id', '=', id).executeTakeFirst();
  return row ? toPublic(row) : null;
}

export async function committeeName(db: Kysely<Database>): Promise<string> {
  const committee = await db
    .selectFrom('committee')
    .select('name')
    .orderBy('id')
    .executeTakeFirst();
  return committee?.name ?? '居民委员会';
}

/** Return the `public_url` setting (no trailing slash), or null when it is not set. */
export async function publicBaseUrl(db: Kysely<Database>): Promise<string | null> {
  const settings = await getSettings(db);
  return settings.public_url || null;
}
