/**
 * Publication ingest: stores the showings a display reports, each id once. A batch with bad rows
 * stores the good ones and returns the bad ones with a reason, so a display never retries forever.
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import { showingSchema, type Showing } from '../shared/protocol.ts';
import { formatPath } from './errors.ts';
import type { Database, PublicationTable } from './db/schema.ts';

/** A start further than this ahead of the server's clock is impossible and gets flagged. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/**
 * A display keeps at most its cached horizon of seven days plus what it could not send; a start
 * further back than this points at a broken clock rather than a long outage.
 */
export const MAX_BACKLOG_AGE_MS = 30 * 24 * 60 * 60_000;

export interface IngestResult {
  committed: string[];
  rejected: { id: string; reason: string }[];
}

export interface ScreenRef {
  id: number;
  name: string;
}

function describeInvalid(raw: unknown, index: number): { id: string; reason: string } {
  const parsed = showingSchema.safeParse(raw);
  const issue = parsed.success ? undefined : parsed.error.issues[0];
  const rawId = (raw as { id?: unknown } | null)?.id;
  return {
    id: typeof rawId === 'string' ? rawId : `#${index}`,
    reason: issue
      ? `invalid field "${formatPath(issue.path)}": ${issue.message}`
      : 'invalid showing',
  };
}

/**
 * Return why a showing's reported start is impossible, or null. Flagged showings are stored with the
 * reason, so evidence is kept but reports need not count them under a wrong day.
 */
/** Rows per INSERT statement inside one batch's transaction. */
const ROWS_PER_INSERT = 100;

/** Starts outside these years cannot be real and break date arithmetic, so they are rejected. */
const EARLIEST_START = Date.UTC(2000, 0, 1);
const LATEST_START = Date.UTC(2100, 0, 1);

function flagFor(showing: Showing, versionCreatedAt: number, now: number): string | null {
  if (showing.startedAt > now + MAX_FUTURE_SKEW_MS) return 'start in the future';
  if (showing.startedAt + showing.seconds * 1000 > now + MAX_FUTURE_SKEW_MS)
    return 'end in the future';
  // The version did not exist yet: the display's clock estimate was wrong.
  if (showing.startedAt + MAX_FUTURE_SKEW_MS < versionCreatedAt)
    return 'start before the version existed';
  if (showing.startedAt < now - MAX_BACKLOG_AGE_MS) return 'start more than 30 days ago';
  return null;
}

/** Rows per INSERT: 3 parameters each stays far below SQLite's limit of 32766 parameters. */
const DELIVERY_ROWS_PER_STATEMENT = 2000;

/**
 * Notes the versions sent to each screen, keeping the first sending time. Calls made while a push
 * to many screens is under way are gathered and written together, so a publish to thousands of
 * screens costs a few statements rather than one per screen.
 */
export class DeliveryRecorder {
  readonly #db: Kysely<Database>;
  #pending: { screen_id: number; version_id: number; first_sent_at: number }[] = [];
  #flush: Promise<void> | null = null;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Resolve once the rows are stored. */
  record(screenId: number, versionIds: number[], now: number): Promise<void> {
    for (const versionId of new Set(versionIds)) {
      this.#pending.push({ screen_id: screenId, version_id: versionId, first_sent_at: now });
    }
    // Wait a turn of the event loop so the other screens of the same push can join the batch.
    this.#flush ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#write());
    return this.#flush;
  }

  async #write() {
    const rows = this.#pending;
    this.#pending = [];
    this.#flush = null;
    for (let start = 0; start < rows.length; start += DELIVERY_ROWS_PER_STATEMENT) {
      await this.#db
        .insertInto('screen_delivery')
        .values(rows.slice(start, start + DELIVERY_ROWS_PER_STATEMENT))
        .onConflict((oc) => oc.columns(['screen_id', 'version_id']).doNothing())
        .execute();
    }
  }
}

/** Keep first_showing at the earliest unflagged start per version on this screen's channel. */
async function updateFirstShowings(
  db: Kysely<Database>,
  screenId: number,
  rows: { version_id: number; started_at: number; flag?: string | null }[],
) {
  const earliest = new Map<number, number>();
  for (const row of rows) {
    if (row.flag) continue;
    earliest.set(
      row.version_id,
      Math.min(row.started_at, earliest.get(row.version_id) ?? Infinity),
    );
  }
  if (earliest.size === 0) return;

  const screen = await db
    .selectFrom('screen')
    .select('channel')
    .where('id', '=', screenId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('first_showing')
    .values(
      [...earliest].map(([versionId, firstAt]) => ({
        version_id: versionId,
        channel: screen.channel,
        first_at: firstAt,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['version_id', 'channel']).doUpdateSet((eb) => ({
        first_at: sql<number>`min(${eb.ref('first_showing.first_at')}, ${eb.ref('excluded.first_at')})`,
      })),
    )
    .execute();
}

export async function ingestShowings(
  db: Kysely<Database>,
  screen: ScreenRef,
  batch: readonly unknown[],
  now: number,
): Promise<IngestResult> {
  const result: IngestResult = { committed: [], rejected: [] };
  const valid: Showing[] = [];
  batch.forEach((raw, index) => {
    const parsed = showingSchema.safeParse(raw);
    if (!parsed.success) {
      result.rejected.push(describeInvalid(raw, index));
    } else if (!(parsed.data.startedAt >= EARLIEST_START && parsed.data.startedAt < LATEST_START)) {
      result.rejected.push({
        id: parsed.data.id,
        reason: `invalid field "startedAt": ${parsed.data.startedAt} is not an instant between 2000 and 2100`,
      });
    } else {
      valid.push(parsed.data);
    }
  });
  if (valid.length === 0) return result;

  const versionIds = [...new Set(valid.map((showing) => showing.versionId))];
  const versions = await db
    .selectFrom('disclosure_version')
    .innerJoin('disclosure', 'disclosure.id', 'disclosure_version.disclosure_id')
    .innerJoin('catalog_item', 'catalog_item.id', 'disclosure.catalog_item_id')
    .select([
      'disclosure_version.id',
      'disclosure_version.disclosure_id',
      'disclosure_version.version',
      'disclosure_version.title',
      'disclosure_version.content_hash',
      'disclosure_version.created_at',
      'catalog_item.number',
    ])
    .where('disclosure_version.id', 'in', versionIds)
    .execute();
  const byId = new Map(versions.map((version) => [version.id, version]));
  const delivered = new Set(
    (
      await db
        .selectFrom('screen_delivery')
        .select('version_id')
        .where('screen_id', '=', screen.id)
        .where('version_id', 'in', versionIds)
        .execute()
    ).map((row) => row.version_id),
  );

  const rows: Insertable<PublicationTable>[] = [];
  for (const showing of valid) {
    const version = byId.get(showing.versionId);
    if (!version || version.disclosure_id !== showing.disclosureId) {
      result.rejected.push({
        id: showing.id,
        reason: `version ${showing.versionId} of disclosure ${showing.disclosureId} does not exist`,
      });
      continue;
    }
    if (!delivered.has(showing.versionId)) {
      result.rejected.push({
        id: showing.id,
        reason: `version ${showing.versionId} was never sent to this screen, so it cannot have been shown here`,
      });
      continue;
    }
    rows.push({
      id: showing.id,
      screen_id: screen.id,
      screen_name: screen.name,
      disclosure_id: showing.disclosureId,
      version_id: showing.versionId,
      version: version.version,
      catalog_item_number: version.number,
      title: version.title,
      content_hash: version.content_hash,
      started_at: Math.round(showing.startedAt),
      ended_at: Math.round(showing.startedAt + showing.seconds * 1000),
      seconds: showing.seconds,
      interrupted: showing.interrupted ? 1 : 0,
      flag: flagFor(showing, version.created_at, now),
      received_at: now,
    });
    result.committed.push(showing.id);
  }

  if (rows.length > 0) {
    // An id already stored is a retry of a showing that was committed: keep the first copy.
    await db.transaction().execute(async (trx) => {
      for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
        // better-sqlite3 runs each statement synchronously: giving way between chunks lets other
        // screens' pings and frames through while a large backlog is stored.
        if (start > 0) await new Promise((resolve) => setImmediate(resolve));
        await trx
          .insertInto('publication')
          .values(rows.slice(start, start + ROWS_PER_INSERT))
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
      await updateFirstShowings(trx, screen.id, rows);
    });
  }
  return result;
}
