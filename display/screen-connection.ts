/**
 * The screen's WebSocket to the server: validates every frame, pings every 10 s, gives up on a
 * connection that sent no frame for 25 s, reconnects with exponential backoff and full jitter, and
 * obeys the close codes. After 4003 (token revoked or unknown) it never reconnects, because the
 * same token would be refused again. After 4001 (replaced by a newer connection with the same
 * token) it waits REPLACED_RETRY_MS before one attempt to take the screen back, so a kiosk whose
 * address was opened elsewhere for a moment recovers without a reload, and two devices sharing a
 * token trade places at most once per interval instead of looping.
 *
 * The socket class, the random source, the timers and the monotonic clock can be injected, so that
 * Node tests drive this class with the `ws` package and fake timers.
 */
import {
  CloseCode,
  serverMessageSchema,
  type DisplayMessage,
  type ServerMessage,
} from '../shared/protocol.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';

export const PING_INTERVAL_MS = 10_000;
/**
 * Without any frame for this long the connection is presumed dead and dropped. Pings every 10 s
 * are answered by pongs, so a live connection is never silent this long, and a dead one is
 * detected at most 25 s after its last frame.
 */
export const SILENCE_TIMEOUT_MS = 25_000;
/** Close code for a connection the display gives up on (no frames within the timeout). */
export const CLOSE_SILENT = 4000;

/** WebSocket readyState values (the same in browsers and in the `ws` package). */
const CONNECTING = 0;
const OPEN = 1;

/** Wait after being replaced by another connection with the same token: ten minutes. */
export const REPLACED_RETRY_MS = 10 * 60_000;

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'replaced' | 'unauthorized';

/** The part of the WebSocket API used here; browsers' WebSocket and `ws`'s both provide it. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: any) => void): void;
  removeEventListener(type: string, listener: (event: any) => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type TimerHandle = unknown;

export interface ScreenConnectionOptions {
  url: string;
  /** A validated frame and the monotonic instant it arrived. */
  onMessage: (message: ServerMessage, receivedAt: number) => void;
  /** A pong matched to its ping, for clock sync. */
  onPong: (serverTime: number, sentAt: number, receivedAt: number) => void;
  onStatus: (status: ConnectionStatus) => void;
  /** Socket class; defaults to `globalThis.WebSocket`, read at each connect. */
  WebSocketImpl?: WebSocketConstructor;
  /** Uniform random numbers in [0, 1) for the backoff jitter; defaults to `Math.random`. */
  random?: () => number;
  /** One-shot timer; defaults to the global `setTimeout`, read at each call. */
  setTimer?: (callback: () => void, ms: number) => TimerHandle;
  clearTimer?: (handle: TimerHandle) => void;
  /** Monotonic milliseconds; defaults to `performance.now()`. */
  monotonic?: () => number;
  backoff?: BackoffOptions;
}

export class ScreenConnection {
  readonly #options: Readonly<ScreenConnectionOptions>;
  readonly #random: () => number;
  readonly #setTimer: (callback: () => void, ms: number) => TimerHandle;
  readonly #clearTimer: (handle: TimerHandle) => void;
  readonly #monotonic: () => number;
  #socket: WebSocketLike | null = null;
  #status: ConnectionStatus = 'connecting';
  #attempt = 0;
  #nonce = 0;
  #pingSentAt = new Map<number, number>();
  #retryTimer: TimerHandle | undefined;
  #pingTimer: TimerHandle | undefined;
  #silenceTimer: TimerHandle | undefined;
  #stopped = true;

  constructor(options: ScreenConnectionOptions) {
    this.#options = Object.freeze({ ...options });
    this.#random = options.random ?? Math.random;
    this.#setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.#clearTimer =
      options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.#monotonic = options.monotonic ?? (() => performance.now());
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    this.#clearTimer(this.#retryTimer);
    this.#dropSocket();
  }

  /** Send a message if the connection is up; returns whether it was sent. */
  send(message: DisplayMessage): boolean {
    if (this.#socket?.readyState !== OPEN) return false;
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  #connect(): void {
    this.#retryTimer = undefined;
    this.#setStatus('connecting');
    const WebSocketImpl =
      this.#options.WebSocketImpl ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WebSocketImpl) throw new Error('no WebSocket class: pass WebSocketImpl or set one');

    const socket = new WebSocketImpl(this.#options.url);
    this.#socket = socket;
    socket.addEventListener('open', this.#handleOpen);
    socket.addEventListener('message', this.#handleMessage);
    socket.addEventListener('close', this.#handleClose);
    socket.addEventListener('error', this.#handleError);
    // A handshake that never completes (a host that drops packets) counts as silence too.
    this.#armSilenceTimer();
  }

  readonly #handleOpen = () => {
    this.#armSilenceTimer();
    this.#schedulePing();
  };

  readonly #handleMessage = (event: { data: unknown }) => {
    const receivedAt = this.#monotonic();
    this.#armSilenceTimer();
    const message = parseFrame(event.data);
    if (!message) return;

    if (message.type === 'pong') this.#handlePong(message.nonce, message.serverTime, receivedAt);
    this.#options.onMessage(message, receivedAt);

    // Online only after the hello has been handled, so that the clock is synced by then.
    if (message.type === 'hello') {
      this.#attempt = 0;
      this.#setStatus('online');
    }
  };

  /** An error is always followed by a close event, which decides what happens next. */
  readonly #handleError = () => {};

  readonly #handleClose = (event: { code: number }) => {
    this.#dropSocket();
    if (this.#stopped) return;

    if (event.code === CloseCode.replaced) {
      this.#setStatus('replaced');
      this.#retryTimer = this.#setTimer(() => this.#connect(), REPLACED_RETRY_MS);
      return;
    }

    // The display then deletes the token and pairs again.
    if (event.code === CloseCode.unauthorized) {
      this.#stopped = true;
      this.#setStatus('unauthorized');
      return;
    }

    this.#scheduleReconnect(event.code);
  };

  readonly #handleSilence = () => {
    console.warn(`screen socket silent for ${SILENCE_TIMEOUT_MS} ms; dropping it`);
    // Do not wait for a close event: on a dead link the closing handshake can take minutes.
    this.#dropSocket(CLOSE_SILENT);
    if (!this.#stopped) this.#scheduleReconnect(CLOSE_SILENT);
  };

  #scheduleReconnect(code: number): void {
    this.#setStatus('offline');
    const delay = backoffDelay(
      this.#attempt,
      this.#random,
      this.#options.backoff ?? DEFAULT_BACKOFF,
    );
    this.#attempt += 1;
    console.info(`screen socket closed (code ${code}); reconnecting in ${delay} ms`);
    this.#retryTimer = this.#setTimer(() => this.#connect(), delay);
  }

  #armSilenceTimer(): void {
    this.#clearTimer(this.#silenceTimer);
    this.#silenceTimer = this.#setTimer(this.#handleSilence, SILENCE_TIMEOUT_MS);
  }

  #schedulePing(): void {
    this.#pingTimer = this.#setTimer(this.#ping, PING_INTERVAL_MS);
  }

  readonly #ping = () => {
    this.#nonce += 1;
    this.#pingSentAt.set(this.#nonce, this.#monotonic());
    // Keep only recent pings: a pong older than that is too stale to sync the clock with.
    for (const nonce of this.#pingSentAt.keys()) {
      if (nonce < this.#nonce - 4) this.#pingSentAt.delete(nonce);
    }
    this.send({ type: 'ping', nonce: this.#nonce });
    this.#schedulePing();
  };

  #handlePong(nonce: number, serverTime: number, receivedAt: number): void {
    const sentAt = this.#pingSentAt.get(nonce);
    if (sentAt === undefined) return;

    this.#pingSentAt.delete(nonce);
    this.#options.onPong(serverTime, sentAt, receivedAt);
  }

  #dropSocket(code?: number): void {
    this.#clearTimer(this.#pingTimer);
    this.#clearTimer(this.#silenceTimer);
    this.#pingTimer = undefined;
    this.#silenceTimer = undefined;
    this.#pingSentAt.clear();
    const socket = this.#socket;
    if (!socket) return;

    this.#socket = null;
    socket.removeEventListener('open', this.#handleOpen);
    socket.removeEventListener('message', this.#handleMessage);
    socket.removeEventListener('close', this.#handleClose);
    // The error listener stays: `ws` emits an error when a connecting socket is closed, and an
    // error without a listener would be thrown.
    if (socket.readyState === CONNECTING || socket.readyState === OPEN) {
      socket.close(code, code === undefined ? undefined : 'no frames from server');
    }
  }

  #setStatus(status: ConnectionStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#options.onStatus(status);
  }
}

function parseFrame(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') {
    console.warn('screen socket: ignoring a binary frame');
    return null;
  }

  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    console.warn('screen socket: ignoring a frame that is not valid JSON');
    return null;
  }

  const result = serverMessageSchema.safeParse(json);
  if (!result.success) {
    console.warn(
      'screen socket: ignoring a frame that does not match the protocol',
      result.error.issues[0],
    );
    return null;
  }
  return result.data;
}
