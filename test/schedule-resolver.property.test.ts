// Property tests of the schedule resolver against brute-force oracles. Daypart times and window
// boundaries are generated on a 30-minute grid, so every in-force state is constant inside a grid
// cell and the oracles only need to probe grid points.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Daypart, ScheduleEntry } from '../shared/schedule-model.ts';
import {
  entriesOnTop,
  isEntryInForce,
  nextChangeAfter,
  resolveSlot,
  type ResolveOptions,
  type Slot,
} from '../shared/schedule-resolver.ts';
import { shanghaiInstant } from '../shared/shanghai-time.ts';

const NUM_RUNS = 200;
const MINUTE = 60_000;
const GRID = 30 * MINUTE;
const DAY = 24 * 60 * MINUTE;
/** Monday 2026-03-02 00:00 in Shanghai. */
const BASE = shanghaiInstant('2026-03-02', 0);
/** Windows lie within [BASE, BASE + 14 days]; instants within a day either side of that. */
const WINDOW_SPAN_CELLS = (14 * DAY) / GRID;
/** How far the oracles probe beyond the windows: one weekly period of dayparts plus margin. */
const ORACLE_FIRST = BASE - 10 * DAY;
const ORACLE_LAST = BASE + 25 * DAY;

const clockTimeArb = fc
  .integer({ min: 0, max: 48 })
  .map((cell) => `${String(Math.floor(cell / 2)).padStart(2, '0')}:${cell % 2 ? '30' : '00'}`)
  .filter((time) => time <= '24:00');

const daypartArb: fc.Arbitrary<Daypart> = fc.record({
  weekdays: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
  start: clockTimeArb,
  end: clockTimeArb,
});

const gridInstantArb = fc.integer({ min: 0, max: WINDOW_SPAN_CELLS }).map((k) => BASE + k * GRID);

/** A display window; `until` is after `from` in most cases, but equal or earlier ones occur. */
const windowArb = fc
  .tuple(
    fc.option(gridInstantArb, { nil: null, freq: 1 }),
    fc.option(fc.integer({ min: -2, max: WINDOW_SPAN_CELLS / 2 }), { nil: null, freq: 1 }),
  )
  .map(([from, cells]) => ({
    from,
    until: cells === null ? null : (from ?? BASE) + cells * GRID,
  }));

const entryFieldsArb = fc
  .record({
    seconds: fc.integer({ min: 1, max: 120 }),
    window: windowArb,
    dayparts: fc.oneof(
      fc.constant<Daypart[]>([]),
      fc.array(daypartArb, { minLength: 1, maxLength: 3 }),
    ),
    priority: fc.integer({ min: 0, max: 2 }),
  })
  .map(({ window, ...fields }) => ({ ...fields, ...window }));

const entriesArb: fc.Arbitrary<ScheduleEntry[]> = fc
  .array(entryFieldsArb, { maxLength: 5, size: 'max' })
  .map((items) =>
    items.map((fields, index) => ({ id: `e${index}`, contentKey: `c${index}`, ...fields })),
  );

/** Any millisecond near the windows, or a grid point give or take 1 ms, where edges sit. */
const instantArb = fc.oneof(
  fc.integer({ min: BASE - DAY, max: BASE + 15 * DAY }),
  fc
    .tuple(fc.integer({ min: -48, max: WINDOW_SPAN_CELLS + 48 }), fc.constantFrom(-1, -1, 0, 1))
    .map(([k, nudge]) => BASE + k * GRID + nudge),
);

/** Optional custom turn lengths in milliseconds, up to 2 h so that changes often cut a turn. */
const durationsArb = fc.option(
  fc.array(fc.integer({ min: 1, max: 2 * 60 * MINUTE }), { minLength: 5, maxLength: 5 }),
  { nil: null },
);

function optionsFor(durations: number[] | null): ResolveOptions {
  if (durations === null) return {};
  return { durationMs: (entry) => durations[Number(entry.id.slice(1))]! };
}

function durationOf(entry: ScheduleEntry, durations: number[] | null): number {
  return durations === null ? entry.seconds * 1000 : durations[Number(entry.id.slice(1))]!;
}

// Wall-clock reading through Intl's time-zone database, independent of the fixed offset.
const shanghaiClock = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function clockMinutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
}

/** Checks whether an entry is in force, reading the wall clock from Intl. */
function oracleInForce(entry: ScheduleEntry, instant: number): boolean {
  if (entry.from !== null && instant < entry.from) return false;
  if (entry.until !== null && instant >= entry.until) return false;
  if (entry.dayparts.length === 0) return true;

  const parts = Object.fromEntries(
    shanghaiClock.formatToParts(instant).map((part) => [part.type, part.value]),
  );
  const weekday = WEEKDAYS.indexOf(parts.weekday!) + 1;
  const yesterday = weekday === 1 ? 7 : weekday - 1;
  const millis = ((instant % 1000) + 1000) % 1000;
  const minute =
    Number(parts.hour) * 60 +
    Number(parts.minute) +
    (Number(parts.second) * 1000 + millis) / MINUTE;

  return entry.dayparts.some((daypart) => {
    const start = clockMinutes(daypart.start);
    const end = clockMinutes(daypart.end);
    const stop = end > start ? end : end + 24 * 60;
    const startedToday = daypart.weekdays.includes(weekday) && start <= minute && minute < stop;
    const startedYesterday =
      daypart.weekdays.includes(yesterday) && start <= minute + 1440 && minute + 1440 < stop;
    return startedToday || startedYesterday;
  });
}

function topIds(entries: readonly ScheduleEntry[], instant: number): string {
  return entriesOnTop(entries, instant)
    .map((entry) => entry.id)
    .join(',');
}

function states(entries: readonly ScheduleEntry[], instant: number): boolean[] {
  return entries.map((entry) => isEntryInForce(entry, instant));
}

function gridFloor(instant: number): number {
  return BASE + Math.floor((instant - BASE) / GRID) * GRID;
}

/** Finds the latest grid point <= instant where the on-top list changed, or 0 if none did. */
function oracleAnchor(entries: readonly ScheduleEntry[], instant: number): number {
  for (let point = gridFloor(instant); point >= ORACLE_FIRST; point -= GRID) {
    if (topIds(entries, point) !== topIds(entries, point - 1)) return point;
  }
  return 0;
}

/** Finds the first grid point > instant where `fingerprint` changes, up to ORACLE_LAST. */
function oracleNextChange(
  instant: number,
  fingerprint: (instant: number) => string,
): number | null {
  for (let point = gridFloor(instant) + GRID; point <= ORACLE_LAST; point += GRID) {
    if (fingerprint(point) !== fingerprint(point - 1)) return point;
  }
  return null;
}

function oracleSlot(
  entries: readonly ScheduleEntry[],
  instant: number,
  durations: number[] | null,
): { id: string; startedAt: number; endsAt: number } | null {
  const top = entriesOnTop(entries, instant);
  if (top.length === 0) return null;

  const anchor = oracleAnchor(entries, instant);
  const lengths = top.map((entry) => durationOf(entry, durations));
  const cycle = lengths.reduce((sum, length) => sum + length, 0);
  let offset = (((instant - anchor) % cycle) + cycle) % cycle;
  let index = 0;
  while (offset >= lengths[index]!) {
    offset -= lengths[index]!;
    index += 1;
  }

  const startedAt = instant - offset;
  const cut = oracleNextChange(instant, (point) => topIds(entries, point));
  const naturalEnd = startedAt + lengths[index]!;
  return {
    id: top[index]!.id,
    startedAt,
    endsAt: cut === null ? naturalEnd : Math.min(naturalEnd, cut),
  };
}

function summary(slot: Slot | null) {
  return slot === null
    ? null
    : { id: slot.entry.id, startedAt: slot.startedAt, endsAt: slot.endsAt };
}

function check<Values>(property: fc.IProperty<Values>): void {
  fc.assert(property, { numRuns: NUM_RUNS });
}

describe('schedule resolver properties', () => {
  it('isEntryInForce matches the Intl oracle', () => {
    check(
      fc.property(entriesArb, instantArb, (entries, instant) => {
        for (const entry of entries) {
          expect(isEntryInForce(entry, instant)).toBe(oracleInForce(entry, instant));
        }
      }),
    );
  });

  it('resolveSlot matches the grid oracle', () => {
    check(
      fc.property(entriesArb, instantArb, durationsArb, (entries, instant, durations) => {
        // The millisecond before the next change is where a turn is most often cut.
        const change = nextChangeAfter(entries, instant);
        const probes = change === null ? [instant] : [instant, change - 1];

        for (const probe of probes) {
          const slot = resolveSlot(entries, probe, optionsFor(durations));
          expect(summary(slot)).toEqual(oracleSlot(entries, probe, durations));
        }
      }),
    );
  });

  it('returns null exactly when nothing is in force', () => {
    check(
      fc.property(entriesArb, instantArb, (entries, instant) => {
        const anyInForce = entries.some((entry) => oracleInForce(entry, instant));

        expect(resolveSlot(entries, instant) === null).toBe(!anyInForce);
      }),
    );
  });

  it('resolves an entry in force with max priority', () => {
    check(
      fc.property(entriesArb, instantArb, durationsArb, (entries, instant, durations) => {
        const slot = resolveSlot(entries, instant, optionsFor(durations));
        if (slot === null) return;

        const inForce = entries.filter((entry) => oracleInForce(entry, instant));
        const maxPriority = Math.max(...inForce.map((entry) => entry.priority));
        expect(oracleInForce(slot.entry, instant)).toBe(true);
        expect(oracleInForce(slot.entry, slot.startedAt)).toBe(true);
        expect(oracleInForce(slot.entry, slot.endsAt - 1)).toBe(true);
        expect(slot.entry.priority).toBe(maxPriority);
      }),
    );
  });

  it('returns a turn containing the instant', () => {
    check(
      fc.property(entriesArb, instantArb, durationsArb, (entries, instant, durations) => {
        const slot = resolveSlot(entries, instant, optionsFor(durations));
        if (slot === null) return;

        expect(slot.startedAt).toBeLessThanOrEqual(instant);
        expect(slot.endsAt).toBeGreaterThan(instant);
        expect(slot.endsAt - slot.startedAt).toBeLessThanOrEqual(durationOf(slot.entry, durations));
      }),
    );
  });

  it('returns one slot for every instant of a turn', () => {
    check(
      fc.property(
        entriesArb,
        instantArb,
        durationsArb,
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (entries, instant, durations, fraction) => {
          const options = optionsFor(durations);
          const slot = resolveSlot(entries, instant, options);
          if (slot === null) return;

          const later = instant + Math.floor((slot.endsAt - instant) * fraction);
          expect(resolveSlot(entries, later, options)).toEqual(slot);
          expect(resolveSlot(entries, slot.startedAt, options)).toEqual(slot);
          expect(resolveSlot(entries, slot.endsAt - 1, options)).toEqual(slot);
          expect(summary(resolveSlot(entries, slot.endsAt, options))).not.toEqual(summary(slot));
        },
      ),
    );
  });

  it('hands over to the next entry at a natural end', () => {
    check(
      fc.property(entriesArb, instantArb, durationsArb, (entries, instant, durations) => {
        const options = optionsFor(durations);
        const slot = resolveSlot(entries, instant, options);
        if (slot === null) return;
        if (topIds(entries, slot.endsAt) !== topIds(entries, instant)) return;

        const top = entriesOnTop(entries, instant);
        const following = top[(top.indexOf(slot.entry) + 1) % top.length]!;
        const next = resolveSlot(entries, slot.endsAt, options);
        expect(next?.entry).toBe(following);
        expect(next?.startedAt).toBe(slot.endsAt);
      }),
    );
  });

  it('nextChangeAfter matches the grid oracle', () => {
    check(
      fc.property(entriesArb, instantArb, (entries, instant) => {
        const fingerprint = (point: number) =>
          entries.map((entry) => (oracleInForce(entry, point) ? '1' : '0')).join('');
        const expected = oracleNextChange(instant, fingerprint);
        const change = nextChangeAfter(entries, instant);

        // Past the windows' span the dayparts repeat weekly, so a later change is a daypart
        // edge that the oracle, probing only to ORACLE_LAST, cannot see.
        if (expected === null && change !== null) {
          expect(change).toBeGreaterThan(ORACLE_LAST);
          return;
        }
        expect(change).toBe(expected);
        if (change === null) return;

        expect(states(entries, change - 1)).toEqual(states(entries, instant));
        expect(states(entries, change)).not.toEqual(states(entries, change - 1));
      }),
    );
  });
});

/** Runs the resolver on the same cases in a child Node process with another TZ. */
function resultsInChild(timeZone: string, cases: unknown): Promise<string> {
  const resolverUrl = new URL('../shared/schedule-resolver.ts', import.meta.url).href;
  const script = `
    const resolver = await import(${JSON.stringify(resolverUrl)});
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const results = JSON.parse(input).map(({ entries, instant, durations }) => {
      const options = durations ? { durationMs: (e) => durations[Number(e.id.slice(1))] } : {};
      const slot = resolver.resolveSlot(entries, instant, options);
      return [
        slot && { id: slot.entry.id, startedAt: slot.startedAt, endsAt: slot.endsAt },
        resolver.nextChangeAfter(entries, instant),
      ];
    });
    process.stdout.write(JSON.stringify(results));
  `;
  const root = fileURLToPath(new URL('..', import.meta.url));

  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { cwd: root, env: { ...process.env, TZ: timeZone }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`child with TZ=${timeZone} exited with ${code}: ${stderr}`));
    });
    child.stdin.end(JSON.stringify(cases));
  });
}

describe('schedule resolver across host time zones', () => {
  it('returns the same results under other TZ values', { timeout: 20_000 }, async () => {
    const caseArb = fc.record({
      entries: entriesArb,
      instant: instantArb,
      durations: durationsArb,
    });
    const cases = fc.sample(caseArb, { numRuns: NUM_RUNS, seed: 20260306 });
    const local = JSON.stringify(
      cases.map(({ entries, instant, durations }) => [
        summary(resolveSlot(entries, instant, optionsFor(durations))),
        nextChangeAfter(entries, instant),
      ]),
    );

    const zones = ['UTC', 'America/New_York', 'Asia/Kolkata'];
    const children = await Promise.all(zones.map((zone) => resultsInChild(zone, cases)));

    for (const [index, zone] of zones.entries()) {
      expect(children[index], `results under TZ=${zone}`).toBe(local);
    }
  });
});
