import { sql, type Kysely } from 'kysely';

// Types stay within what SQLite and PostgreSQL share through kysely: integer, bigint, text,
// and a binary column (blob here, bytea on PostgreSQL).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('committee')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('key', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('details', 'text', (col) => col.notNull())
    .addColumn('catalog_title', 'text', (col) => col.notNull())
    .addColumn('channels', 'text', (col) => col.notNull())
    .addColumn('imported_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('catalog_item')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('committee_id', 'integer', (col) => col.notNull().references('committee.id'))
    .addColumn('number', 'integer', (col) => col.notNull())
    .addColumn('category', 'text', (col) => col.notNull())
    .addColumn('matter_first', 'text', (col) => col.notNull())
    .addColumn('matter_second', 'text', (col) => col.notNull())
    .addColumn('elements', 'text', (col) => col.notNull())
    .addColumn('basis', 'text', (col) => col.notNull())
    .addColumn('time_limit', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('channels', 'text', (col) => col.notNull())
    .addUniqueConstraint('catalog_item_committee_number', ['committee_id', 'number'])
    .execute();

  await db.schema
    .createTable('disclosure')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('catalog_item_id', 'integer', (col) => col.notNull().references('catalog_item.id'))
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('published_version_id', 'integer')
    .addColumn('latest_version_id', 'integer')
    .addColumn('sample', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('disclosure_version')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('disclosure_id', 'integer', (col) => col.notNull().references('disclosure.id'))
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('images', 'text', (col) => col.notNull())
    .addColumn('formed_on', 'text')
    .addColumn('content_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('disclosure_version_number', ['disclosure_id', 'version'])
    .execute();

  await db.schema
    .createTable('image')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('mime', 'text', (col) => col.notNull())
    .addColumn('bytes', sql`blob`, (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('screen')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('orientation', 'text', (col) => col.notNull())
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('location', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('last_contact_at', 'bigint')
    .addColumn('current_disclosure_id', 'integer')
    .addColumn('current_version_id', 'integer')
    .execute();

  await db.schema
    .createTable('playlist_entry')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('screen_id', 'integer', (col) => col.notNull().references('screen.id'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('disclosure_id', 'integer', (col) => col.notNull().references('disclosure.id'))
    .addColumn('seconds', 'integer', (col) => col.notNull())
    .addColumn('window_from', 'bigint')
    .addColumn('window_until', 'bigint')
    .addColumn('dayparts', 'text', (col) => col.notNull())
    .addColumn('priority', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('playlist_entry_screen')
    .on('playlist_entry')
    .columns(['screen_id', 'position'])
    .execute();

  // Publications copy what they showed (title, version, hash, screen name) instead of relying on
  // joins, so that later edits or deletions of live rows lose no evidence.
  await db.schema
    .createTable('publication')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('screen_id', 'integer', (col) => col.notNull())
    .addColumn('screen_name', 'text', (col) => col.notNull())
    .addColumn('disclosure_id', 'integer', (col) => col.notNull())
    .addColumn('version_id', 'integer', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('catalog_item_number', 'integer', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('content_hash', 'text', (col) => col.notNull())
    .addColumn('started_at', 'bigint', (col) => col.notNull())
    .addColumn('ended_at', 'bigint', (col) => col.notNull())
    .addColumn('seconds', 'real', (col) => col.notNull())
    .addColumn('interrupted', 'integer', (col) => col.notNull())
    .addColumn('flag', 'text')
    .addColumn('received_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('publication_started')
    .on('publication')
    .columns(['started_at'])
    .execute();
  await db.schema
    .createIndex('publication_screen_started')
    .on('publication')
    .columns(['screen_id', 'started_at'])
    .execute();
  await db.schema
    .createIndex('publication_disclosure')
    .on('publication')
    .columns(['disclosure_id', 'started_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'publication',
    'playlist_entry',
    'screen',
    'image',
    'disclosure_version',
    'disclosure',
    'catalog_item',
    'committee',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
