/**
 * Sends the outbox to the server one batch at a time: the next batch goes out when an ack for the
 * batch in flight made progress, and a batch without an ack for ACK_TIMEOUT_MS is sent again.
 *
 * After a resend the server acks the same showings twice. Only an ack that names a showing of the
 * batch in flight ends that batch. A late duplicate ack of an earlier batch leaves the current one
 * in flight, so no batch goes out twice at once.
 */
import type { AckMessage, Showing } from '../shared/protocol.ts';
import type { ShowingOutbox } from './outbox.ts';

/** A batch of showings without an ack for this long is sent again. */
export const ACK_TIMEOUT_MS = 30_000;

export interface ShowingSenderOptions {
  outbox: ShowingOutbox;
  /** Send a `showings` message; returns false when the connection is not up. */
  send: (showings: Showing[]) => boolean;
  /** Monotonic milliseconds; defaults to `performance.now()`. */
  monotonic?: () => number;
  /** Maximum showings per batch; defaults to the protocol's maximum. */
  batchLimit?: number;
}

interface InFlightBatch {
  ids: Set<string>;
  sentAt: number;
}

export class ShowingSender {
  readonly #options: Readonly<ShowingSenderOptions>;
  readonly #monotonic: () => number;
  #inFlight: InFlightBatch | null = null;

  constructor(options: ShowingSenderOptions) {
    this.#options = Object.freeze({ ...options });
    this.#monotonic = options.monotonic ?? (() => performance.now());
  }

  /** Whether a batch is waiting for its ack. */
  get inFlight(): boolean {
    return this.#inFlight !== null;
  }

  /** Send the oldest showings unless a batch is already in flight or the outbox is empty. */
  flush(): void {
    const outbox = this.#options.outbox;
    if (this.#inFlight !== null || outbox.size === 0) return;

    const showings = outbox.batch(this.#options.batchLimit);
    if (!this.#options.send(showings)) return;

    this.#inFlight = {
      ids: new Set(showings.map((showing) => showing.id)),
      sentAt: this.#monotonic(),
    };
  }

  /** Drop the acked showings; when the ack belongs to the batch in flight, send the next batch. */
  handleAck(message: AckMessage): void {
    const ids = [...message.committed, ...message.rejected.map((rejected) => rejected.id)];
    const removed = this.#options.outbox.remove(ids);
    const inFlight = this.#inFlight;
    if (!inFlight || !ids.some((id) => inFlight.ids.has(id))) return;

    this.#inFlight = null;
    // Send the next batch only when this ack made progress; otherwise the ack timeout retries.
    if (removed > 0) this.flush();
  }

  /** Send the batch in flight again once its ack is overdue (or send a first batch). */
  retryOverdue(): void {
    const inFlight = this.#inFlight;
    if (inFlight && this.#monotonic() - inFlight.sentAt > ACK_TIMEOUT_MS) this.#inFlight = null;
    this.flush();
  }

  /** Forget the batch in flight: a new connection starts by sending the oldest showings again. */
  reset(): void {
    this.#inFlight = null;
  }
}
