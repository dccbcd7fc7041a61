import { describe, expect, it } from 'vitest';
import { OUTBOX_KEY, ShowingOutbox, type KeyValueStorage } from '../display/outbox.ts';
import { CHECKPOINT_KEY, ShowingRecorder, type Turn } from '../display/showing-recorder.ts';
import { backoffDelay } from '../display/backoff.ts';
import { ServerClock } from '../display/server-clock.ts';
import { uuidV4 } from '../display/uuid.ts';

class MemoryStorage implements KeyValueStorage {
  readonly values = new Map<string, string>();
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.values.set(key, value);
  }
  removeItem(key: string) {
    this.values.delete(key);
  }
}

function setup() {
  const storage = new MemoryStorage();
  const outbox = new ShowingOutbox(storage);
  const time = { server: 1_000_000, monotonic: 0 };
  let counter = 0;
  const recorder = new ShowingRecorder({
    outbox,
    storage,
    serverNow: () => time.server,
    monotonic: () => time.monotonic,
    newId: () => `showing-${++counter}`,
  });
  const advance = (ms: number) => {
    time.server += ms;
    time.monotonic += ms;
  };
  return { storage, outbox, recorder, time, advance };
}

const turn = (key: string, endsAt: number): Turn => ({
  key,
  disclosureId: 7,
  versionId: 71,
  endsAt,
});

describe('ShowingRecorder', () => {
  it('records a complete turn', () => {
    const { outbox, recorder, advance } = setup();
    recorder.update(turn('a', 1_010_000), true);
    advance(10_100);
    recorder.update(turn('b', 1_020_000), true);

    expect(outbox.batch()).toEqual([
      { id: 'showing-1', disclosureId: 7, versionId: 71, startedAt: 1_000_000, seconds: 10 },
    ]);
  });

  it('marks a turn cut by hiding as interrupted', () => {
    const { outbox, recorder, advance } = setup();
    recorder.update(turn('a', 1_010_000), true);
    advance(4_260);
    recorder.update(turn('a', 1_010_000), false);

    expect(outbox.batch()).toEqual([
      {
        id: 'showing-1',
        disclosureId: 7,
        versionId: 71,
        startedAt: 1_000_000,
        seconds: 4.3,
        interrupted: true,
      },
    ]);
  });

  it('opens no showing while hidden or on the fallback', () => {
    const { outbox, recorder, advance } = setup();
    recorder.update(turn('a', 1_010_000), false);
    advance(5_000);
    recorder.update(null, true);
    advance(5_000);
    recorder.close(true);

    expect(outbox.size).toBe(0);
  });

  it('recovers a checkpoint left by a crash', () => {
    const first = setup();
    first.recorder.update(turn('a', 1_010_000), true);
    first.advance(3_000);
    first.recorder.checkpoint();

    const outbox = new ShowingOutbox(first.storage);
    const recorder = new ShowingRecorder({
      outbox,
      storage: first.storage,
      serverNow: () => 0,
      newId: () => 'unused',
    });
    recorder.recoverCheckpoint();

    expect(outbox.batch()).toEqual([
      {
        id: 'showing-1',
        disclosureId: 7,
        versionId: 71,
        startedAt: 1_000_000,
        seconds: 3,
        interrupted: true,
      },
    ]);
    expect(first.storage.getItem(CHECKPOINT_KEY)).toBeNull();
  });
});

describe('ShowingOutbox', () => {
  it('persists showings until acknowledged', () => {
    const storage = new MemoryStorage();
    const outbox = new ShowingOutbox(storage);
    outbox.add({ id: 'aaaaaaaa-1', disclosureId: 1, versionId: 2, startedAt: 3, seconds: 4 });
    outbox.add({ id: 'aaaaaaaa-2', disclosureId: 1, versionId: 2, startedAt: 5, seconds: 4 });

    expect(new ShowingOutbox(storage).size).toBe(2);
    expect(outbox.remove(['aaaaaaaa-1', 'unknown'])).toBe(1);
    expect(new ShowingOutbox(storage).batch().map((showing) => showing.id)).toEqual(['aaaaaaaa-2']);
  });

  it('ignores corrupt storage', () => {
    const storage = new MemoryStorage();
    storage.setItem(OUTBOX_KEY, '{not json');

    expect(new ShowingOutbox(storage).size).toBe(0);
  });

  it('limits a batch to 500 showings', () => {
    const outbox = new ShowingOutbox(new MemoryStorage());
    for (let index = 0; index < 700; index += 1) {
      outbox.add({
        id: `showing-${index}`,
        disclosureId: 1,
        versionId: 1,
        startedAt: index,
        seconds: 1,
      });
    }

    expect(outbox.batch()).toHaveLength(500);
    expect(outbox.batch()[0]!.id).toBe('showing-0');
  });
});

describe('ServerClock', () => {
  it('uses the wall clock before the first sync', () => {
    const clock = new ServerClock(
      () => 50,
      () => 123,
    );

    expect(clock.now()).toBe(123);
  });

  it('adds half the round trip to a pong', () => {
    let monotonic = 1_000;
    const clock = new ServerClock(
      () => monotonic,
      () => 0,
    );
    clock.syncFromRoundTrip(500_000, 900, 1_000);
    monotonic = 1_250;

    expect(clock.now()).toBe(500_300);
  });
});

describe('backoffDelay', () => {
  it('stays within the exponential ceiling', () => {
    expect(backoffDelay(0, () => 0.999)).toBe(9_990);
    expect(backoffDelay(2, () => 0.5)).toBe(20_000);
    expect(backoffDelay(3, () => 0.5)).toBe(30_000);
    expect(backoffDelay(20, () => 0.999)).toBe(59_940);
    expect(backoffDelay(5, () => 0)).toBe(0);
  });
});

describe('uuidV4', () => {
  it('has the version 4 layout', () => {
    const ids = new Set(Array.from({ length: 100 }, () => uuidV4()));

    expect(ids.size).toBe(100);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
