/**
 * Server time on the kiosk. The kiosk's own clock and time zone are not trusted: the server's time
 * at the last sync plus the monotonic time elapsed since then is the "now" used for playback, the
 * header clock and showing timestamps.
 *
 * Before the first sync after a start, a saved offset between server time and the kiosk's
 * `Date.now()` is used instead, so that a kiosk rebooted without the server still plays at about the
 * right time. NOTE: that estimate is only as good as the kiosk's clock: a kiosk whose clock was
 * reset or drifted while it was off shows the wrong day and time until it reconnects.
 */

export type MonotonicNow = () => number;

export class ServerClock {
  /** Server time minus monotonic time, in milliseconds; null before the first sync or restore. */
  #offset: number | null = null;
  #estimated = false;
  readonly #monotonic: MonotonicNow;
  readonly #wallClock: () => number;

  constructor(monotonic: MonotonicNow = () => performance.now(), wallClock = () => Date.now()) {
    this.#monotonic = monotonic;
    this.#wallClock = wallClock;
  }

  /** Whether the clock was synced with the server since this page started. */
  get synced(): boolean {
    return this.#offset !== null && !this.#estimated;
  }

  /** Sync to a server time received at monotonic instant `receivedAt` (a hello frame). */
  syncAt(serverTime: number, receivedAt: number): void {
    this.#offset = serverTime - receivedAt;
    this.#estimated = false;
  }

  /**
   * Sync to a pong: the server stamped `serverTime` about half a round trip before receipt, so
   * that half is added.
   */
  syncFromRoundTrip(serverTime: number, sentAt: number, receivedAt: number): void {
    const halfRoundTrip = Math.max(0, receivedAt - sentAt) / 2;
    this.#offset = serverTime + halfRoundTrip - receivedAt;
    this.#estimated = false;
  }

  /**
   * Estimate server time as `Date.now() + wallOffset` (an offset saved by an earlier page), then
   * run on monotonic time. Ignored once the clock has been synced.
   */
  restore(wallOffset: number): void {
    if (this.synced) return;
    this.#offset = this.#wallClock() + wallOffset - this.#monotonic();
    this.#estimated = true;
  }

  /** Server time minus the kiosk's `Date.now()`, to save for `restore`; null before a sync. */
  wallOffset(): number | null {
    if (!this.synced) return null;
    return this.now() - this.#wallClock();
  }

  /** Epoch milliseconds of server time; the kiosk's Date.now() before any sync or restore. */
  now(): number {
    if (this.#offset === null) return this.#wallClock();
    return this.#monotonic() + this.#offset;
  }
}
