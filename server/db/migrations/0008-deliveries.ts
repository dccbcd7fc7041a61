import type { Kysely } from 'kysely';

// Which disclosure versions the server has sent to which screen: a screen may report showings of
// those versions only, so a stolen token cannot file evidence of content the screen never had.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('screen_delivery')
    .addColumn('screen_id', 'integer', (col) => col.notNull().references('screen.id'))
    .addColumn('version_id', 'integer', (col) => col.notNull().references('disclosure_version.id'))
    .addColumn('first_sent_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('screen_delivery_pk', ['screen_id', 'version_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('screen_delivery').execute();
}
