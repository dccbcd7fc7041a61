import { sql, type Kysely } from 'kysely';

// The first unflagged showing of each version on each screen channel, kept up to date at ingest:
// the compliance ledger needs only these, and grouping a million publications on every request
// took seconds.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('first_showing')
    .addColumn('version_id', 'integer', (col) => col.notNull().references('disclosure_version.id'))
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('first_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('first_showing_pk', ['version_id', 'channel'])
    .execute();
  await sql`insert into first_showing (version_id, channel, first_at)
    select publication.version_id, screen.channel, min(publication.started_at)
    from publication inner join screen on screen.id = publication.screen_id
    where publication.flag is null
    group by publication.version_id, screen.channel`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('first_showing').execute();
}
