/** Reading the publication log: filtered pages for the API and the CSV export. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  addDays,
  formatShanghaiDateTime,
  isCalendarDate,
  startOfShanghaiDay,
} from '../shared/shanghai-time.ts';
import type { Database } from './db/schema.ts';
import { formatInstant } from './api-time.ts';

const dateSchema = z
  .string()
  .refine(isCalendarDate, 'expected a calendar date as YYYY-MM-DD, such as 2026-12-04');

const idParam = z.coerce.number().int().positive();

export const publicationQuerySchema = z
  .object({
    screen: idParam.optional(),
    disclosure: idParam.optional(),
    /** Catalog item number (序号). */
    item: idParam.optional(),
    from: dateSchema.optional(),
    to: dateSchema.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .superRefine((query, ctx) => {
    if (query.from && query.to && query.to < query.from) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `"to" (${query.to}) is before "from" (${query.from})`,
      });
    }
  });

export type PublicationQuery = z.output<typeof publicationQuerySchema>;
export type PublicationFilter = Omit<PublicationQuery, 'limit' | 'offset'>;

function filtered(db: Kysely<Database>, filter: PublicationFilter) {
  let query = db.selectFrom('publication');
  if (filter.screen !== undefined) query = query.where('screen_id', '=', filter.screen);
  if (filter.disclosure !== undefined) query = query.where('disclosure_id', '=', filter.disclosure);
  if (filter.item !== undefined) query = query.where('catalog_item_number', '=', filter.item);
  // Dates are Shanghai calendar days and the end day is included.
  if (filter.from) query = query.where('started_at', '>=', startOfShanghaiDay(filter.from));
  if (filter.to) query = query.where('started_at', '<', startOfShanghaiDay(addDays(filter.to, 1)));
  return query;
}

export async function queryPublications(db: Kysely<Database>, query: PublicationQuery) {
  const { limit, offset, ...filter } = query;
  const rows = await filtered(db, filter)
    .selectAll()
    .orderBy('started_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  const { total } = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();

  return {
    total: Number(total),
    publications: rows.map((row) => ({
      id: row.id,
      screenId: row.screen_id,
      screenName: row.screen_name,
      disclosureId: row.disclosure_id,
      versionId: row.version_id,
      version: row.version,
      catalogItem: row.catalog_item_number,
      title: row.title,
      contentHash: row.content_hash,
      startedAt: formatInstant(row.started_at),
      endedAt: formatInstant(row.ended_at),
      seconds: row.seconds,
      interrupted: row.interrupted === 1,
      flag: row.flag,
    })),
  };
}

/** Neutralise a cell that a spreadsheet would run as a formula, then quote it for CSV. */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Chinese wording of the flags that publication ingest stores, for outputs staff read. */
export const FLAG_LABELS: Record<string, string> = {
  'start in the future': '开始时间晚于服务器时间',
  'end in the future': '结束时间晚于服务器时间',
  'start before the version existed': '开始时间早于该版本生成时间',
  'start more than 30 days ago': '开始时间早于 30 天前',
};

const CSV_HEADER = ['屏幕', '公开事项', '标题', '版本', '开始时间', '结束时间', '展示秒数', '备注'];

/**
 * Write the log as CSV that Excel opens with Chinese intact: UTF-8 with a byte order mark, CRLF
 * line ends, times in Asia/Shanghai. Rows are read in pages so a large log never sits in memory.
 */
export async function writePublicationsCsv(
  db: Kysely<Database>,
  filter: PublicationFilter,
  write: (chunk: string) => void,
): Promise<number> {
  const items = await db.selectFrom('catalog_item').select(['number', 'matter_second']).execute();
  const itemLabel = new Map(
    items.map((item) => [item.number, `${item.number} ${item.matter_second}`]),
  );

  write('\uFEFF' + CSV_HEADER.map(csvCell).join(',') + '\r\n');
  const pageSize = 1000;
  let count = 0;
  for (let lastStarted = -Infinity, lastId = ''; ;) {
    const rows = await filtered(db, filter)
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('started_at', '>', lastStarted === -Infinity ? Number.MIN_SAFE_INTEGER : lastStarted),
          eb.and([eb('started_at', '=', lastStarted), eb('id', '>', lastId)]),
        ]),
      )
      .orderBy('started_at')
      .orderBy('id')
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      const note = [
        row.interrupted ? '中途中断' : '',
        row.flag ? `时间异常：${FLAG_LABELS[row.flag] ?? row.flag}` : '',
      ]
        .filter(Boolean)
        .join('；');
      const cells = [
        row.screen_name,
        itemLabel.get(row.catalog_item_number) ?? String(row.catalog_item_number),
        row.title,
        row.version,
        formatShanghaiDateTime(row.started_at),
        formatShanghaiDateTime(row.ended_at),
        row.seconds.toFixed(1),
        note,
      ];
      write(cells.map(csvCell).join(',') + '\r\n');
    }
    count += rows.length;
    if (rows.length < pageSize) return count;
    const last = rows[rows.length - 1]!;
    lastStarted = last.started_at;
    lastId = last.id;
  }
}
