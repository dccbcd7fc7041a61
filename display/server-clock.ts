/**
 * Server time on the kiosk. The kiosk's own clock and time zone are never trusted: the server's
 * time at the last sync plus the monotonic time elapsed since then is the only "now" used for
 * playback, the header clock and showing timestamps.
 */

export type MonotonicNow = () => number;

export class ServerClock {
  /** Server time minus monotonic time, in milliseconds; null before the first sync. */
  #offset: number | null = null;
  readonly #monotonic: MonotonicNow;
  readonly #wallClock: () => number;

  constructor(monotonic: MonotonicNow = () => performance.now(), wallClock = () => Date.now()) {
    this.#monotonic = monotonic;
    this.#wallClock = wallClock;
  }

  get synced(): boolean {
    return this.#offset !== null;
  }

  /** Sync to a server time received at monotonic instant `receivedAt` (a hello frame). */
  syncAt(serverTime: number, receivedAt: number): void {
    this.#offset = serverTime - receivedAt;
  }

  /**
   * Sync to a pong: the server stamped `serverTime` about half a round trip before receipt, so
   * that half is added.
   */
  syncFromRoundTrip(serverTime: number, sentAt: number, receivedAt: number): void {
    const halfRoundTrip = Math.max(0, receivedAt - sentAt) / 2;
    this.#offset = serverTime + halfRoundTrip - receivedAt;
  }

  /** Epoch milliseconds of server time; the kiosk's Date.now() only before the first sync. */
  now(): number {
    if (this.#offset === null) return this.#wallClock();
    return this.#monotonic() + this.#offset;
  }
}
