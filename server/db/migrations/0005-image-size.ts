import type { Kysely } from 'kysely';

// Pixel size of stored images, known after the server re-encodes them for the screen.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('image').addColumn('width', 'integer').execute();
  await db.schema.alterTable('image').addColumn('height', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('image').dropColumn('height').execute();
  await db.schema.alterTable('image').dropColumn('width').execute();
}
