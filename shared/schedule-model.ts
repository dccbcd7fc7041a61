/**
 * The schedule model shared by the server, the display and the console. Instants are epoch
 * milliseconds; wall-clock times and weekdays are read in Asia/Shanghai.
 *
 * The schemas use `zod/mini`, because the display bundles them; the server embeds them in its
 * classic zod schemas, which give their issues English messages.
 */
import * as z from 'zod/mini';

const clockTime = z
  .string()
  .check(
    z.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time as HH:MM, from 00:00 to 24:00'),
  );

/** An integer from `min` to `max`, both included. */
const intBetween = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));

/**
 * A recurring time range. `end` at or before `start` runs past midnight into the next day and
 * belongs to the day it starts; `24:00` as the end is the end of the start day.
 */
export const daypartSchema = z.strictObject({
  /** ISO weekdays (1 is Monday, 7 is Sunday) on which the range starts; empty is not allowed. */
  weekdays: z.array(intBetween(1, 7)).check(z.minLength(1), z.maxLength(7)),
  start: clockTime,
  end: clockTime,
});

export const scheduleEntrySchema = z.object({
  id: z.string().check(z.minLength(1)),
  /** Key of the slide content this entry shows (one disclosure version). */
  contentKey: z.string().check(z.minLength(1)),
  /** Seconds on screen for each page of the content. */
  seconds: intBetween(1, 3600),
  /** Start of the display window, inclusive; null means no start. */
  from: z.nullable(z.int()),
  /** End of the display window, exclusive; null means no end. */
  until: z.nullable(z.int()),
  /** Recurring ranges in which the entry runs; an empty list means all day, every day. */
  dayparts: z.array(daypartSchema).check(z.maxLength(28)),
  /** A higher priority wins outright; equal priorities rotate in entry order. */
  priority: intBetween(-100, 100),
});

export type Daypart = z.infer<typeof daypartSchema>;
export type ScheduleEntry = z.infer<typeof scheduleEntrySchema>;
