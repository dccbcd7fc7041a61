/**
 * The unpaired display's side of pairing: request a six-digit code (`POST /api/pairing`), show it,
 * and poll `GET /api/pairing/:id` with the pairing secret until staff have entered the code in the
 * console. The poll response with status `paired` carries the screen token, which the server hands out once.
 *
 * An expired or vanished pairing gets a new code at once. A 429 waits for the server's
 * `retryAfterSeconds`, and an unreachable server is retried every few seconds.
 *
 * `fetch` and the timers can be injected, so that Node tests drive this class against the real
 * server.
 */

export const POLL_INTERVAL_MS = 2_000;
/** Wait before asking again when the server could not be reached or failed. */
export const RETRY_MS = 5_000;

export type PairingState =
  | { phase: 'requesting' }
  | {
      phase: 'waiting';
      code: string;
      /** Epoch milliseconds at which the code expires. */
      expiresAt: number;
      /** False while the last poll could not reach the server; the code stays on screen. */
      reachable: boolean;
    }
  | { phase: 'unreachable'; retryAt: number }
  | { phase: 'rate-limited'; retryAt: number };

export type TimerHandle = unknown;

export interface PairingClientOptions {
  /** Origin of the server, such as `http://127.0.0.1:8080`. */
  baseUrl: string;
  onState: (state: PairingState) => void;
  /** Called once with the new screen token; the client has stopped by then. */
  onPaired: (token: string) => void;
  fetch?: typeof fetch;
  setTimer?: (callback: () => void, ms: number) => TimerHandle;
  clearTimer?: (handle: TimerHandle) => void;
  /** Wall clock, epoch milliseconds; only used for `retryAt`. */
  now?: () => number;
  pollIntervalMs?: number;
  retryMs?: number;
}

interface OpenPairing {
  pairingId: string;
  secret: string;
}

export class PairingClient {
  readonly #options: Readonly<PairingClientOptions>;
  readonly #fetch: typeof fetch;
  readonly #setTimer: (callback: () => void, ms: number) => TimerHandle;
  readonly #clearTimer: (handle: TimerHandle) => void;
  readonly #now: () => number;
  #state: PairingState = { phase: 'requesting' };
  #pairing: OpenPairing | null = null;
  #timer: TimerHandle | undefined;
  /** Increased by stop(), so that a response arriving after it is ignored. */
  #run = 0;
  #running = false;

  constructor(options: PairingClientOptions) {
    this.#options = Object.freeze({ ...options });
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.#clearTimer =
      options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.#now = options.now ?? Date.now;
  }

  get state(): PairingState {
    return this.#state;
  }

  start(): void {
    if (this.#running) return;

    this.#running = true;
    void this.#requestCode();
  }

  stop(): void {
    this.#running = false;
    this.#run += 1;
    this.#clearTimer(this.#timer);
    this.#timer = undefined;
  }

  async #requestCode(): Promise<void> {
    const run = this.#run;
    this.#pairing = null;
    this.#setState({ phase: 'requesting' });

    let response: Response;
    let body: unknown;
    try {
      response = await this.#fetch(`${this.#options.baseUrl}/api/pairing`, { method: 'POST' });
      body = await response.json().catch(() => null);
    } catch (error) {
      if (run !== this.#run) return;
      console.warn(`pairing: requesting a code failed; retrying in ${this.#retryMs()} ms`, error);
      this.#setState({ phase: 'unreachable', retryAt: this.#now() + this.#retryMs() });
      this.#later(() => this.#requestCode(), this.#retryMs());
      return;
    }
    if (run !== this.#run) return;

    if (response.status === 429) {
      const seconds = retryAfterSeconds(body);
      console.warn(`pairing: too many codes requested; asking again in ${seconds} s`);
      this.#setState({ phase: 'rate-limited', retryAt: this.#now() + seconds * 1000 });
      this.#later(() => this.#requestCode(), seconds * 1000);
      return;
    }

    const started = response.status === 201 ? parseStarted(body) : null;
    if (!started) {
      console.warn(`pairing: requesting a code failed with HTTP ${response.status}; retrying`);
      this.#setState({ phase: 'unreachable', retryAt: this.#now() + this.#retryMs() });
      this.#later(() => this.#requestCode(), this.#retryMs());
      return;
    }

    this.#pairing = { pairingId: started.pairingId, secret: started.secret };
    this.#setState({
      phase: 'waiting',
      code: started.code,
      expiresAt: started.expiresAt,
      reachable: true,
    });
    this.#later(() => this.#poll(), this.#options.pollIntervalMs ?? POLL_INTERVAL_MS);
  }

  async #poll(): Promise<void> {
    const run = this.#run;
    const pairing = this.#pairing;
    if (!pairing) return;

    let response: Response;
    let body: unknown;
    try {
      const url = `${this.#options.baseUrl}/api/pairing/${encodeURIComponent(pairing.pairingId)}`;
      response = await this.#fetch(url, { headers: { 'X-Pairing-Secret': pairing.secret } });
      body = await response.json().catch(() => null);
    } catch {
      if (run !== this.#run) return;
      this.#markReachable(false);
      this.#later(() => this.#poll(), this.#retryMs());
      return;
    }
    if (run !== this.#run) return;

    this.#handlePoll(response.status, body);
  }

  #handlePoll(status: number, body: unknown): void {
    const poll = status === 200 ? parsePoll(body) : null;

    if (poll?.status === 'paired' && poll.token) {
      this.stop();
      this.#options.onPaired(poll.token);
      return;
    }

    if (poll?.status === 'waiting') {
      this.#markReachable(true);
      this.#later(() => this.#poll(), this.#options.pollIntervalMs ?? POLL_INTERVAL_MS);
      return;
    }

    if (status >= 500 || (status !== 200 && status !== 404)) {
      console.warn(`pairing: polling failed with HTTP ${status}; retrying`);
      this.#markReachable(false);
      this.#later(() => this.#poll(), this.#retryMs());
      return;
    }

    // Expired, gone from the server (404), or paired with the token already handed out (a lost
    // response): this code can no longer pair the display, so the client requests a new one.
    console.info(`pairing: code no longer usable (${poll?.status ?? `HTTP ${status}`}); new code`);
    void this.#requestCode();
  }

  #markReachable(reachable: boolean): void {
    if (this.#state.phase !== 'waiting' || this.#state.reachable === reachable) return;
    this.#setState({ ...this.#state, reachable });
  }

  #later(step: () => Promise<void>, ms: number): void {
    if (!this.#running) return;
    this.#clearTimer(this.#timer);
    this.#timer = this.#setTimer(() => void step(), ms);
  }

  #retryMs(): number {
    return this.#options.retryMs ?? RETRY_MS;
  }

  #setState(state: PairingState): void {
    this.#state = state;
    this.#options.onState(state);
  }
}

interface StartedPairing {
  pairingId: string;
  secret: string;
  code: string;
  expiresAt: number;
}

function parseStarted(body: unknown): StartedPairing | null {
  const value = body as Partial<Record<keyof StartedPairing, unknown>> | null;
  if (
    typeof value?.pairingId !== 'string' ||
    typeof value.secret !== 'string' ||
    typeof value.code !== 'string' ||
    typeof value.expiresAt !== 'string'
  ) {
    return null;
  }

  const expiresAt = Date.parse(value.expiresAt);
  if (!Number.isFinite(expiresAt)) return null;
  return { pairingId: value.pairingId, secret: value.secret, code: value.code, expiresAt };
}

function parsePoll(body: unknown): { status: string; token?: string } | null {
  const value = body as { status?: unknown; token?: unknown } | null;
  if (typeof value?.status !== 'string') return null;
  return typeof value.token === 'string'
    ? { status: value.status, token: value.token }
    : { status: value.status };
}

/** Seconds from a 429 body (`{ error: { retryAfterSeconds } }`); a minute when it is missing. */
function retryAfterSeconds(body: unknown): number {
  const seconds = (body as { error?: { retryAfterSeconds?: unknown } } | null)?.error
    ?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds : 60;
}
