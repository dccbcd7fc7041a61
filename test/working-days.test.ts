import { findWorkday, isWorkday } from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { readOfficialCalendar } from '../server/calendar-store.ts';
import { addDays } from '../shared/shanghai-time.ts';
import { WorkCalendar, type CalendarYear } from '../shared/working-days.ts';

const official = readOfficialCalendar();
const calendar = new WorkCalendar(official.years);
const ESTIMATE_2027 = '2027 年节假日安排尚未导入，按周一至周五估算';

/**
 * chinese-days 1.5.7 builds its own tables and reads dates with local-time getters, so on a host
 * west of UTC its functions return the result of the neighbouring day. The cross-checks against
 * it run only where its results are right. The bundled JSON comes from its data file instead.
 */
const packageResultsRight = new Date(2026, 0, 1).getTimezoneOffset() <= 0;

function datesBetween(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) dates.push(date);
  return dates;
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

describe('bundled official calendar', () => {
  it('covers 2004 to 2026 from chinese-days', () => {
    expect(official.source).toMatch(/^chinese-days@\d+\.\d+\.\d+$/);
    expect(calendar.coveredYears()).toEqual(range(2004, 2026));
  });

  it('2026 matches the State Council notice', () => {
    const year = calendar.year(2026)!;
    expect(year.origin).toBe('bundled');
    expect(year.workdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    for (const date of datesBetween('2026-02-15', '2026-02-23')) {
      expect(year.holidays, `春节 ${date}`).toContain(date);
    }
    for (const date of datesBetween('2026-10-01', '2026-10-07')) {
      expect(year.holidays, `国庆节 ${date}`).toContain(date);
    }
    expect(year.holidays).not.toContain('2026-02-24');
    expect(year.holidays).not.toContain('2026-10-08');
  });

  it.skipIf(!packageResultsRight)('agrees with chinese-days on every covered day', () => {
    const mismatches = datesBetween('2004-01-01', '2026-12-31').filter(
      (date) => calendar.isWorkingDay(date).working !== isWorkday(date),
    );
    expect(mismatches).toEqual([]);
  });

  it.skipIf(!packageResultsRight)('addWorkingDays agrees with findWorkday', () => {
    const mismatches: string[] = [];
    for (let from = '2004-01-01'; from <= '2026-10-31'; from = addDays(from, 5)) {
      for (const n of [1, 3, 10, 20]) {
        const expected = findWorkday(n, from);
        const actual = calendar.addWorkingDays(from, n).date;
        if (actual !== expected) mismatches.push(`${from} + ${n}: ${actual} != ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2026-02-13', true, '周五'],
    ['2026-02-14', true, '春节调休周六上班'],
    ['2026-02-15', false, '春节首日'],
    ['2026-02-23', false, '春节假期周一'],
    ['2026-02-24', true, '节后首个工作日'],
    ['2026-02-28', true, '春节调休周六上班'],
    ['2026-03-01', false, '普通周日'],
    ['2026-09-20', true, '国庆调休周日上班'],
    ['2026-09-25', false, '中秋'],
    ['2026-10-01', false, '国庆节'],
    ['2026-10-07', false, '国庆假期周三'],
    ['2026-10-08', true, '节后首个工作日'],
    ['2026-10-10', true, '国庆调休周六上班'],
    ['2026-10-11', false, '普通周日'],
  ])('%s working=%s (%s)', (date, working) => {
    expect(calendar.isWorkingDay(date)).toEqual({ working, official: true });
  });

  it.each([
    ['2027-01-01', true],
    ['2027-01-02', false],
    ['2003-12-31', true],
  ])('%s outside coverage is Mon-Fri, not official', (date, working) => {
    expect(calendar.isWorkingDay(date)).toEqual({ working, official: false });
  });

  it('rejects an invalid date', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(/invalid date "2026-02-30"/);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2026-09-15', 20, '2026-10-19'],
    ['2026-09-15', 0, '2026-09-15'],
    ['2026-09-15', 1, '2026-09-16'],
    ['2026-09-18', 1, '2026-09-20'],
    ['2026-09-24', 1, '2026-09-28'],
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-09-30', 3, '2026-10-10'],
    ['2026-10-10', 1, '2026-10-12'],
    ['2026-02-10', 10, '2026-03-02'],
    ['2026-02-12', 5, '2026-02-26'],
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-02-14', 1, '2026-02-24'],
    ['2026-02-26', 2, '2026-02-28'],
    ['2026-02-28', 1, '2026-03-02'],
    ['2025-12-31', 1, '2026-01-04'],
  ])('%s + %i -> %s', (from, n, expected) => {
    expect(calendar.addWorkingDays(from, n)).toEqual({ date: expected, estimate: false });
  });

  it('estimates into an uncovered year', () => {
    expect(calendar.addWorkingDays('2026-12-20', 20)).toEqual({
      date: '2027-01-15',
      estimate: true,
      reason: ESTIMATE_2027,
    });
  });

  it('flags the first uncovered day', () => {
    expect(calendar.addWorkingDays('2026-12-31', 0).estimate).toBe(false);
    expect(calendar.addWorkingDays('2026-12-31', 1)).toEqual({
      date: '2027-01-01',
      estimate: true,
      reason: ESTIMATE_2027,
    });
  });

  it('names every uncovered year', () => {
    const result = calendar.addWorkingDays('2026-12-20', 300);
    expect(result.estimate).toBe(true);
    expect(result.reason).toBe('2027、2028 年节假日安排尚未导入，按周一至周五估算');
  });

  it.each([
    ['2026-02-30', 1, /invalid fromDate "2026-02-30"/],
    ['2026-09-15', -1, /invalid number of working days -1/],
    ['2026-09-15', 1.5, /invalid number of working days 1.5/],
    ['2026-09-15', 10_001, /invalid number of working days 10001/],
  ])('rejects %s + %s', (from, n, message) => {
    expect(() => calendar.addWorkingDays(from, n)).toThrow(message);
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2026-09-15', '2026-10-19', 20],
    ['2026-10-19', '2026-09-15', -20],
    ['2026-09-15', '2026-09-15', 0],
    ['2026-02-13', '2026-02-24', 2],
    ['2026-02-14', '2026-02-23', 0],
    ['2026-09-30', '2026-10-07', 0],
    ['2026-09-30', '2026-10-10', 3],
    ['2025-12-31', '2026-12-31', 248],
  ])('%s to %s is %i', (a, b, days) => {
    expect(calendar.workingDaysBetween(a, b)).toEqual({ days, estimate: false });
  });

  it.skipIf(!packageResultsRight)('full 2026 matches chinese-days', () => {
    const expected = datesBetween('2026-01-01', '2026-12-31').filter((date) => isWorkday(date));
    expect(calendar.workingDaysBetween('2025-12-31', '2026-12-31').days).toBe(expected.length);
  });

  it('inverts addWorkingDays', () => {
    for (const [from, n] of [
      ['2026-09-15', 20],
      ['2026-02-10', 10],
      ['2026-12-20', 20],
    ] as const) {
      const deadline = calendar.addWorkingDays(from, n);
      const between = calendar.workingDaysBetween(from, deadline.date);
      expect(between.days, `${from} + ${n}`).toBe(n);
      expect(between.estimate, `${from} + ${n}`).toBe(deadline.estimate);
    }
  });

  it('estimates across an uncovered year', () => {
    expect(calendar.workingDaysBetween('2026-12-20', '2027-01-15')).toEqual({
      days: 20,
      estimate: true,
      reason: ESTIMATE_2027,
    });
  });
});

describe('WorkCalendar', () => {
  const year = (holidays: string[], source: string): CalendarYear => ({
    year: 2027,
    holidays,
    workdays: [],
    origin: 'imported',
    source,
    importedAt: 0,
  });

  it('later year entries replace earlier ones', () => {
    const merged = new WorkCalendar([
      year(['2027-01-01'], 'first'),
      year(['2027-01-04'], 'second'),
    ]);
    expect(merged.year(2027)?.source).toBe('second');
    expect(merged.isWorkingDay('2027-01-01')).toEqual({ working: true, official: true });
    expect(merged.isWorkingDay('2027-01-04')).toEqual({ working: false, official: true });
  });
});
