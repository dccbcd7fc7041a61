import { sql, type Kysely } from 'kysely';

// Staff accounts, sessions, the audit log, review state on versions, screen groups, pairing codes,
// and schedule entries that belong to a screen or a group and may name a catalog item or category.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('name', 'text', (col) => col.notNull().unique())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('disabled_at', 'bigint')
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('user.id'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('at', 'bigint', (col) => col.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('user_name', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('detail', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at']).execute();

  for (const [column, type] of [
    ['state', 'text'],
    ['author_id', 'integer'],
    ['reviewer_id', 'integer'],
    ['review_comment', 'text'],
    ['reviewed_at', 'bigint'],
    ['display_from', 'bigint'],
    ['display_until', 'bigint'],
  ] as const) {
    await db.schema.alterTable('disclosure_version').addColumn(column, type).execute();
  }
  await sql`update disclosure_version set state = 'draft'`.execute(db);
  await sql`update disclosure_version set state = 'approved'
    where id in (select published_version_id from disclosure where published_version_id is not null)`.execute(
    db,
  );
  await db.schema.alterTable('disclosure').addColumn('author_id', 'integer').execute();
  await db.schema.alterTable('screen').addColumn('display_version', 'text').execute();

  await db.schema
    .createTable('screen_group')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('name', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('screen_group_member')
    .addColumn('group_id', 'integer', (col) => col.notNull().references('screen_group.id'))
    .addColumn('screen_id', 'integer', (col) => col.notNull().references('screen.id'))
    .addPrimaryKeyConstraint('screen_group_member_pk', ['group_id', 'screen_id'])
    .execute();

  await db.schema
    .createTable('pairing')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('secret_hash', 'text', (col) => col.notNull())
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('screen_id', 'integer')
    // The new screen's token waits here until the display fetches it once, then it is cleared.
    .addColumn('pending_token', 'text')
    .execute();
  await db.schema.createIndex('pairing_code').on('pairing').columns(['code']).execute();

  await db.schema
    .createTable('schedule_entry')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('screen_id', 'integer', (col) => col.references('screen.id'))
    .addColumn('group_id', 'integer', (col) => col.references('screen_group.id'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('target_kind', 'text', (col) => col.notNull())
    .addColumn('disclosure_id', 'integer', (col) => col.references('disclosure.id'))
    .addColumn('catalog_item_number', 'integer')
    .addColumn('category', 'text')
    .addColumn('seconds', 'integer', (col) => col.notNull())
    .addColumn('window_from', 'bigint')
    .addColumn('window_until', 'bigint')
    .addColumn('dayparts', 'text', (col) => col.notNull())
    .addColumn('priority', 'integer', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('schedule_entry_screen')
    .on('schedule_entry')
    .columns(['screen_id', 'position'])
    .execute();
  await db.schema
    .createIndex('schedule_entry_group')
    .on('schedule_entry')
    .columns(['group_id', 'position'])
    .execute();
  await sql`insert into schedule_entry (screen_id, group_id, position, target_kind, disclosure_id,
      catalog_item_number, category, seconds, window_from, window_until, dayparts, priority)
    select screen_id, null, position, 'disclosure', disclosure_id, null, null, seconds, window_from,
      window_until, dayparts, priority from playlist_entry`.execute(db);
  await db.schema.dropTable('playlist_entry').execute();
}

export async function down(): Promise<void> {
  throw new Error('migration 0004-staff cannot be reverted: restore a backup instead');
}
