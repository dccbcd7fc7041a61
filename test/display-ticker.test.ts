/** Which tickers are in force, and the band they make. */
import { describe, expect, it } from 'vitest';
import type { Ticker } from '../shared/protocol.ts';
import { tickerBandAt, tickerLayoutKey, tickersInForce } from '../display/ticker.ts';

const ticker = (id: number, from: number | null, until: number | null): Ticker => ({
  id,
  text: `通知${id}`,
  from,
  until,
});

describe('tickersInForce', () => {
  it('uses half-open windows', () => {
    const tickers = [ticker(1, 100, 200), ticker(2, null, null), ticker(3, null, 100)];
    expect(tickersInForce(tickers, 99).map((t) => t.id)).toEqual([2, 3]);
    expect(tickersInForce(tickers, 100).map((t) => t.id)).toEqual([1, 2]);
    expect(tickersInForce(tickers, 199).map((t) => t.id)).toEqual([1, 2]);
    expect(tickersInForce(tickers, 200).map((t) => t.id)).toEqual([2]);
  });
});

describe('tickerBandAt', () => {
  it('joins texts in force', () => {
    const band = tickerBandAt([ticker(1, null, null), ticker(2, null, null)], 0, false);
    expect(band?.text).toBe('通知1　　通知2');
    expect(band?.scroll).toBe(true);
    expect(band?.seconds).toBeGreaterThanOrEqual(10);
  });

  it('is null when nothing is in force', () => {
    expect(tickerBandAt([ticker(1, 100, 200)], 200, false)).toBeNull();
    expect(tickerBandAt([{ ...ticker(1, null, null), text: '  ' }], 0, false)).toBeNull();
  });

  it('stands still for reduced motion', () => {
    const band = tickerBandAt([ticker(1, null, null)], 0, true);
    expect(band?.scroll).toBe(false);
    expect(tickerLayoutKey(band)).toBe('still:通知1');
  });

  it('keys scrolling layout without text', () => {
    expect(tickerLayoutKey(null)).toBe('none');
    expect(tickerLayoutKey(tickerBandAt([ticker(1, null, null)], 0, false))).toBe('scroll');
    expect(tickerLayoutKey(tickerBandAt([ticker(2, null, null)], 0, false))).toBe('scroll');
  });
});
