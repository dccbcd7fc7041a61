import type { Kysely } from 'kysely';

// Emergency notices (item 17, 居民告知书) with each screen's receipt, and scrolling tickers.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('emergency')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('disclosure_id', 'integer', (col) => col.notNull().references('disclosure.id'))
    .addColumn('version_id', 'integer', (col) => col.notNull().references('disclosure_version.id'))
    .addColumn('screen_ids', 'text')
    .addColumn('event_at', 'bigint', (col) => col.notNull())
    .addColumn('issued_at', 'bigint', (col) => col.notNull())
    .addColumn('cleared_at', 'bigint')
    .execute();

  await db.schema
    .createTable('emergency_receipt')
    .addColumn('emergency_id', 'integer', (col) => col.notNull().references('emergency.id'))
    .addColumn('screen_id', 'integer', (col) => col.notNull().references('screen.id'))
    .addColumn('shown_at', 'bigint', (col) => col.notNull())
    .addColumn('received_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('emergency_receipt_pk', ['emergency_id', 'screen_id'])
    .execute();

  await db.schema
    .createTable('ticker')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('screen_ids', 'text')
    .addColumn('window_from', 'bigint')
    .addColumn('window_until', 'bigint')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('cleared_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ticker').execute();
  await db.schema.dropTable('emergency_receipt').execute();
  await db.schema.dropTable('emergency').execute();
}
