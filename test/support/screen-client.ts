/** A real WebSocket client speaking the screen protocol, for tests. */
import WebSocket from 'ws';
import type { ServerMessage } from '../../shared/protocol.ts';

export class ScreenClient {
  readonly socket: WebSocket;
  readonly messages: ServerMessage[] = [];
  closeCode: number | null = null;
  closeReason = '';
  readonly #waiters = new Set<() => void>();

  constructor(baseUrl: string, token: string | null) {
    const url =
      baseUrl.replace(/^http/, 'ws') +
      '/ws/screen' +
      (token === null ? '' : `?token=${encodeURIComponent(token)}`);
    this.socket = new WebSocket(url);
    this.socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as ServerMessage);
      this.#notify();
    });
    this.socket.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = String(reason);
      this.#notify();
    });
    this.socket.on('error', () => this.#notify());
  }

  #notify() {
    for (const waiter of this.#waiters) waiter();
  }

  /** Wait until a condition holds, re-checked on every message or close; fails after timeoutMs. */
  waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 2000): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value) {
          cleanup();
          resolve(value);
        }
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

  ofType<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((message) => message.type === type) as Extract<
      ServerMessage,
      { type: T }
    >[];
  }

  /** Wait for the n-th (1-based) message of a type. */
  nth<T extends ServerMessage['type']>(type: T, n: number, timeoutMs?: number) {
    return this.waitFor(() => this.ofType(type)[n - 1], `${type} message #${n}`, timeoutMs);
  }

  closed(timeoutMs?: number) {
    return this.waitFor(
      () => (this.closeCode === null ? undefined : this.closeCode),
      'close',
      timeoutMs,
    );
  }

  send(message: unknown) {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  close() {
    this.socket.close();
  }
}
