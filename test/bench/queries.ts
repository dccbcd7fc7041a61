/**
 * Scenario 4: reading a large log. 1,000,000 publications and 10,000 disclosures, inserted
 * directly with better-sqlite3 into a migrated database; then publication-log pages
 * (`queryPublications`, one screen and a 30-day range, 50 rows) against the same two SQL
 * statements run bare, and the compliance ledger for a year (`computeLedger`).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Kysely } from 'kysely';
import { loadWorkCalendar } from '../../server/calendar-store.ts';
import type { Database } from '../../server/db/schema.ts';
import { computeLedger } from '../../server/ledger.ts';
import { queryPublications } from '../../server/publication-log.ts';
import { addDays, startOfShanghaiDay } from '../../shared/shanghai-time.ts';
import { prepareDatabase } from './ingest.ts';
import { log, median, percentile, ratio, round, verdict } from './lib.ts';

const SCREENS = 50;
const DAY_MS = 86_400_000;
const LEDGER_YEAR = '2026';

/** A deterministic random source, so every run queries the same data. */
function lcg(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function fill(
  sqlite: import('better-sqlite3').Database,
  publications: number,
  disclosures: number,
) {
  const random = lcg(42);
  const yearStart = startOfShanghaiDay(`${LEDGER_YEAR}-01-01`);
  sqlite.pragma('synchronous = OFF');

  const screen = sqlite.prepare(
    `INSERT INTO screen (name, token_hash, orientation, channel, location, created_at)
     VALUES (?, ?, 'landscape', 'e-screen', '', ?)`,
  );
  const disclosure = sqlite.prepare(
    `INSERT INTO disclosure (catalog_item_id, status, published_version_id, latest_version_id,
       sample, created_at, updated_at) VALUES (?, 'published', NULL, NULL, 0, ?, ?)`,
  );
  const version = sqlite.prepare(
    `INSERT INTO disclosure_version (disclosure_id, version, title, body, images, formed_on,
       content_hash, created_at, state, reviewed_at) VALUES (?, 1, ?, '[]', '[]', ?, ?, ?, 'approved', ?)`,
  );
  const link = sqlite.prepare(
    'UPDATE disclosure SET published_version_id = ?, latest_version_id = ? WHERE id = ?',
  );
  const items = sqlite.prepare('SELECT id, number FROM catalog_item ORDER BY number').all() as {
    id: number;
    number: number;
  }[];

  const screenIds: number[] = [];
  const versions: { id: number; disclosureId: number; item: number; createdAt: number }[] = [];
  sqlite.transaction(() => {
    for (let i = 0; i < SCREENS; i++) {
      screenIds.push(
        Number(screen.run(`楼道屏 ${i + 1}`, randomUUID(), yearStart).lastInsertRowid),
      );
    }
    for (let i = 0; i < disclosures; i++) {
      const item = items[i % items.length]!;
      const createdAt = yearStart + Math.floor(random() * 360) * DAY_MS + 9 * 3_600_000;
      const formedOn = new Date(createdAt + 8 * 3_600_000 - DAY_MS).toISOString().slice(0, 10);
      const id = Number(disclosure.run(item.id, createdAt, createdAt).lastInsertRowid);
      const versionId = Number(
        version.run(id, `公示 ${i + 1}`, formedOn, `hash-${i}`, createdAt, createdAt)
          .lastInsertRowid,
      );
      link.run(versionId, versionId, id);
      versions.push({ id: versionId, disclosureId: id, item: item.number, createdAt });
    }
  })();

  // Indexes are dropped for the load and built again at the end: the same indexes, built faster.
  const indexes = sqlite
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'publication' AND sql IS NOT NULL",
    )
    .all() as { name: string; sql: string }[];
  for (const index of indexes) sqlite.exec(`DROP INDEX "${index.name}"`);
  const publication = sqlite.prepare(
    `INSERT INTO publication (id, screen_id, screen_name, disclosure_id, version_id, version,
       catalog_item_number, title, content_hash, started_at, ended_at, seconds, interrupted, flag,
       received_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, 15, 0, NULL, ?)`,
  );
  const chunk = 50_000;
  for (let offset = 0; offset < publications; offset += chunk) {
    sqlite.transaction(() => {
      for (let i = offset; i < Math.min(publications, offset + chunk); i++) {
        const v = versions[Math.floor(random() * versions.length)]!;
        const screenIndex = Math.floor(random() * SCREENS);
        const startedAt = v.createdAt + Math.floor(random() * 30 * DAY_MS);
        publication.run(
          randomUUID(),
          screenIds[screenIndex],
          `楼道屏 ${screenIndex + 1}`,
          v.disclosureId,
          v.id,
          v.item,
          `公示 ${v.disclosureId}`,
          `hash-${v.disclosureId}`,
          startedAt,
          startedAt + 15_000,
          startedAt + 60_000,
        );
      }
    })();
  }
  for (const index of indexes) sqlite.exec(index.sql);
  // Publication ingest keeps first_showing up to date; rows inserted directly need it filled, the
  // same way the migration that introduced the table fills it.
  sqlite.exec(`INSERT OR REPLACE INTO first_showing (version_id, channel, first_at)
    SELECT publication.version_id, screen.channel, min(publication.started_at)
    FROM publication JOIN screen ON screen.id = publication.screen_id
    WHERE publication.flag IS NULL
    GROUP BY publication.version_id, screen.channel`);
  sqlite.exec('ANALYZE');
  sqlite.pragma('synchronous = NORMAL');
  return screenIds;
}

/** The SQL that queryPublications runs, bare: the page and the count. */
function bareQuery(sqlite: import('better-sqlite3').Database) {
  const page = sqlite.prepare(
    `SELECT * FROM publication WHERE screen_id = ? AND started_at >= ? AND started_at < ?
     ORDER BY started_at DESC, id LIMIT 50 OFFSET 0`,
  );
  const count = sqlite.prepare(
    `SELECT count(*) AS total FROM publication WHERE screen_id = ? AND started_at >= ? AND started_at < ?`,
  );
  return (screen: number, from: number, to: number) => {
    page.all(screen, from, to);
    count.get(screen, from, to);
  };
}

export async function benchQueries(publications: number, disclosures: number, pages: number) {
  log(
    `\n## Scenario 4: queries on ${publications.toLocaleString('en')} publications and ` +
      `${disclosures.toLocaleString('en')} disclosures`,
  );
  const now = Date.now();
  const target = await prepareDatabase(now);
  try {
    const loadStarted = performance.now();
    const screenIds = fill(target.opened.sqlite, publications, disclosures);
    log(`loaded in ${round((performance.now() - loadStarted) / 1000, 1)} s`);
    const db: Kysely<Database> = target.opened.db;
    const bare = bareQuery(target.opened.sqlite);
    const random = lcg(7);

    const product: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < pages; i++) {
      const screen = screenIds[Math.floor(random() * screenIds.length)]!;
      const from = `${LEDGER_YEAR}-${String(1 + Math.floor(random() * 11)).padStart(2, '0')}-01`;
      const to = addDays(from, 29);
      let started = performance.now();
      const result = await queryPublications(db, { screen, from, to, limit: 50, offset: 0 });
      product.push(performance.now() - started);
      if (result.publications.length === 0) throw new Error('the page came back empty');
      started = performance.now();
      bare(screen, startOfShanghaiDay(from), startOfShanghaiDay(addDays(to, 1)));
      baseline.push(performance.now() - started);
    }
    const p95 = percentile(product.slice(5), 95);
    const b95 = percentile(baseline.slice(5), 95);
    log(
      `log page (screen + 30 days, 50 rows, ${pages} pages, first 5 as warm-up): product p50 ` +
        `${round(median(product.slice(5)), 2)} ms p95 ${round(p95, 2)} ms; bare SQL p50 ` +
        `${round(median(baseline.slice(5)), 2)} ms p95 ${round(b95, 2)} ms; ratio ${ratio(p95, b95)} ` +
        `(target p95 < 20 ms: ${verdict(p95 < 20)})`,
    );
    const plan = target.opened.sqlite
      .prepare(
        `EXPLAIN QUERY PLAN SELECT count(*) FROM publication WHERE screen_id = ? AND started_at >= ? AND started_at < ?`,
      )
      .all(1, 0, 1) as { detail: string }[];
    log(`count plan: ${plan.map((row) => row.detail).join('; ')}`);

    const ledger: number[] = [];
    let obligations = 0;
    // A slow ledger runs once: three runs of half a minute would not fit the time budget.
    for (let i = 0; i < 3 && (i === 0 || ledger[0]! < 5000); i++) {
      const started = performance.now();
      const calendar = await loadWorkCalendar(db);
      const result = await computeLedger(db, {
        now,
        calendar,
        promptlyDays: 5,
        promptlyOverrides: {},
        from: `${LEDGER_YEAR}-01-01`,
        to: `${LEDGER_YEAR}-12-31`,
      });
      ledger.push(performance.now() - started);
      obligations = result.items.reduce((sum, item) => sum + item.obligations.length, 0);
    }
    const l = median(ledger);
    log(
      `ledger for ${LEDGER_YEAR} (${obligations.toLocaleString('en')} obligations): median of ${ledger.length} ` +
        `${round(l, 0)} ms (${ledger.map((ms) => round(ms, 0)).join(', ')}) (target < 200 ms: ` +
        `${verdict(l < 200)})`,
    );
    return { pageP95: p95, bareP95: b95, ledgerMs: l };
  } finally {
    await target.opened.close();
    fs.rmSync(target.dir, { recursive: true, force: true });
  }
}
