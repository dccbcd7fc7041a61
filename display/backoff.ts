/**
 * Reconnect delays: exponential backoff with full jitter, so that a server restart does not bring
 * every screen back at once.
 */

export interface BackoffOptions {
  /** Ceiling of the first delay, in milliseconds; each later attempt doubles it. */
  baseMs: number;
  /** Maximum ceiling, in milliseconds. */
  capMs: number;
}

/**
 * Even the first retry is spread uniformly over 10 s: after a restart about a tenth of the screens
 * come back in each second (at most a fifth, allowing for chance), instead of all at once.
 */
export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({ baseMs: 10_000, capMs: 60_000 });

/** Delay before reconnect attempt `attempt` (0-based): uniform in [0, min(cap, base * 2^attempt)). */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
