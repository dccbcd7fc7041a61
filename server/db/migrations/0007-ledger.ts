import type { Kysely } from 'kysely';

// The compliance ledger's own evidence: each screen's connections (to tell a screen that was
// offline from one that did not show a disclosure) and staff records of channels that are not
// screens (公众号, 微信群, 精准推送, a paper 公开栏).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('screen_connection')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('screen_id', 'integer', (col) => col.notNull().references('screen.id'))
    .addColumn('connected_at', 'bigint', (col) => col.notNull())
    .addColumn('disconnected_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('screen_connection_screen')
    .on('screen_connection')
    .columns(['screen_id', 'connected_at'])
    .execute();

  await db.schema
    .createTable('channel_record')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('disclosure_id', 'integer', (col) => col.notNull().references('disclosure.id'))
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('published_on', 'text', (col) => col.notNull())
    .addColumn('recorded_by', 'integer', (col) => col.references('user.id'))
    .addColumn('recorded_by_name', 'text', (col) => col.notNull())
    .addColumn('evidence_url', 'text')
    .addColumn('evidence_image_id', 'text')
    .addColumn('note', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('channel_record_disclosure')
    .on('channel_record')
    .columns(['disclosure_id', 'channel'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('channel_record').execute();
  await db.schema.dropTable('screen_connection').execute();
}
