import type { Kysely } from 'kysely';

// Holiday schedules that staff imported for years the bundled calendar does not cover (or to
// correct a bundled year). Dates are JSON arrays of YYYY-MM-DD text; imported_at is epoch ms.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_year')
    .addColumn('year', 'integer', (col) => col.primaryKey())
    .addColumn('holidays', 'text', (col) => col.notNull())
    .addColumn('workdays', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('imported_at', 'bigint', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_year').execute();
}
