/**
 * The ticker band (滚动字幕): the tickers in force at an instant, joined into one line that scrolls
 * between the header and the slide. With reduced motion the line does not move and wraps to at
 * most two lines instead.
 */
import type { Ticker } from '../shared/protocol.ts';

export interface TickerBand {
  text: string;
  /** False when the reader asked for reduced motion: the text is shown still. */
  scroll: boolean;
  /** Seconds for the text to cross the band once. */
  seconds: number;
}

/** Reading pace of the scrolling text, in characters per second (an estimate for 40 px text). */
const CHARACTERS_PER_SECOND = 4;
/** Characters that fit across the band, about; the text enters from the right edge. */
const BAND_CHARACTERS = 40;
const SEPARATOR = '　　';

/** Tickers whose half-open window [from, until) contains `now`; null bounds are open. */
export function tickersInForce(tickers: readonly Ticker[], now: number): Ticker[] {
  return tickers.filter(
    (ticker) =>
      (ticker.from === null || ticker.from <= now) && (ticker.until === null || now < ticker.until),
  );
}

/** Build the band to show at `now`; null when no ticker is in force. */
export function tickerBandAt(
  tickers: readonly Ticker[],
  now: number,
  reducedMotion: boolean,
): TickerBand | null {
  const texts = tickersInForce(tickers, now)
    .map((ticker) => ticker.text.trim())
    .filter((text) => text !== '');
  if (texts.length === 0) return null;

  const text = texts.join(SEPARATOR);
  const seconds = Math.max(10, Math.round((text.length + BAND_CHARACTERS) / CHARACTERS_PER_SECOND));
  return { text, scroll: !reducedMotion, seconds };
}

/**
 * Key of the band's effect on layout: a scrolling band is one line whatever its text, and a still
 * band's height depends on its text.
 */
export function tickerLayoutKey(band: TickerBand | null | undefined): string {
  if (!band) return 'none';
  return band.scroll ? 'scroll' : `still:${band.text}`;
}
