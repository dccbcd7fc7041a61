/**
 * The compliance ledger (公开台账): for every catalog item and every channel it names, whether each
 * piece of information was published on time. A piece of information is a disclosure's content as
 * formed or changed on one date, that is the versions that share a `formedOn`. Its deadline counts
 * working days from the day after that date. Screens prove publication through the publication
 * log, and other channels through staff records.
 */
import type { Kysely } from 'kysely';
import type { TimeLimit } from '../shared/catalog-schema.ts';
import { shanghaiDate } from '../shared/shanghai-time.ts';
import type { WorkCalendar } from '../shared/working-days.ts';
import type { Database } from './db/schema.ts';
import { formatInstant } from './api-time.ts';

export type ChannelStatus = 'on-time' | 'late' | 'due' | 'overdue' | 'not-due';

export const STATUS_LABELS: Record<ChannelStatus, string> = {
  'on-time': '按时公开',
  late: '逾期公开',
  due: '待公开',
  overdue: '已逾期',
  'not-due': '无待公开事项',
};

/** Worst first: the order in which the ledger lists items. */
const SEVERITY: ChannelStatus[] = ['overdue', 'due', 'late', 'on-time', 'not-due'];

/** Screens serve these channels; the others are recorded by staff. */
const SCREEN_CHANNEL_KIND = 'screen';
const FIRST_NOTICE_MS = (hours: number) => hours * 60 * 60_000;

export interface LedgerPolicy {
  /** Working days allowed for 及时公开 unless an item overrides it. */
  promptlyDays: number;
  /** Per catalog item number: working days for 及时公开. */
  promptlyOverrides: Record<number, number>;
}

export interface LedgerOptions extends LedgerPolicy {
  now: number;
  calendar: WorkCalendar;
  /** Only information formed on or after this date (YYYY-MM-DD). */
  from?: string;
  /** Only information formed on or before this date (YYYY-MM-DD). */
  to?: string;
}

interface ChannelInfo {
  key: string;
  label: string;
  kind: string;
}

interface Evidence {
  /** Shanghai date of the first publication on the channel. */
  date: string;
  at: string | null;
  source: 'screen' | 'record';
}

function allowedDays(item: { number: number; timeLimit: TimeLimit }, policy: LedgerPolicy) {
  if (item.timeLimit.kind === 'working-days')
    return { days: item.timeLimit.days, rule: `${item.timeLimit.days} 个工作日` };
  const days = policy.promptlyOverrides[item.number] ?? policy.promptlyDays;
  return { days, rule: `及时公开：${days} 个工作日` };
}

function statusFor(
  evidence: Evidence | undefined,
  deadline: string,
  today: string,
  calendar: CalendarQueries,
) {
  if (evidence) {
    return {
      status: (evidence.date <= deadline ? 'on-time' : 'late') as ChannelStatus,
      publishedOn: evidence.date,
      publishedAt: evidence.at,
      source: evidence.source,
    };
  }
  const remaining = calendar.workingDaysBetween(today, deadline);
  if (deadline >= today)
    return { status: 'due' as ChannelStatus, dueInWorkingDays: remaining.days };
  return { status: 'overdue' as ChannelStatus, overdueWorkingDays: -remaining.days };
}

function indexBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const index = new Map<K, T[]>();
  for (const row of rows) {
    const list = index.get(key(row));
    if (list) list.push(row);
    else index.set(key(row), [row]);
  }
  return index;
}

/**
 * Working-day arithmetic walks the calendar a day at a time, and a year's ledger repeats the same
 * questions thousands of times (the same formation dates and deadlines), so answers are cached.
 */
function memoize(calendar: WorkCalendar) {
  const added = new Map<string, ReturnType<WorkCalendar['addWorkingDays']>>();
  const between = new Map<string, ReturnType<WorkCalendar['workingDaysBetween']>>();
  return {
    addWorkingDays(from: string, days: number) {
      const key = `${from}+${days}`;
      let result = added.get(key);
      if (!result) added.set(key, (result = calendar.addWorkingDays(from, days)));
      return result;
    },
    workingDaysBetween(a: string, b: string) {
      const key = `${a}..${b}`;
      let result = between.get(key);
      if (!result) between.set(key, (result = calendar.workingDaysBetween(a, b)));
      return result;
    },
  };
}

type CalendarQueries = ReturnType<typeof memoize>;

function worst(statuses: ChannelStatus[]): ChannelStatus {
  return SEVERITY.find((status) => statuses.includes(status)) ?? 'not-due';
}

async function loadInputs(db: Kysely<Database>) {
  const committee = await db
    .selectFrom('committee')
    .select('channels')
    .orderBy('id')
    .executeTakeFirst();
  const channels = new Map<string, ChannelInfo>(
    ((committee ? JSON.parse(committee.channels) : []) as ChannelInfo[]).map((channel) => [
      channel.key,
      channel,
    ]),
  );
  const items = await db.selectFrom('catalog_item').selectAll().orderBy('number').execute();
  const disclosures = await db
    .selectFrom('disclosure')
    .select(['id', 'catalog_item_id', 'status', 'created_at'])
    .where('sample', '=', 0)
    .execute();
  const versions = await db
    .selectFrom('disclosure_version')
    .select(['id', 'disclosure_id', 'version', 'title', 'formed_on', 'created_at', 'state'])
    .orderBy('version')
    .execute();
  // First unflagged showing of each version on each screen channel, kept by publication ingest.
  const firstShowings = await db
    .selectFrom('first_showing')
    .select(['version_id', 'channel', 'first_at'])
    .execute();
  const records = await db
    .selectFrom('channel_record')
    .select(['disclosure_id', 'channel', 'published_on'])
    .execute();
  const screenChannels = new Set(
    (await db.selectFrom('screen').select('channel').where('revoked_at', 'is', null).execute()).map(
      (row) => row.channel,
    ),
  );
  return { channels, items, disclosures, versions, firstShowings, records, screenChannels };
}

export async function computeLedger(db: Kysely<Database>, options: LedgerOptions) {
  const { calendar, now } = options;
  const today = shanghaiDate(now);
  const input = await loadInputs(db);
  const emergencies = await firstNotices(db, now);
  const memoCalendar = memoize(calendar);

  // Indexes, so that each obligation looks up its own rows instead of scanning all of them.
  const versionsByDisclosure = indexBy(input.versions, (version) => version.disclosure_id);
  const disclosuresByItem = indexBy(input.disclosures, (disclosure) => disclosure.catalog_item_id);
  const showingsByVersion = indexBy(input.firstShowings, (showing) => showing.version_id);
  const recordsByDisclosure = indexBy(input.records, (record) => record.disclosure_id);

  const items = input.items.map((item) => {
    const timeLimit = JSON.parse(item.time_limit) as TimeLimit;
    const itemChannels = (JSON.parse(item.channels) as string[]).map((key) => {
      const channel = input.channels.get(key) ?? { key, label: key, kind: 'online' };
      const byScreen = channel.kind === SCREEN_CHANNEL_KIND || input.screenChannels.has(key);
      return { key, label: channel.label, evidence: byScreen ? 'screens' : 'staff records' };
    });
    const { days, rule } = allowedDays({ number: item.number, timeLimit }, options);

    const obligations = (disclosuresByItem.get(item.id) ?? [])
      .flatMap((disclosure) => {
        const versions = versionsByDisclosure.get(disclosure.id) ?? [];
        const byFormed = new Map<string, typeof versions>();
        for (const version of versions) {
          const formed = version.formed_on ?? shanghaiDate(disclosure.created_at);
          byFormed.set(formed, [...(byFormed.get(formed) ?? []), version]);
        }
        return [...byFormed].map(([formedOn, group]) => ({ disclosure, formedOn, group }));
      })
      .filter(
        ({ formedOn }) =>
          (!options.from || formedOn >= options.from) && (!options.to || formedOn <= options.to),
      )
      .map(({ disclosure, formedOn, group }) => {
        const deadline = memoCalendar.addWorkingDays(formedOn, days);
        const versionIds = new Set(group.map((version) => version.id));
        const channels = itemChannels.map((channel) => {
          const evidence: Evidence[] = [];
          for (const versionId of versionIds) {
            for (const showing of showingsByVersion.get(versionId) ?? []) {
              if (showing.channel !== channel.key) continue;
              const at = Number(showing.first_at);
              evidence.push({ date: shanghaiDate(at), at: formatInstant(at), source: 'screen' });
            }
          }
          for (const record of recordsByDisclosure.get(disclosure.id) ?? []) {
            if (record.channel === channel.key && record.published_on >= formedOn) {
              evidence.push({ date: record.published_on, at: null, source: 'record' });
            }
          }
          const first = evidence.sort((a, b) => a.date.localeCompare(b.date))[0];
          return {
            key: channel.key,
            label: channel.label,
            ...statusFor(first, deadline.date, today, memoCalendar),
          };
        });
        const latest = group[group.length - 1]!;
        return {
          disclosureId: disclosure.id,
          title: latest.title,
          versions: group.map((version) => version.version),
          formedOn,
          formedOnAssumed: latest.formed_on === null,
          deadline: deadline.date,
          estimate: deadline.estimate,
          estimateReason: deadline.reason ?? null,
          status: worst(channels.map((channel) => channel.status)),
          channels,
        };
      });

    const notices = timeLimit.kind === 'promptly' && timeLimit.firstNotice ? emergencies : [];
    const statuses = [
      ...obligations.map((obligation) => obligation.status),
      ...notices.map((notice) => notice.status),
    ];
    const status = worst(statuses);
    const dueSoonest = obligations
      .flatMap((obligation) => obligation.channels)
      .map((channel) => ('dueInWorkingDays' in channel ? channel.dueInWorkingDays : undefined))
      .filter((value): value is number => value !== undefined)
      .sort((a, b) => a - b)[0];

    return {
      number: item.number,
      category: item.category,
      matterFirst: item.matter_first,
      matterSecond: item.matter_second,
      timeLimit: timeLimit.text,
      rule,
      channels: itemChannels,
      status,
      statusLabel: STATUS_LABELS[status],
      dueInWorkingDays: dueSoonest ?? null,
      obligations,
      firstNotices: notices,
    };
  });

  items.sort((a, b) => {
    const bySeverity = SEVERITY.indexOf(a.status) - SEVERITY.indexOf(b.status);
    if (bySeverity !== 0) return bySeverity;
    if (a.status === 'due')
      return (a.dueInWorkingDays ?? 0) - (b.dueInWorkingDays ?? 0) || a.number - b.number;
    return a.number - b.number;
  });

  return {
    generatedAt: formatInstant(now),
    today,
    from: options.from ?? null,
    to: options.to ?? null,
    coveredYears: calendar.coveredYears(),
    items,
  };
}

/** Item 17's first notices: each emergency notice against its 2-hour limit from the event. */
async function firstNotices(db: Kysely<Database>, now: number) {
  const rows = await db
    .selectFrom('emergency')
    .innerJoin('disclosure_version', 'disclosure_version.id', 'emergency.version_id')
    .leftJoin('emergency_receipt', 'emergency_receipt.emergency_id', 'emergency.id')
    .select(['emergency.id', 'emergency.event_at', 'disclosure_version.title'])
    .select((eb) => eb.fn.min('emergency_receipt.shown_at').as('first_shown_at'))
    .groupBy(['emergency.id', 'emergency.event_at', 'disclosure_version.title'])
    .orderBy('emergency.id')
    .execute();
  return rows.map((row) => {
    const due = row.event_at + FIRST_NOTICE_MS(2);
    const shown = row.first_shown_at === null ? null : Number(row.first_shown_at);
    let status: ChannelStatus;
    if (shown !== null) status = shown <= due ? 'on-time' : 'late';
    else status = now <= due ? 'due' : 'overdue';
    return {
      emergencyId: row.id,
      title: row.title,
      eventAt: formatInstant(row.event_at),
      dueAt: formatInstant(due),
      firstShownAt: formatInstant(shown),
      status,
    };
  });
}
