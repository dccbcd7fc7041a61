/** Instants at the API boundary: ISO 8601 with an explicit offset in, ISO with +08:00 out. */
import { z } from 'zod';
import { formatShanghaiIso, isCalendarDate } from '../shared/shanghai-time.ts';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant given as ISO 8601 with a zone (`2026-12-04T08:00:00+08:00`), parsed to epoch ms. */
export const instantSchema = z
  .string()
  .regex(
    ISO_WITH_OFFSET,
    'expected a date and time with its zone, such as 2026-12-04T08:00:00+08:00',
  )
  .transform((value, ctx) => {
    const ms = Date.parse(value);
    // Date.parse rolls 2026-02-30 over to March instead of failing.
    if (Number.isNaN(ms) || !isCalendarDate(value.slice(0, 10))) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a real date and time` });
      return z.NEVER;
    }
    return ms;
  });

export function formatInstant(ms: number): string;
export function formatInstant(ms: number | null): string | null;
export function formatInstant(ms: number | null): string | null {
  return ms === null ? null : formatShanghaiIso(ms);
}
