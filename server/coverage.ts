/**
 * Coverage of a 公示期 and the certificate of one disclosure. A disclosure with a display window is
 * covered on a screen only if the screen showed it on every Shanghai calendar day of the window
 * (up to today); each missed day is listed with whether the screen was offline all that day.
 * NOTE: a day counts as shown when any showing started on it; screens have no opening hours yet,
 * so a showing at 03:00 covers the day as well as one at noon.
 */
import type { Kysely } from 'kysely';
import { addDays, DAY_MS, shanghaiDate, startOfShanghaiDay } from '../shared/shanghai-time.ts';
import type { Database } from './db/schema.ts';
import { notFound } from './errors.ts';
import { formatInstant } from './api-time.ts';

/** Days of a half-open window [from, until) as Shanghai dates, clipped to `today`. */
function windowDays(from: number, until: number, today: string): string[] {
  const days: string[] = [];
  const last = shanghaiDate(until - 1);
  for (let day = shanghaiDate(from); day <= last && day <= today; day = addDays(day, 1))
    days.push(day);
  return days;
}

async function onlineDays(
  db: Kysely<Database>,
  screenId: number,
  from: number,
  until: number,
  now: number,
) {
  const rows = await db
    .selectFrom('screen_connection')
    .select(['connected_at', 'disconnected_at'])
    .where('screen_id', '=', screenId)
    .where('connected_at', '<', until)
    .where((eb) => eb.or([eb('disconnected_at', 'is', null), eb('disconnected_at', '>', from)]))
    .execute();
  const days = new Set<string>();
  for (const row of rows) {
    const end = Math.min(row.disconnected_at ?? now, until);
    for (
      let at = Math.max(row.connected_at, from);
      at < end;
      at = startOfShanghaiDay(shanghaiDate(at)) + DAY_MS
    ) {
      days.add(shanghaiDate(at));
    }
  }
  return days;
}

export async function disclosureCertificate(
  db: Kysely<Database>,
  disclosureId: number,
  now: number,
) {
  const disclosure = await db
    .selectFrom('disclosure')
    .innerJoin('catalog_item', 'catalog_item.id', 'disclosure.catalog_item_id')
    .select([
      'disclosure.id',
      'disclosure.status',
      'catalog_item.number',
      'catalog_item.category',
      'catalog_item.matter_second',
    ])
    .where('disclosure.id', '=', disclosureId)
    .executeTakeFirst();
  if (!disclosure) throw notFound('disclosure', disclosureId);

  const versions = await db
    .selectFrom('disclosure_version')
    .select([
      'id',
      'version',
      'title',
      'content_hash',
      'display_from',
      'display_until',
      'state',
      'reviewed_at',
    ])
    .where('disclosure_id', '=', disclosureId)
    .orderBy('version')
    .execute();
  const showings = await db
    .selectFrom('publication')
    .selectAll()
    .where('disclosure_id', '=', disclosureId)
    .orderBy('started_at')
    .orderBy('id')
    .execute();

  const today = shanghaiDate(now);
  const coverage = [];
  for (const version of versions) {
    if (
      version.state !== 'approved' ||
      version.display_from === null ||
      version.display_until === null
    )
      continue;
    const days = windowDays(version.display_from, version.display_until, today);
    const inWindow = showings.filter(
      (showing) =>
        showing.version_id === version.id &&
        showing.flag === null &&
        showing.started_at >= version.display_from! &&
        showing.started_at < version.display_until!,
    );
    const screenIds = [...new Set(inWindow.map((showing) => showing.screen_id))];
    const screens = [];
    for (const screenId of screenIds) {
      const shownDays = new Set(
        inWindow
          .filter((showing) => showing.screen_id === screenId)
          .map((showing) => shanghaiDate(showing.started_at)),
      );
      const online = await onlineDays(
        db,
        screenId,
        version.display_from,
        version.display_until,
        now,
      );
      const missed = days
        .filter((day) => !shownDays.has(day))
        .map((day) => ({ date: day, reason: online.has(day) ? 'not shown' : 'screen offline' }));
      screens.push({
        screenId,
        screenName: inWindow.find((showing) => showing.screen_id === screenId)!.screen_name,
        covered: missed.length === 0 && days.length > 0,
        daysShown: days.length - missed.length,
        missed,
      });
    }
    coverage.push({
      versionId: version.id,
      version: version.version,
      from: formatInstant(version.display_from),
      until: formatInstant(version.display_until),
      days,
      complete: shanghaiDate(version.display_until - 1) < today,
      screens,
    });
  }

  return {
    disclosureId,
    catalogItem: disclosure.number,
    label: `${disclosure.category} · ${disclosure.matter_second}`,
    status: disclosure.status,
    generatedAt: formatInstant(now),
    versions: versions.map((version) => ({
      id: version.id,
      version: version.version,
      title: version.title,
      contentHash: version.content_hash,
      state: version.state,
      approvedAt: formatInstant(version.reviewed_at),
    })),
    coverage,
    showings: showings.map((showing) => ({
      id: showing.id,
      screenId: showing.screen_id,
      screenName: showing.screen_name,
      version: showing.version,
      contentHash: showing.content_hash,
      startedAt: formatInstant(showing.started_at),
      endedAt: formatInstant(showing.ended_at),
      seconds: showing.seconds,
      interrupted: showing.interrupted === 1,
      flag: showing.flag,
    })),
  };
}
