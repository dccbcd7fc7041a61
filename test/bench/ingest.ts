/**
 * Scenario 3a: showings through the product's ingest path (`ingestShowings`, batches of 500 as
 * displays send them) against bare better-sqlite3 prepared inserts of 1,000 rows per transaction.
 * Both run in this process on fresh, migrated SQLite files, so schema, indexes and pragmas (WAL,
 * synchronous NORMAL, foreign keys) are the same.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Showing } from '../../shared/protocol.ts';
import { loadCatalog, readCatalogFile } from '../../server/catalog-store.ts';
import { openDatabase, type OpenedDatabase } from '../../server/db/database.ts';
import { ingestShowings } from '../../server/publication-ingest.ts';
import { createSampleContent } from '../../server/sample-content.ts';
import { BUILT_IN_CATALOG } from '../../server/server.ts';
import { log, median, ratio, round, verdict } from './lib.ts';

const PRODUCT_BATCH = 500;
const BASELINE_TRANSACTION = 1000;

interface Target {
  dir: string;
  opened: OpenedDatabase;
  screen: { id: number; name: string };
  disclosureId: number;
  versionId: number;
}

/** A migrated database with the catalog, one screen and one disclosure version sent to it. */
export async function prepareDatabase(now: number): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-ingest-'));
  const opened = await openDatabase(path.join(dir, 'gongkai.sqlite'));
  await loadCatalog(opened.db, readCatalogFile(BUILT_IN_CATALOG), now);
  const screen = await createSampleContent(opened.db, now);
  const version = opened.sqlite
    .prepare('SELECT id, disclosure_id FROM disclosure_version ORDER BY id LIMIT 1')
    .get() as { id: number; disclosure_id: number };
  const name = (
    opened.sqlite.prepare('SELECT name FROM screen WHERE id = ?').get(screen.id) as {
      name: string;
    }
  ).name;
  // Newer schemas accept only showings of versions that were sent to the screen.
  const hasDeliveries = opened.sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'screen_delivery'")
    .get();
  if (hasDeliveries) {
    opened.sqlite
      .prepare(
        'INSERT INTO screen_delivery (screen_id, version_id, first_sent_at) VALUES (?, ?, ?)',
      )
      .run(screen.id, version.id, now - 40 * 86_400_000);
  }
  return {
    dir,
    opened,
    screen: { id: screen.id, name },
    disclosureId: version.disclosure_id,
    versionId: version.id,
  };
}

async function dispose(target: Target) {
  await target.opened.close();
  fs.rmSync(target.dir, { recursive: true, force: true });
}

/** The showings of a 15 s slide loop over the last `count` slots, newest last. */
function showing(target: Target, now: number, index: number, count: number): Showing {
  return {
    id: randomUUID(),
    disclosureId: target.disclosureId,
    versionId: target.versionId,
    startedAt: now - (count - index) * 2_000,
    seconds: 15,
  };
}

async function runProduct(count: number): Promise<number> {
  const now = Date.now();
  const target = await prepareDatabase(now);
  try {
    const started = performance.now();
    for (let offset = 0; offset < count; offset += PRODUCT_BATCH) {
      const batch: Showing[] = [];
      for (let i = offset; i < Math.min(count, offset + PRODUCT_BATCH); i++) {
        batch.push(showing(target, now, i, count));
      }
      const result = await ingestShowings(target.opened.db, target.screen, batch, now);
      if (result.rejected.length > 0) {
        throw new Error(`ingest rejected a showing: ${JSON.stringify(result.rejected[0])}`);
      }
    }
    const elapsed = performance.now() - started;
    const stored = target.opened.sqlite.prepare('SELECT count(*) AS n FROM publication').get() as {
      n: number;
    };
    if (stored.n !== count) throw new Error(`stored ${stored.n} showings, expected ${count}`);
    return elapsed;
  } finally {
    await dispose(target);
  }
}

async function runBaseline(count: number): Promise<number> {
  const now = Date.now();
  const target = await prepareDatabase(now);
  try {
    const sqlite = target.opened.sqlite;
    const insert = sqlite.prepare(
      `INSERT INTO publication (id, screen_id, screen_name, disclosure_id, version_id, version,
         catalog_item_number, title, content_hash, started_at, ended_at, seconds, interrupted, flag,
         received_at)
       VALUES (?, ?, ?, ?, ?, 1, 9, ?, ?, ?, ?, ?, 0, NULL, ?)`,
    );
    const insertMany = sqlite.transaction((rows: Showing[]) => {
      for (const row of rows) {
        insert.run(
          row.id,
          target.screen.id,
          target.screen.name,
          row.disclosureId,
          row.versionId,
          '为老服务咨询',
          'sha256-bench',
          row.startedAt,
          row.startedAt + row.seconds * 1000,
          row.seconds,
          now,
        );
      }
    });
    const started = performance.now();
    for (let offset = 0; offset < count; offset += BASELINE_TRANSACTION) {
      const rows: Showing[] = [];
      for (let i = offset; i < Math.min(count, offset + BASELINE_TRANSACTION); i++) {
        rows.push(showing(target, now, i, count));
      }
      insertMany(rows);
    }
    return performance.now() - started;
  } finally {
    await dispose(target);
  }
}

export async function benchIngest(count: number, rounds: number) {
  log(`\n## Scenario 3a: ingest ${count.toLocaleString('en')} showings, ${rounds} rounds`);
  const product: number[] = [];
  const baseline: number[] = [];
  for (let round_ = 1; round_ <= rounds; round_++) {
    product.push(await runProduct(count));
    baseline.push(await runBaseline(count));
    log(
      `round ${round_}: product ${round(product.at(-1)! / 1000, 2)} s, ` +
        `baseline ${round(baseline.at(-1)! / 1000, 2)} s`,
    );
  }
  const p = median(product);
  const b = median(baseline);
  const rate = (ms: number) => Math.round(count / (ms / 1000));
  log(
    `median: product ${round(p / 1000, 2)} s (${rate(p).toLocaleString('en')} rows/s), ` +
      `baseline ${round(b / 1000, 2)} s (${rate(b).toLocaleString('en')} rows/s), ` +
      `ratio ${ratio(p, b)} (target <= 2x: ${verdict(p <= 2 * b)})`,
  );
  return { count, productMs: p, baselineMs: b };
}
