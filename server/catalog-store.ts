/**
 * Catalog persistence: loads a catalog file into the `committee` and `catalog_item` tables and
 * reads it back in the file's shape for the API. Loading is an upsert keyed by committee key and
 * item number, so loading the same file twice writes nothing the second time.
 */
import fs from 'node:fs';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import {
  CatalogError,
  catalogItemSchema,
  channelSchema,
  committeeSchema,
  parseCatalog,
  type Catalog,
  type CatalogItem,
  type Channel,
  type Committee,
} from '../shared/catalog-schema.ts';
import type { CatalogItemTable, CommitteeTable, Database } from './db/schema.ts';

export interface LoadCatalogResult {
  committeeId: number;
  committee: 'inserted' | 'updated' | 'unchanged';
  /** Counts of catalog items by what the load did to their rows. */
  inserted: number;
  updated: number;
  unchanged: number;
  /**
   * Numbers of items in the database that the file does not list. Their rows are kept because
   * disclosures may refer to them.
   */
  missingFromFile: number[];
}

/** A catalog item as the API returns it: the file's fields plus the row id. */
export type CatalogItemView = CatalogItem & { id: number };

export interface CatalogView {
  committee: Committee;
  title: string;
  channels: Channel[];
  items: CatalogItemView[];
}

/** A catalog file that cannot be read or is not valid JSON. */
export class CatalogFileError extends Error {
  override name = 'CatalogFileError';

  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

type ItemColumns = Omit<Selectable<CatalogItemTable>, 'id' | 'committee_id' | 'number'>;
type CommitteeColumns = Omit<Selectable<CommitteeTable>, 'id' | 'key' | 'imported_at'>;

/**
 * Validates `catalog` and upserts its committee and items in one transaction. An invalid catalog
 * throws a `CatalogError` before anything is written. `imported_at` is set to `now` (epoch ms)
 * only when a row was inserted or changed.
 */
export async function loadCatalog(
  db: Kysely<Database>,
  catalog: Catalog,
  now = Date.now(),
): Promise<LoadCatalogResult> {
  const valid = parseCatalog(catalog);

  return db.transaction().execute(async (trx) => {
    const { committeeId, outcome } = await upsertCommittee(trx, valid, now);
    const result: LoadCatalogResult = {
      committeeId,
      committee: outcome,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      missingFromFile: [],
    };

    const existing = await trx
      .selectFrom('catalog_item')
      .selectAll()
      .where('committee_id', '=', committeeId)
      .orderBy('number')
      .execute();
    const existingByNumber = new Map(existing.map((row) => [row.number, row]));

    for (const item of valid.items) {
      const itemOutcome = await upsertItem(
        trx,
        committeeId,
        item,
        existingByNumber.get(item.number),
      );
      result[itemOutcome] += 1;
    }

    const fileNumbers = new Set(valid.items.map((item) => item.number));
    result.missingFromFile = existing
      .map((row) => row.number)
      .filter((number) => !fileNumbers.has(number));

    if (outcome === 'unchanged' && (result.inserted > 0 || result.updated > 0)) {
      await trx
        .updateTable('committee')
        .set({ imported_at: now })
        .where('id', '=', committeeId)
        .execute();
    }

    return result;
  });
}

async function upsertCommittee(
  trx: Transaction<Database>,
  catalog: Catalog,
  now: number,
): Promise<{ committeeId: number; outcome: LoadCatalogResult['committee'] }> {
  const columns = committeeColumns(catalog);
  const existing = await trx
    .selectFrom('committee')
    .selectAll()
    .where('key', '=', catalog.committee.key)
    .executeTakeFirst();

  if (!existing) {
    const inserted = await trx
      .insertInto('committee')
      .values({ key: catalog.committee.key, ...columns, imported_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { committeeId: inserted.id, outcome: 'inserted' };
  }

  if (sameColumns(existing, columns)) return { committeeId: existing.id, outcome: 'unchanged' };

  await trx
    .updateTable('committee')
    .set({ ...columns, imported_at: now })
    .where('id', '=', existing.id)
    .execute();
  return { committeeId: existing.id, outcome: 'updated' };
}

async function upsertItem(
  trx: Transaction<Database>,
  committeeId: number,
  item: CatalogItem,
  existing: Selectable<CatalogItemTable> | undefined,
): Promise<'inserted' | 'updated' | 'unchanged'> {
  const columns = itemColumns(item);

  // NOTE: an updated item keeps its row id, so disclosures filed under it follow the new text.
  // Renumbering items in the file therefore moves existing disclosures to other matters.
  if (!existing) {
    await trx
      .insertInto('catalog_item')
      .values({ committee_id: committeeId, number: item.number, ...columns })
      .execute();
    return 'inserted';
  }

  if (sameColumns(existing, columns)) return 'unchanged';

  await trx.updateTable('catalog_item').set(columns).where('id', '=', existing.id).execute();
  return 'updated';
}

// JSON columns are compared as text. parseCatalog returns objects with keys in schema order, so
// the same catalog always serializes to the same text whatever the key order in the file.
function committeeColumns(catalog: Catalog): CommitteeColumns {
  const { town, district, city } = catalog.committee;
  return {
    name: catalog.committee.name,
    details: JSON.stringify({ town, district, city }),
    catalog_title: catalog.title,
    channels: JSON.stringify(catalog.channels),
  };
}

function itemColumns(item: CatalogItem): ItemColumns {
  return {
    category: item.category,
    matter_first: item.matterFirst,
    matter_second: item.matterSecond,
    elements: JSON.stringify(item.elements),
    basis: item.basis,
    time_limit: JSON.stringify(item.timeLimit),
    subject: item.subject,
    channels: JSON.stringify(item.channels),
  };
}

function sameColumns<T extends object>(row: T, columns: Partial<T>): boolean {
  return Object.entries(columns).every(([name, value]) => row[name as keyof T] === value);
}

/**
 * Reads and validates a catalog file. Throws `CatalogFileError` when the file cannot be read or
 * is not JSON (with line and column), and `CatalogError` naming the file when it is invalid.
 */
export function readCatalogFile(file: string): Catalog {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CatalogFileError(
      `failed to read catalog file "${file}": ${(error as Error).message}`,
      file,
    );
  }

  const json = parseJson(file, text.replace(/^\uFEFF/, ''));
  try {
    return parseCatalog(json);
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    throw new CatalogError(
      `catalog file "${file}": ${error.message}`,
      error.field,
      error.itemNumber,
    );
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    // V8 in Node 20 reports "... in JSON at position N". A message without a position (such as
    // "Unexpected end of JSON input") is placed at the end of the text.
    const position = Number(/at position (\d+)/.exec(message)?.[1] ?? text.length);
    const before = text.slice(0, position).split('\n');
    const line = before.length;
    const column = (before.at(-1)?.length ?? 0) + 1;
    const reason = message.replace(/ in JSON at position \d+.*$/, '');
    throw new CatalogFileError(
      `invalid JSON in catalog file "${file}" at line ${line}, column ${column}: ${reason}. ` +
        'Fix the syntax there',
      file,
      line,
      column,
    );
  }
}

/**
 * Returns the catalog of the committee with `committeeKey`, or of the only committee when no key
 * is given, with items in number order. Returns null when there is no such committee.
 */
export async function getCatalog(
  db: Kysely<Database>,
  committeeKey?: string,
): Promise<CatalogView | null> {
  const committee = await findCommittee(db, committeeKey);
  if (!committee) return null;

  const rows = await db
    .selectFrom('catalog_item')
    .selectAll()
    .where('committee_id', '=', committee.id)
    .orderBy('number')
    .execute();

  const details = readJsonColumn(
    committeeSchema.pick({ town: true, district: true, city: true }),
    committee.details,
    `committee ${committee.id} details`,
  );

  return {
    committee: { key: committee.key, name: committee.name, ...details },
    title: committee.catalog_title,
    channels: readJsonColumn(
      z.array(channelSchema),
      committee.channels,
      `committee ${committee.id} channels`,
    ),
    items: rows.map(itemView),
  };
}

async function findCommittee(
  db: Kysely<Database>,
  committeeKey: string | undefined,
): Promise<Selectable<CommitteeTable> | undefined> {
  if (committeeKey !== undefined) {
    return db
      .selectFrom('committee')
      .selectAll()
      .where('key', '=', committeeKey)
      .executeTakeFirst();
  }

  const committees = await db.selectFrom('committee').selectAll().orderBy('id').limit(2).execute();
  if (committees.length > 1) {
    throw new Error('several committees are loaded. Pass the committee key to getCatalog');
  }
  return committees[0];
}

function itemView(row: Selectable<CatalogItemTable>): CatalogItemView {
  const where = `catalog_item ${row.id}`;
  const shape = catalogItemSchema.shape;

  return {
    id: row.id,
    number: row.number,
    category: row.category,
    matterFirst: row.matter_first,
    matterSecond: row.matter_second,
    elements: readJsonColumn(shape.elements, row.elements, `${where} elements`),
    basis: row.basis,
    timeLimit: readJsonColumn(shape.timeLimit, row.time_limit, `${where} time_limit`),
    subject: row.subject,
    channels: readJsonColumn(shape.channels, row.channels, `${where} channels`),
  };
}

/** Parses a JSON column and checks it against `schema`, so a row edited by hand throws here. */
function readJsonColumn<T>(schema: z.ZodType<T>, text: string, where: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where} is not valid JSON: ${(error as Error).message}`);
  }

  const result = schema.safeParse(value);
  if (!result.success) {
    throw new Error(
      `${where} does not match the catalog schema: ${result.error.issues[0]?.message}`,
    );
  }
  return result.data;
}
