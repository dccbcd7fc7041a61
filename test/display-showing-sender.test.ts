/**
 * The display's ShowingSender: one batch in flight, the next after a matching ack, a resend after
 * the ack timeout, and no second copy of a batch when a resent batch is acked twice.
 */
import { describe, expect, it } from 'vitest';
import { ShowingOutbox, type KeyValueStorage } from '../display/outbox.ts';
import { ACK_TIMEOUT_MS, ShowingSender } from '../display/showing-sender.ts';
import type { AckMessage, Showing } from '../shared/protocol.ts';

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

const showing = (id: string): Showing => ({
  id,
  disclosureId: 7,
  versionId: 71,
  startedAt: 1_000_000,
  seconds: 10,
});

const ack = (...committed: string[]): AckMessage => ({ type: 'ack', committed, rejected: [] });

function setup(ids: string[], batchLimit = 2) {
  const outbox = new ShowingOutbox(new MemoryStorage());
  for (const id of ids) outbox.add(showing(id));
  const clock = { monotonic: 0 };
  const sent: string[][] = [];
  let online = true;
  const sender = new ShowingSender({
    outbox,
    send: (showings) => {
      if (!online) return false;
      sent.push(showings.map((item) => item.id));
      return true;
    },
    monotonic: () => clock.monotonic,
    batchLimit,
  });
  const setOnline = (value: boolean) => {
    online = value;
  };
  return { outbox, clock, sent, sender, setOnline };
}

describe('ShowingSender', () => {
  it('sends one batch at a time', () => {
    const { sent, sender } = setup(['a', 'b', 'c']);
    sender.flush();
    sender.flush();

    expect(sent).toEqual([['a', 'b']]);
    expect(sender.inFlight).toBe(true);
  });

  it('sends the next batch after its ack', () => {
    const { outbox, sent, sender } = setup(['a', 'b', 'c']);
    sender.flush();
    sender.handleAck(ack('a', 'b'));

    expect(sent).toEqual([['a', 'b'], ['c']]);
    sender.handleAck(ack('c'));
    expect(outbox.size).toBe(0);
    expect(sender.inFlight).toBe(false);
  });

  it('resends a batch after the ack timeout', () => {
    const { clock, sent, sender } = setup(['a', 'b', 'c']);
    sender.flush();
    clock.monotonic += ACK_TIMEOUT_MS;
    sender.retryOverdue();
    expect(sent).toHaveLength(1);

    clock.monotonic += 1;
    sender.retryOverdue();
    expect(sent).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('ignores the duplicate ack of a resent batch', () => {
    const { clock, outbox, sent, sender } = setup(['a', 'b', 'c', 'd']);
    sender.flush();
    clock.monotonic += ACK_TIMEOUT_MS + 1;
    sender.retryOverdue();

    // The first ack of [a, b] ends that batch, and [c, d] goes out.
    sender.handleAck(ack('a', 'b'));
    expect(sent).toEqual([
      ['a', 'b'],
      ['a', 'b'],
      ['c', 'd'],
    ]);

    // The ack of the resend names nothing in flight: [c, d] stays in flight and is not sent again.
    sender.handleAck(ack('a', 'b'));
    expect(sender.inFlight).toBe(true);
    sender.retryOverdue();
    sender.flush();
    expect(sent).toHaveLength(3);

    sender.handleAck(ack('c', 'd'));
    expect(outbox.size).toBe(0);
    expect(sender.inFlight).toBe(false);
  });

  it('ends a batch on a rejected showing', () => {
    const { sent, sender } = setup(['a', 'b', 'c']);
    sender.flush();
    sender.handleAck({ type: 'ack', committed: ['a'], rejected: [{ id: 'b', reason: 'unknown' }] });

    expect(sent).toEqual([['a', 'b'], ['c']]);
  });

  it('keeps nothing in flight while offline', () => {
    const { sent, sender, setOnline } = setup(['a']);
    setOnline(false);
    sender.flush();
    expect(sender.inFlight).toBe(false);

    setOnline(true);
    sender.retryOverdue();
    expect(sent).toEqual([['a']]);
  });

  it('starts afresh after a reset', () => {
    const { sent, sender } = setup(['a']);
    sender.flush();
    sender.reset();
    sender.flush();

    expect(sent).toEqual([['a'], ['a']]);
  });
});
