/**
 * The screen's WebSocket to the server: validates every frame, pings every 15 s, reconnects with
 * exponential backoff and full jitter, and obeys the close codes (4001: replaced by a newer
 * connection, never reconnect; 4003: token unauthorized, retry once a minute).
 */
import {
  CloseCode,
  serverMessageSchema,
  type DisplayMessage,
  type ServerMessage,
} from '../shared/protocol.ts';
import { backoffDelay } from './backoff.ts';

export const PING_INTERVAL_MS = 15_000;
/** Without any frame for this long the connection is presumed dead and is closed. */
export const SILENCE_TIMEOUT_MS = 50_000;
export const UNAUTHORIZED_RETRY_MS = 60_000;
/** Close code for a connection the display gives up on (no frames within the timeout). */
const CLOSE_SILENT = 4000;

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'replaced' | 'unauthorized';

export interface ScreenConnectionOptions {
  url: string;
  /** A validated frame and the monotonic instant it arrived. */
  onMessage: (message: ServerMessage, receivedAt: number) => void;
  /** A pong matched to its ping, for clock sync. */
  onPong: (serverTime: number, sentAt: number, receivedAt: number) => void;
  onStatus: (status: ConnectionStatus) => void;
}

export class ScreenConnection {
  readonly #options: ScreenConnectionOptions;
  #socket: WebSocket | null = null;
  #status: ConnectionStatus = 'connecting';
  #attempt = 0;
  #nonce = 0;
  #pingSentAt = new Map<number, number>();
  #lastFrameAt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #stopped = true;

  constructor(options: ScreenConnectionOptions) {
    this.#options = options;
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
    clearTimeout(this.#retryTimer);
    this.#dropSocket();
  }

  /** Send a message if the connection is up; returns whether it was sent. */
  send(message: DisplayMessage): boolean {
    if (this.#socket?.readyState !== WebSocket.OPEN) return false;
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  #connect(): void {
    this.#setStatus(this.#status === 'unauthorized' ? 'unauthorized' : 'connecting');
    const socket = new WebSocket(this.#options.url);
    this.#socket = socket;
    socket.addEventListener('open', this.#handleOpen);
    socket.addEventListener('message', this.#handleMessage);
    socket.addEventListener('close', this.#handleClose);
  }

  readonly #handleOpen = () => {
    this.#lastFrameAt = performance.now();
    this.#pingTimer = setInterval(this.#ping, PING_INTERVAL_MS);
  };

  readonly #handleMessage = (event: MessageEvent) => {
    const receivedAt = performance.now();
    this.#lastFrameAt = receivedAt;
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

  readonly #handleClose = (event: CloseEvent) => {
    this.#dropSocket();
    if (this.#stopped) return;

    if (event.code === CloseCode.replaced) {
      this.#stopped = true;
      this.#setStatus('replaced');
      return;
    }

    if (event.code === CloseCode.unauthorized) {
      this.#setStatus('unauthorized');
      this.#retryTimer = setTimeout(() => this.#connect(), UNAUTHORIZED_RETRY_MS);
      return;
    }

    this.#setStatus('offline');
    const delay = backoffDelay(this.#attempt);
    this.#attempt += 1;
    console.info(`screen socket closed (code ${event.code}); reconnecting in ${delay} ms`);
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  };

  readonly #ping = () => {
    const now = performance.now();
    if (now - this.#lastFrameAt > SILENCE_TIMEOUT_MS) {
      console.warn(`screen socket silent for ${SILENCE_TIMEOUT_MS} ms; closing it`);
      this.#socket?.close(CLOSE_SILENT, 'no frames from server');
      return;
    }

    this.#nonce += 1;
    this.#pingSentAt.set(this.#nonce, now);
    // Keep only recent pings: a pong older than that is too stale to sync the clock with.
    for (const nonce of this.#pingSentAt.keys()) {
      if (nonce < this.#nonce - 4) this.#pingSentAt.delete(nonce);
    }
    this.send({ type: 'ping', nonce: this.#nonce });
  };

  #handlePong(nonce: number, serverTime: number, receivedAt: number): void {
    const sentAt = this.#pingSentAt.get(nonce);
    if (sentAt === undefined) return;

    this.#pingSentAt.delete(nonce);
    this.#options.onPong(serverTime, sentAt, receivedAt);
  }

  #dropSocket(): void {
    clearInterval(this.#pingTimer);
    this.#pingSentAt.clear();
    const socket = this.#socket;
    if (!socket) return;

    this.#socket = null;
    socket.removeEventListener('open', this.#handleOpen);
    socket.removeEventListener('message', this.#handleMessage);
    socket.removeEventListener('close', this.#handleClose);
    if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) {
      socket.close();
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
