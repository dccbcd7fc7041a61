// Instants are built from Shanghai wall-clock strings with shanghai-time.ts, never with Date's
// local-time methods, so every expectation holds whatever the TZ of the test process.
import { describe, expect, it } from 'vitest';
import type { Daypart, ScheduleEntry } from '../shared/schedule-model.ts';
import {
  entriesOnTop,
  isEntryInForce,
  nextChangeAfter,
  resolveSlot,
} from '../shared/schedule-resolver.ts';
import { shanghaiInstant, shanghaiParts } from '../shared/shanghai-time.ts';

// 2026-03-06 is a Friday (ISO weekday 5) and 2026-03-07 a Saturday.
const FRIDAY = '2026-03-06';
const SATURDAY = '2026-03-07';
const THURSDAY = '2026-03-05';
const NEXT_FRIDAY = '2026-03-13';

/** Converts a Shanghai wall-clock time `HH:MM[:SS[.mmm]]` on a date to an instant. */
function at(date: string, time: string): number {
  const [clock, millis = '0'] = time.split('.');
  const [hours = 0, minutes = 0, seconds = 0] = clock!.split(':').map(Number);
  return shanghaiInstant(date, hours * 60 + minutes) + seconds * 1000 + Number(millis);
}

function entry(id: string, overrides: Partial<ScheduleEntry> = {}): ScheduleEntry {
  return {
    id,
    contentKey: `content-${id}`,
    seconds: 60,
    from: null,
    until: null,
    dayparts: [],
    priority: 0,
    ...overrides,
  };
}

function daypart(weekdays: number[], start: string, end: string): Daypart {
  return { weekdays, start, end };
}

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const DAY = 24 * 60 * 60 * 1000;

describe('calendar fixture', () => {
  it('uses a Friday and a Saturday', () => {
    expect(shanghaiParts(at(FRIDAY, '12:00')).weekday).toBe(5);
    expect(shanghaiParts(at(SATURDAY, '12:00')).weekday).toBe(6);
  });
});

describe('isEntryInForce daypart crossing midnight', () => {
  const nightly = entry('nightly', { dayparts: [daypart(EVERY_DAY, '22:00', '02:00')] });

  it.each([
    ['22:00 on the start day', FRIDAY, '22:00', true],
    ['01:59:59.999 on the next day', SATURDAY, '01:59:59.999', true],
    ['02:00 on the next day', SATURDAY, '02:00', false],
    ['21:59:59 on the start day', FRIDAY, '21:59:59', false],
    ['21:59:59.999 on the start day', FRIDAY, '21:59:59.999', false],
    ['noon', FRIDAY, '12:00', false],
  ])('%s -> %s', (_label, date, time, expected) => {
    expect(isEntryInForce(nightly, at(date, time))).toBe(expected);
  });
});

describe('isEntryInForce weekday of the start day', () => {
  const fridayNight = entry('friday-night', { dayparts: [daypart([5], '22:00', '02:00')] });

  it.each([
    ['Friday 22:00', FRIDAY, '22:00', true],
    ['Saturday 01:00 (started Friday)', SATURDAY, '01:00', true],
    ['Saturday 22:00', SATURDAY, '22:00', false],
    ['Friday 01:00 (would have started Thursday)', FRIDAY, '01:00', false],
    ['Thursday 23:00', THURSDAY, '23:00', false],
  ])('%s -> %s', (_label, date, time, expected) => {
    expect(isEntryInForce(fridayNight, at(date, time))).toBe(expected);
  });
});

describe('isEntryInForce window end cuts a daypart', () => {
  const endsAtMidnight = entry('ends-at-midnight', {
    until: at(SATURDAY, '00:00'),
    dayparts: [daypart([5], '22:00', '02:00')],
  });

  it('is on Friday 23:59:59.999', () => {
    expect(isEntryInForce(endsAtMidnight, at(FRIDAY, '23:59:59.999'))).toBe(true);
  });

  it('is off at Saturday 00:00', () => {
    expect(isEntryInForce(endsAtMidnight, at(SATURDAY, '00:00'))).toBe(false);
  });

  it('is off at Saturday 01:00', () => {
    expect(isEntryInForce(endsAtMidnight, at(SATURDAY, '01:00'))).toBe(false);
  });

  it('reports the change at Saturday 00:00', () => {
    expect(nextChangeAfter([endsAtMidnight], at(FRIDAY, '23:00'))).toBe(at(SATURDAY, '00:00'));
  });
});

describe('isEntryInForce window start inside a daypart', () => {
  const startsLate = entry('starts-late', {
    from: at(FRIDAY, '23:00'),
    dayparts: [daypart([5], '22:00', '02:00')],
  });

  it('is off before from', () => {
    expect(isEntryInForce(startsLate, at(FRIDAY, '22:30'))).toBe(false);
  });

  it('is on at from', () => {
    expect(isEntryInForce(startsLate, at(FRIDAY, '23:00'))).toBe(true);
  });

  it('is off at the daypart end', () => {
    expect(isEntryInForce(startsLate, at(SATURDAY, '02:00'))).toBe(false);
  });
});

describe('isEntryInForce whole-day and 24-hour dayparts', () => {
  const wholeFriday = entry('whole-friday', { dayparts: [daypart([5], '00:00', '24:00')] });
  const fullDayFromEight = entry('from-eight', { dayparts: [daypart([5], '08:00', '08:00')] });

  it.each([
    ['Thursday 23:59:59.999', THURSDAY, '23:59:59.999', false],
    ['Friday 00:00', FRIDAY, '00:00', true],
    ['Friday 23:59:59.999', FRIDAY, '23:59:59.999', true],
    ['Saturday 00:00', SATURDAY, '00:00', false],
  ])('00:00-24:00 on Friday: %s -> %s', (_label, date, time, expected) => {
    expect(isEntryInForce(wholeFriday, at(date, time))).toBe(expected);
  });

  it.each([
    ['Friday 07:59:59.999', FRIDAY, '07:59:59.999', false],
    ['Friday 08:00', FRIDAY, '08:00', true],
    ['Saturday 07:59:59.999', SATURDAY, '07:59:59.999', true],
    ['Saturday 08:00', SATURDAY, '08:00', false],
  ])('08:00-08:00 on Friday runs 24 h: %s -> %s', (_label, date, time, expected) => {
    expect(isEntryInForce(fullDayFromEight, at(date, time))).toBe(expected);
  });

  it('reports no change for 00:00-24:00 every day', () => {
    const always = entry('always', { dayparts: [daypart(EVERY_DAY, '00:00', '24:00')] });

    expect(nextChangeAfter([always], at(FRIDAY, '12:00'))).toBeNull();
  });
});

describe('isEntryInForce half-open window', () => {
  const from = at(FRIDAY, '09:00');
  const until = at(FRIDAY, '17:00');
  const windowed = entry('windowed', { from, until });

  it.each([
    ['1 ms before from', from - 1, false],
    ['at from', from, true],
    ['1 ms before until', until - 1, true],
    ['at until', until, false],
  ])('%s -> %s', (_label, instant, expected) => {
    expect(isEntryInForce(windowed, instant)).toBe(expected);
  });

  it('is never in force when until is at from', () => {
    const empty = entry('empty', { from, until: from });

    expect(isEntryInForce(empty, from)).toBe(false);
    expect(nextChangeAfter([empty], from - DAY)).toBeNull();
  });
});

describe('resolveSlot priority takeover', () => {
  // The low entry has no window and no dayparts, so its rotation is anchored at epoch 0 and its
  // turns start on whole minutes. The high window opens and closes mid-turn.
  const low = entry('low', { seconds: 60, priority: 0 });
  const highFrom = at(FRIDAY, '10:00:30');
  const highUntil = at(FRIDAY, '10:02:00');
  const high = entry('high', { seconds: 60, priority: 10, from: highFrom, until: highUntil });
  const entries = [low, high];

  it('cuts the low turn at the high window start', () => {
    const slot = resolveSlot(entries, highFrom - 1);

    expect(slot?.entry.id).toBe('low');
    expect(slot?.startedAt).toBe(at(FRIDAY, '10:00'));
    expect(slot?.endsAt).toBe(highFrom);
  });

  it('plays the high entry from its window start', () => {
    const slot = resolveSlot(entries, highFrom);

    expect(slot?.entry.id).toBe('high');
    expect(slot?.startedAt).toBe(highFrom);
    expect(slot?.endsAt).toBe(highFrom + 60_000);
  });

  it('cuts the second high turn at the window end', () => {
    const slot = resolveSlot(entries, highUntil - 1);

    expect(slot?.entry.id).toBe('high');
    expect(slot?.startedAt).toBe(highFrom + 60_000);
    expect(slot?.endsAt).toBe(highUntil);
  });

  it('gives back to the low entry with a fresh turn', () => {
    const slot = resolveSlot(entries, highUntil);

    expect(slot?.entry.id).toBe('low');
    expect(slot?.startedAt).toBe(highUntil);
    expect(slot?.endsAt).toBe(highUntil + 60_000);
  });

  it('is not cut by a change below the top', () => {
    const lower = entry('lower', { priority: -5, from: highFrom + 10_000 });
    const slot = resolveSlot([low, high, lower], highFrom);

    expect(nextChangeAfter([low, high, lower], highFrom)).toBe(highFrom + 10_000);
    expect(slot?.endsAt).toBe(highFrom + 60_000);
  });
});

describe('resolveSlot rotation of equal priorities', () => {
  const from = at(FRIDAY, '09:00');
  const rotation = ['a', 'b', 'c'].map((id) => entry(id, { from }));
  const durations: Record<string, number> = { a: 1000, b: 2000, c: 3000 };
  const options = { durationMs: (item: ScheduleEntry) => durations[item.id]! };

  it.each([
    [0, 'a', 0, 1000],
    [999, 'a', 0, 1000],
    [1000, 'b', 1000, 3000],
    [2999, 'b', 1000, 3000],
    [3000, 'c', 3000, 6000],
    [5999, 'c', 3000, 6000],
    [6000, 'a', 6000, 7000],
  ])('at from + %i ms plays %s', (offset, id, startOffset, endOffset) => {
    const slot = resolveSlot(rotation, from + offset, options);

    expect(slot?.entry.id).toBe(id);
    expect(slot?.startedAt).toBe(from + startOffset);
    expect(slot?.endsAt).toBe(from + endOffset);
  });

  it('anchors at epoch 0 when the on-top list never changes', () => {
    const unbounded = ['a', 'b', 'c'].map((id) => entry(id));
    const cycleStart = 6000 * 300_000_000;
    const slot = resolveSlot(unbounded, cycleStart + 1500, options);

    expect(slot?.entry.id).toBe('b');
    expect(slot?.startedAt).toBe(cycleStart + 1000);
    expect(slot?.endsAt).toBe(cycleStart + 3000);
  });

  it('defaults each turn to seconds * 1000', () => {
    const slot = resolveSlot([entry('a', { from, seconds: 15 })], from + 20_000);

    expect(slot?.startedAt).toBe(from + 15_000);
    expect(slot?.endsAt).toBe(from + 30_000);
  });

  it('anchors at a window start weeks ago', () => {
    const longRunning = ['a', 'b', 'c'].map((id) => entry(id, { from: from - 30 * DAY + 500 }));
    const slot = resolveSlot(longRunning, from + 1000, options);

    // 30 days is 432 000 whole cycles of 6000 ms, so the instant sits 500 ms into turn a.
    expect(slot?.entry.id).toBe('a');
    expect(slot?.startedAt).toBe(from + 500);
    expect(slot?.endsAt).toBe(from + 1500);
  });

  it('anchors at the daypart start', () => {
    const nightly = entry('nightly', { dayparts: [daypart(EVERY_DAY, '22:00', '02:00')] });
    const slot = resolveSlot([nightly], at(FRIDAY, '22:01:30'));

    expect(slot?.startedAt).toBe(at(FRIDAY, '22:01'));
  });

  it('rejects a zero duration', () => {
    const zero = { durationMs: () => 0 };

    expect(() => resolveSlot(rotation, from, zero)).toThrow(/invalid duration 0 ms .*"a"/);
  });

  it('rejects a non-finite instant', () => {
    expect(() => resolveSlot(rotation, Number.NaN)).toThrow(RangeError);
  });
});

describe('resolveSlot with nothing in force', () => {
  it('returns null for an empty schedule', () => {
    expect(resolveSlot([], at(FRIDAY, '12:00'))).toBeNull();
  });

  it('returns null outside every window', () => {
    const expired = entry('expired', { until: at(FRIDAY, '09:00') });

    expect(resolveSlot([expired], at(FRIDAY, '12:00'))).toBeNull();
  });

  it('returns no entries on top', () => {
    const nightly = entry('nightly', { dayparts: [daypart(EVERY_DAY, '22:00', '02:00')] });

    expect(entriesOnTop([nightly], at(FRIDAY, '12:00'))).toEqual([]);
  });
});

describe('entriesOnTop', () => {
  it('keeps the highest priority in schedule order', () => {
    const entries = [
      entry('b', { priority: 5 }),
      entry('low', { priority: 1 }),
      entry('a', { priority: 5 }),
    ];

    expect(entriesOnTop(entries, 0).map((item) => item.id)).toEqual(['b', 'a']);
  });
});

describe('nextChangeAfter windows', () => {
  const first = entry('first', { from: at(FRIDAY, '09:00'), until: at(FRIDAY, '17:00') });
  const later = entry('later', { from: at(NEXT_FRIDAY, '09:00') });

  it.each([
    ['before every window', at(FRIDAY, '08:00'), at(FRIDAY, '09:00')],
    ['at a from', at(FRIDAY, '09:00'), at(FRIDAY, '17:00')],
    ['between windows', at(FRIDAY, '17:00'), at(NEXT_FRIDAY, '09:00')],
    ['after the last boundary', at(NEXT_FRIDAY, '09:00'), null],
  ])('%s', (_label, instant, expected) => {
    expect(nextChangeAfter([first, later], instant)).toBe(expected);
  });

  it('finds a window opening months later', () => {
    const far = entry('far', { from: at('2026-09-15', '00:00') });

    expect(nextChangeAfter([far], at(FRIDAY, '00:00'))).toBe(at('2026-09-15', '00:00'));
  });

  it('returns null for an empty schedule', () => {
    expect(nextChangeAfter([], at(FRIDAY, '00:00'))).toBeNull();
  });
});

describe('nextChangeAfter dayparts', () => {
  const fridayNight = entry('friday-night', { dayparts: [daypart([5], '22:00', '02:00')] });

  it.each([
    ['before the start', at(FRIDAY, '12:00'), at(FRIDAY, '22:00')],
    ['at the start', at(FRIDAY, '22:00'), at(SATURDAY, '02:00')],
    ['at the end, a week ahead', at(SATURDAY, '02:00'), at(NEXT_FRIDAY, '22:00')],
  ])('%s', (_label, instant, expected) => {
    expect(nextChangeAfter([fridayNight], instant)).toBe(expected);
  });

  it('skips daypart edges before a window opens', () => {
    const from = at(NEXT_FRIDAY, '23:00');
    const delayed = entry('delayed', { from, dayparts: [daypart(EVERY_DAY, '22:00', '02:00')] });

    expect(nextChangeAfter([delayed], at(FRIDAY, '12:00'))).toBe(from);
  });

  it('finds the first range after a window opens off-hours', () => {
    const from = at('2026-06-01', '12:00');
    const delayed = entry('delayed', { from, dayparts: [daypart(EVERY_DAY, '22:00', '02:00')] });

    expect(nextChangeAfter([delayed], at(FRIDAY, '12:00'))).toBe(at('2026-06-01', '22:00'));
  });

  it('ignores touching ranges of one entry', () => {
    const joined = entry('joined', {
      dayparts: [daypart([5], '08:00', '12:00'), daypart([5], '12:00', '18:00')],
    });

    expect(nextChangeAfter([joined], at(FRIDAY, '09:00'))).toBe(at(FRIDAY, '18:00'));
  });
});
