/**
 * Playing offline from the cached schedule: the saved clock offset replaces the server until
 * a sync, the fallback slide shows past the horizon, and a delivered emergency notice stays.
 */
import { describe, expect, it } from 'vitest';
import type { ScheduleMessage, SlideContent } from '../shared/protocol.ts';
import { nowPlaying } from '../display/playback.ts';
import { ServerClock } from '../display/server-clock.ts';

const HOUR = 3_600_000;
const START = Date.parse('2026-12-07T09:00:00+08:00');

function content(disclosureId: number, title: string): SlideContent {
  return {
    disclosureId,
    versionId: disclosureId * 10,
    version: 1,
    title,
    label: '综合居务 · 居民区简介',
    catalogItem: 1,
    body: [],
    images: [],
    contentHash: `hash-${disclosureId}`,
    sample: false,
  };
}

function schedule(overrides: Partial<ScheduleMessage> = {}): ScheduleMessage {
  return {
    type: 'schedule',
    serverTime: START,
    scheduleHash: 'h1',
    horizonUntil: START + 48 * HOUR,
    entries: [
      {
        id: 'a',
        contentKey: 'c1',
        seconds: 30,
        from: null,
        until: null,
        dayparts: [],
        priority: 0,
      },
    ],
    current: ['a'],
    content: { c1: content(1, '居民区简介'), c2: content(2, '停水告知书') },
    emergency: null,
    tickers: [],
    ...overrides,
  };
}

describe('ServerClock offline', () => {
  it('restores a saved offset', () => {
    const time = { wall: 1_000_000, monotonic: 50 };
    const clock = new ServerClock(
      () => time.monotonic,
      () => time.wall,
    );
    clock.syncAt(1_000_000 + 7_000, 50);
    expect(clock.wallOffset()).toBe(7_000);

    const rebooted = new ServerClock(
      () => time.monotonic,
      () => time.wall,
    );
    time.wall = 2_000_000;
    time.monotonic = 10;
    rebooted.restore(7_000);
    expect(rebooted.synced).toBe(false);
    expect(rebooted.now()).toBe(2_007_000);

    // Later changes of the kiosk's wall clock no longer matter, only monotonic time does.
    time.wall = 5;
    time.monotonic = 1_010;
    expect(rebooted.now()).toBe(2_008_000);
    expect(rebooted.wallOffset()).toBeNull();
  });

  it('ignores a restore after a sync', () => {
    const clock = new ServerClock(
      () => 0,
      () => 100,
    );
    clock.syncAt(500, 0);
    clock.restore(99_999);
    expect(clock.now()).toBe(500);
  });
});

describe('nowPlaying offline', () => {
  it('shows the fallback past the horizon', () => {
    const cached = schedule();
    expect(nowPlaying(cached, cached.horizonUntil - 1, () => 1)?.content.title).toBe('居民区简介');
    expect(nowPlaying(cached, cached.horizonUntil, () => 1)).toBeNull();
  });

  it('keeps a delivered emergency past the horizon', () => {
    const cached = schedule({ emergency: { id: 3, contentKey: 'c2', issuedAt: START } });
    const playing = nowPlaying(cached, cached.horizonUntil + 5 * HOUR, () => 1);
    expect(playing?.emergencyId).toBe(3);
    expect(playing?.content.title).toBe('停水告知书');
  });
});
