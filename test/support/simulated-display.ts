/**
 * A screen simulated in Node from the display's real modules: `ScreenConnection` (socket,
 * heartbeat, close codes, backoff) and `ShowingOutbox` over a storage that outlives the display,
 * so a reboot is a new `SimulatedDisplay` on the same storage. It sends the outbox the way
 * `DisplayController` does: one batch in flight, the next one when an ack made progress, a fresh
 * start on every new connection and a resend after the ack timeout.
 *
 * Time scaling: every timer of the connection (backoff, ping, the 60 s retry after 4003) and the
 * ack timeout run `timeScale` times faster than written, so a test multiplies measured real
 * durations by `timeScale` to get display time.
 */
import fs from 'node:fs';
import WebSocket from 'ws';
import { ShowingOutbox, type KeyValueStorage } from '../../display/outbox.ts';
import {
  ScreenConnection,
  type ConnectionStatus,
  type WebSocketConstructor,
} from '../../display/screen-connection.ts';
import type { AckMessage, ServerMessage, Showing } from '../../shared/protocol.ts';

/** The display's ack timeout (`ACK_TIMEOUT_MS` in display/display-controller.ts). */
export const ACK_TIMEOUT_MS = 30_000;

export class MemoryStorage implements KeyValueStorage {
  readonly values = new Map<string, string>();

  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.values.set(key, value);
  }

  removeItem(key: string): void {
    this.values.delete(key);
  }
}

/** localStorage kept in a JSON file, written through on every change like a browser's. */
export class FileStorage implements KeyValueStorage {
  readonly file: string;
  readonly #values: Record<string, string>;

  constructor(file: string) {
    this.file = file;
    this.#values = fs.existsSync(file)
      ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>)
      : {};
  }

  getItem(key: string): string | null {
    return this.#values[key] ?? null;
  }

  setItem(key: string, value: string): void {
    this.#values[key] = value;
    this.#write();
  }

  removeItem(key: string): void {
    delete this.#values[key];
    this.#write();
  }

  #write() {
    fs.writeFileSync(this.file, JSON.stringify(this.#values));
  }
}

/** Faults the simulated network applies to this display's sockets. */
export interface NetworkFaults {
  /** New sockets fail at once and the open one is cut (close code 1006), as with no network. */
  offline: boolean;
  /** Swallow this many coming acks and cut the connection instead, as if the ack was lost. */
  loseAcks: number;
  /** Called, before anything else happens, when an ack was swallowed. */
  onAckLost?: (ack: AckMessage) => void;
}

export interface SimulatedDisplayOptions {
  /** Server base URL, such as http://127.0.0.1:8080. */
  baseUrl: string;
  token: string;
  storage: KeyValueStorage;
  /** Timers run this many times faster than written. Default 1. */
  timeScale?: number;
  /** Random source for the backoff jitter. Default Math.random. */
  random?: () => number;
}

export interface DisplayEvent {
  /** `Date.now()` when it happened. */
  at: number;
  kind: 'socket' | 'open' | 'hello' | 'status' | 'close' | 'batch' | 'ack';
  detail?: unknown;
}

export class SimulatedDisplay {
  readonly outbox: ShowingOutbox;
  readonly faults: NetworkFaults = { offline: false, loseAcks: 0 };
  readonly events: DisplayEvent[] = [];
  /** Every batch sent, as its showing ids. */
  readonly batches: string[][] = [];
  readonly #options: Required<SimulatedDisplayOptions>;
  readonly #connection: ScreenConnection;
  readonly #sockets = new Set<WebSocket>();
  #batchSentAt: number | null = null;
  #ackTimer: NodeJS.Timeout | undefined;
  #waiters = new Set<() => void>();

  constructor(options: SimulatedDisplayOptions) {
    this.#options = { timeScale: 1, random: Math.random, ...options };
    this.outbox = new ShowingOutbox(options.storage);
    const url = `${options.baseUrl.replace(/^http/, 'ws')}/ws/screen?token=${encodeURIComponent(
      options.token,
    )}`;
    const scale = this.#options.timeScale;
    this.#connection = new ScreenConnection({
      url,
      onMessage: (message) => this.#handleMessage(message),
      onPong: () => {},
      onStatus: (status) => this.#handleStatus(status),
      WebSocketImpl: this.#socketClass(),
      random: this.#options.random,
      setTimer: (callback, ms) => setTimeout(callback, ms / scale),
      clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
    });
  }

  get status(): ConnectionStatus {
    return this.#connection.status;
  }

  /** How many sockets the connection has opened so far. */
  get socketCount(): number {
    return this.events.filter((event) => event.kind === 'socket').length;
  }

  start(): void {
    this.#connection.start();
    clearInterval(this.#ackTimer);
    // The controller checks the ack timeout on its 250 ms tick; scaled like every other timer.
    this.#ackTimer = setInterval(() => this.#retryUnackedBatch(), 250 / this.#options.timeScale);
  }

  /** Stop like a page unload: the socket closes, the outbox stays in storage. */
  stop(): void {
    clearInterval(this.#ackTimer);
    this.#connection.stop();
    for (const socket of this.#sockets) socket.terminate();
  }

  /** Store a closed showing, then try to send, as the recorder and controller do. */
  record(showing: Showing): void {
    this.outbox.add(showing);
    this.#flush();
  }

  /** Cut the network or bring it back. */
  setOffline(offline: boolean): void {
    this.faults.offline = offline;
    if (offline) for (const socket of this.#sockets) socket.terminate();
  }

  /** Wait until a condition holds, re-checked on every event; fails after timeoutMs. */
  waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        if (!check()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(attempt);
      };
      this.#waiters.add(attempt);
      attempt();
    });
  }

  /** `ws` with the browser's manners: an unheard error event does not throw, faults apply. */
  #socketClass(): WebSocketConstructor {
    const display = this;
    const SimulatedSocket = class extends WebSocket {
      constructor(address: string) {
        super(address);
        display.#sockets.add(this);
        display.#note('socket');
        this.on('error', () => {});
        this.on('open', () => display.#note('open'));
        this.on('close', (code) => {
          display.#sockets.delete(this);
          display.#note('close', code);
        });
        if (display.faults.offline) this.terminate();
      }

      override emit(event: string | symbol, ...args: any[]): boolean {
        const ack = event === 'message' && display.faults.loseAcks > 0 ? parseAck(args[0]) : null;
        if (ack) {
          display.faults.loseAcks -= 1;
          display.faults.onAckLost?.(ack);
          this.terminate();
          return true;
        }
        return super.emit(event, ...args);
      }
    };
    return SimulatedSocket as unknown as WebSocketConstructor;
  }

  #handleMessage(message: ServerMessage) {
    if (message.type === 'hello') this.#note('hello');
    if (message.type === 'ack') this.#handleAck(message);
  }

  #handleAck(message: AckMessage) {
    const ids = [...message.committed, ...message.rejected.map((rejected) => rejected.id)];
    const removed = this.outbox.remove(ids);
    this.#batchSentAt = null;
    this.#note('ack', {
      committed: message.committed.length,
      rejected: message.rejected,
      outboxSize: this.outbox.size,
    });
    if (removed > 0) this.#flush();
  }

  #handleStatus(status: ConnectionStatus) {
    if (status !== 'online') this.#batchSentAt = null;
    this.#note('status', status);
    this.#flush();
  }

  #flush() {
    if (this.#batchSentAt !== null || this.outbox.size === 0 || this.status !== 'online') return;

    const showings = this.outbox.batch();
    if (!this.#connection.send({ type: 'showings', showings })) return;

    this.#batchSentAt = performance.now();
    this.batches.push(showings.map((showing) => showing.id));
    this.#note('batch', showings.length);
  }

  #retryUnackedBatch() {
    const timeout = ACK_TIMEOUT_MS / this.#options.timeScale;
    if (this.#batchSentAt !== null && performance.now() - this.#batchSentAt > timeout) {
      this.#batchSentAt = null;
    }
    this.#flush();
  }

  #note(kind: DisplayEvent['kind'], detail?: unknown) {
    this.events.push({ at: Date.now(), kind, detail });
    for (const waiter of this.#waiters) waiter();
  }
}

function parseAck(data: unknown): AckMessage | null {
  try {
    const message = JSON.parse(String(data)) as ServerMessage;
    return message.type === 'ack' ? message : null;
  } catch {
    return null;
  }
}

type Api = (
  method: string,
  route: string,
  body?: unknown,
) => Promise<{ status: number; json: any }>;

/** Call the staff API; an error status raises an error with the response body. */
async function call(api: Api, method: string, route: string, body?: unknown): Promise<any> {
  const { status, json } = await api(method, route, body);
  if (status >= 400)
    throw new Error(`${method} ${route} failed with status ${status}: ${JSON.stringify(json)}`);
  return json;
}

/** Create and publish one disclosure; returns the ids a showing of it carries. */
export async function publishDisclosure(api: Api, title = '为老服务咨询') {
  const created = await call(api, 'POST', '/api/disclosures', {
    catalogItem: 9,
    title,
    body: '咨询电话见下。',
  });
  const disclosureId = created.disclosure.id as number;
  const published = await call(api, 'POST', `/api/disclosures/${disclosureId}/publish`);
  return { disclosureId, versionId: published.disclosure.published.id as number };
}

/** Create a screen that plays the disclosure; returns its id and one-time token. */
export async function createScreen(api: Api, name: string, disclosureId: number) {
  const json = await call(api, 'POST', '/api/screens', { name });
  const screenId = json.screen.id as number;
  await call(api, 'PUT', `/api/screens/${screenId}/playlist`, {
    entries: [{ disclosureId, seconds: 15 }],
  });
  return { screenId, token: json.token as string };
}
