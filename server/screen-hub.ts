/**
 * The WebSocket hub at /ws/screen: authenticates screens by token, keeps one live connection per
 * screen, pushes each screen its schedule when what it would play changes, replies to pings and
 * takes the showings that displays report.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Kysely } from 'kysely';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  CloseCode,
  displayMessageSchema,
  MAX_FRAME_BYTES,
  type ServerMessage,
} from '../shared/protocol.ts';
import type { Database } from './db/schema.ts';
import type { Logger } from './logger.ts';
import { DeliveryRecorder, ingestShowings } from './publication-ingest.ts';
import { recordEmergencyShown } from './emergency-store.ts';
import {
  buildFallback,
  loadScheduleContext,
  nextScheduleChange,
  scheduleFor,
  type ScheduleContext,
} from './schedule-builder.ts';
import {
  recordConnection,
  recordContact,
  recordDisconnection,
  recordDisplayVersion,
  recordNowShowing,
  screenByToken,
} from './screen-store.ts';

export const SCREEN_SOCKET_PATH = '/ws/screen';

/** Re-evaluate every screen at least this often, so the horizon slides forward. */
const MAX_TIMER_MS = 60 * 60_000;
/** Heartbeat: the server pings this often and drops a connection that missed two pongs. */
const HEARTBEAT_MS = 15_000;
/** A connecting screen reuses the schedule context of a push made this recently. */
const CONTEXT_REUSE_MS = 1_000;
/** last_contact_at is written at most this often per screen. */
const CONTACT_WRITE_MS = 10_000;

interface Connection {
  screenId: number;
  screenName: string;
  socket: WebSocket;
  lastHash: string | null;
  timer: NodeJS.Timeout | null;
  alive: boolean;
  contactWrittenAt: number;
  /** Serialises refreshes and message handling per connection. */
  queue: Promise<void>;
  /** Row in screen_connection, once written. */
  connectionRowId: number | null;
  /** The token hash the screen connected with; a rotated or revoked token ends the connection. */
  tokenHash: string;
}

/** State shared by one push to many screens: the loaded context and the frames already serialized. */
interface PushBatch {
  context: ScheduleContext;
  /** The hub's change counter when the context was read; a later change makes it stale. */
  generation: number;
  frames: Map<string, string>;
  /** Next self-change of each distinct message, by hash: the resolver's search is not free. */
  nextChanges: Map<string, number | null>;
}

export interface ScreenHubOptions {
  db: Kysely<Database>;
  logger: Logger;
  now: () => number;
}

export class ScreenHub {
  readonly #db: Kysely<Database>;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  readonly #connections = new Map<number, Connection>();
  readonly #deliveries: DeliveryRecorder;
  #lastBatch: PushBatch | null = null;
  /** Counts calls of `refresh`, each of which follows a committed change. */
  #generation = 0;
  readonly #heartbeat: NodeJS.Timeout;

  constructor(options: ScreenHubOptions) {
    this.#db = options.db;
    this.#logger = options.logger;
    this.#now = options.now;
    this.#deliveries = new DeliveryRecorder(options.db);
    this.#heartbeat = setInterval(() => this.#checkHeartbeats(), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  isOnline(screenId: number): boolean {
    return this.#connections.has(screenId);
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Handle an HTTP upgrade request; anything but the screen socket path is refused. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== SCREEN_SOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      void this.#accept(ws, url.searchParams.get('token'), request, url.searchParams.get('v'));
    });
  }

  async #accept(
    ws: WebSocket,
    token: string | null,
    request: IncomingMessage,
    displayVersion: string | null,
  ) {
    const screen = await screenByToken(this.#db, token);
    if (!screen) {
      this.#logger.warn(
        {
          remote: request.socket.remoteAddress,
          reason: token ? 'unknown or revoked token' : 'missing token',
        },
        'screen connection refused',
      );
      // Closing after the upgrade, rather than failing the handshake, lets the display tell a
      // bad token (4003) from a network failure, which browsers do not expose.
      ws.close(
        CloseCode.unauthorized,
        token ? 'unknown or revoked screen token' : 'missing screen token',
      );
      return;
    }

    // The socket may have closed while the token was looked up; its close event has passed.
    if (ws.readyState !== ws.OPEN) return;

    const previous = this.#connections.get(screen.id);
    if (previous) {
      this.#logger.info({ screenId: screen.id }, 'screen connection replaced by a newer one');
      this.#drop(previous);
      previous.socket.close(CloseCode.replaced, 'replaced by a newer connection for this screen');
    }

    const connection: Connection = {
      screenId: screen.id,
      screenName: screen.name,
      socket: ws,
      lastHash: null,
      timer: null,
      alive: true,
      contactWrittenAt: 0,
      queue: Promise.resolve(),
      connectionRowId: null,
      tokenHash: screen.token_hash,
    };
    this.#connections.set(screen.id, connection);
    this.#logger.info(
      { screenId: screen.id, remote: request.socket.remoteAddress },
      'screen connected',
    );

    ws.on('pong', () => (connection.alive = true));
    ws.on('message', (data, isBinary) =>
      this.#enqueue(connection, () => this.#onMessage(connection, data, isBinary)),
    );
    ws.on('close', (code) => {
      this.#logger.info({ screenId: screen.id, code }, 'screen disconnected');
      if (this.#connections.get(screen.id) === connection) this.#drop(connection);
      void this.#enqueue(connection, async () => {
        await recordContact(this.#db, screen.id, this.#now());
        if (connection.connectionRowId !== null) {
          await recordDisconnection(this.#db, connection.connectionRowId, this.#now());
        }
      });
    });
    ws.on('error', (error) => {
      // ws closes the socket itself after an error such as an oversized frame (close code 1009).
      this.#logger.warn({ screenId: screen.id, err: error }, 'screen socket error');
    });

    this.#enqueue(connection, async () => {
      await recordContact(this.#db, screen.id, this.#now());
      await recordDisplayVersion(this.#db, screen.id, displayVersion?.slice(0, 40) ?? null);
      connection.contactWrittenAt = this.#now();
      connection.connectionRowId = await recordConnection(this.#db, screen.id, this.#now());
      await this.#sendHello(connection);
      await this.#pushSchedule(connection, await this.#recentBatch());
    });
  }

  /**
   * Recompute and push the schedule of the given screens (all connected ones when omitted). A
   * screen whose schedule is unchanged gets nothing.
   */
  async refresh(screenIds?: Iterable<number>): Promise<void> {
    // A change is committed: no push may reuse a context read before it.
    const generation = ++this.#generation;
    if (this.#connections.size === 0) return;

    // One read of the database for all targets; screens that share a configuration share one
    // computed message and one serialized frame. Targets are chosen after the read, so a screen
    // that connected meanwhile is included.
    const batch = this.#newBatch(await loadScheduleContext(this.#db, this.#now()), generation);
    const targets = screenIds
      ? [...new Set(screenIds)]
          .map((id) => this.#connections.get(id))
          .filter((c) => c !== undefined)
      : [...this.#connections.values()];
    await Promise.all(
      targets.map((connection) =>
        this.#enqueue(connection, () => this.#pushSchedule(connection, batch)),
      ),
    );
  }

  #newBatch(context: ScheduleContext, generation: number): PushBatch {
    const batch: PushBatch = { context, generation, frames: new Map(), nextChanges: new Map() };
    if (generation === this.#generation) this.#lastBatch = batch;
    return batch;
  }

  /**
   * Return the batch of the last push if it is under a second old, else a new one. Every change
   * that alters schedules pushes through `refresh`, which loads a fresh context first, so a recent
   * batch is current. Reusing it lets a reconnect storm of thousands of screens share one read.
   * Timer pushes at window and daypart boundaries always load a fresh context.
   */
  async #recentBatch(): Promise<PushBatch> {
    const last = this.#lastBatch;
    const fresh = last && last.generation === this.#generation;
    if (fresh && this.#now() - last.context.now < CONTEXT_REUSE_MS) return last;
    const generation = this.#generation;
    return this.#newBatch(await loadScheduleContext(this.#db, this.#now()), generation);
  }

  /** Send every connected screen a fresh hello, after the committee's details changed. */
  resendHello(): void {
    for (const connection of this.#connections.values()) {
      void this.#enqueue(connection, async () => this.#sendHello(connection));
    }
  }

  async #sendHello(connection: Connection) {
    const screen = await this.#db
      .selectFrom('screen')
      .select(['id', 'name', 'orientation'])
      .where('id', '=', connection.screenId)
      .executeTakeFirst();
    if (!screen) return;
    this.#send(connection, {
      type: 'hello',
      serverTime: this.#now(),
      screen: { id: screen.id, name: screen.name, orientation: screen.orientation },
      fallback: await buildFallback(this.#db),
    });
  }

  /** Close a screen's connection at once, as for a revoked token: the display must pair again. */
  disconnect(screenId: number, reason: string): void {
    const connection = this.#connections.get(screenId);
    if (!connection) return;
    this.#logger.info({ screenId, reason }, 'screen connection closed by the server');
    this.#drop(connection);
    connection.socket.close(CloseCode.unauthorized, reason);
  }

  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    for (const connection of this.#connections.values()) {
      this.#drop(connection);
      connection.socket.close(1001, 'server shutting down');
    }
    this.#wss.close();
  }

  #enqueue(connection: Connection, task: () => Promise<void>): Promise<void> {
    connection.queue = connection.queue.then(task).catch((error: unknown) => {
      this.#logger.error({ screenId: connection.screenId, err: error }, 'screen task failed');
    });
    return connection.queue;
  }

  async #pushSchedule(connection: Connection, batch?: PushBatch) {
    if (this.#connections.get(connection.screenId) !== connection) return;

    const { context, frames, nextChanges } = batch ?? {
      context: await loadScheduleContext(this.#db, this.#now()),
      frames: new Map<string, string>(),
      nextChanges: new Map<string, number | null>(),
    };
    const { body, hash } = scheduleFor(context, connection.screenId);
    if (!nextChanges.has(hash)) nextChanges.set(hash, nextScheduleChange(body, context.now));
    this.#armTimer(connection, nextChanges.get(hash)!, this.#now());
    if (hash === connection.lastHash) return;

    connection.lastHash = hash;
    // The versions are recorded as sent before the frame leaves, so no showing of them can arrive
    // first. The inserts of one push are batched into one statement.
    await this.#deliveries.record(
      connection.screenId,
      Object.values(body.content).map((content) => content.versionId),
      context.now,
    );
    let frame = frames.get(hash);
    if (frame === undefined) {
      const message: ServerMessage = {
        type: 'schedule',
        serverTime: context.now,
        scheduleHash: hash,
        ...body,
      };
      frame = JSON.stringify(message);
      frames.set(hash, frame);
    }
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(frame);
    this.#logger.debug({ screenId: connection.screenId, hash }, 'schedule pushed');
  }

  /** Wake up at the next window or daypart boundary so the current playlist is pushed on time. */
  #armTimer(connection: Connection, nextChange: number | null, now: number) {
    if (connection.timer) clearTimeout(connection.timer);
    const delay =
      nextChange === null
        ? MAX_TIMER_MS
        : Math.min(Math.max(nextChange - now, 0) + 5, MAX_TIMER_MS);
    connection.timer = setTimeout(() => void this.refresh([connection.screenId]), delay);
    connection.timer.unref();
  }

  async #onMessage(connection: Connection, data: RawData, isBinary: boolean) {
    this.#touch(connection);
    let parsed: unknown;
    try {
      if (isBinary) throw new Error('binary frames are not part of the protocol');
      parsed = JSON.parse(data.toString());
    } catch (error) {
      this.#reject(connection, `frame is not JSON text: ${(error as Error).message}`);
      return;
    }
    const message = displayMessageSchema.safeParse(parsed);
    if (!message.success) {
      const issue = message.error.issues[0];
      this.#reject(
        connection,
        `invalid message: ${issue?.path.join('.') || 'type'}: ${issue?.message}`,
      );
      return;
    }

    switch (message.data.type) {
      case 'ping':
        this.#send(connection, {
          type: 'pong',
          nonce: message.data.nonce,
          serverTime: this.#now(),
        });
        return;
      case 'now-showing':
        await recordNowShowing(this.#db, connection.screenId, message.data);
        return;
      case 'emergency-shown': {
        const { emergencyId, shownAt } = message.data;
        const stored = await recordEmergencyShown(
          this.#db,
          emergencyId,
          connection.screenId,
          shownAt,
          this.#now(),
        );
        this.#logger.info(
          { screenId: connection.screenId, emergencyId, stored },
          'emergency notice shown on screen',
        );
        return;
      }
      case 'showings': {
        const result = await ingestShowings(
          this.#db,
          { id: connection.screenId, name: connection.screenName },
          message.data.showings,
          this.#now(),
        );
        for (const rejected of result.rejected) {
          this.#logger.warn(
            { screenId: connection.screenId, showingId: rejected.id, reason: rejected.reason },
            'showing rejected',
          );
        }
        this.#send(connection, { type: 'ack', ...result });
        return;
      }
    }
  }

  #reject(connection: Connection, reason: string) {
    this.#logger.warn(
      { screenId: connection.screenId, reason },
      'invalid frame from screen; closing',
    );
    connection.socket.close(CloseCode.invalidMessage, reason.slice(0, 120));
  }

  #touch(connection: Connection) {
    connection.alive = true;
    const now = this.#now();
    if (now - connection.contactWrittenAt < CONTACT_WRITE_MS) return;
    connection.contactWrittenAt = now;
    void recordContact(this.#db, connection.screenId, now).catch(() => {});
  }

  #send(connection: Connection, message: ServerMessage) {
    if (connection.socket.readyState !== connection.socket.OPEN) return;
    connection.socket.send(JSON.stringify(message));
  }

  #drop(connection: Connection) {
    if (connection.timer) clearTimeout(connection.timer);
    connection.timer = null;
    if (this.#connections.get(connection.screenId) === connection) {
      this.#connections.delete(connection.screenId);
    }
  }

  /**
   * Close connections whose token was revoked or replaced by another process (the CLI's
   * `screen token`), which the hub cannot hear about directly.
   */
  /** Run the token check now rather than at the next heartbeat (15 s). */
  checkTokensNow(): Promise<void> {
    return this.#checkTokens();
  }

  async #checkTokens() {
    const ids = [...this.#connections.keys()];
    if (ids.length === 0) return;
    const rows = await this.#db
      .selectFrom('screen')
      .select(['id', 'token_hash', 'revoked_at'])
      .where('id', 'in', ids)
      .execute();
    const current = new Map(rows.map((row) => [row.id, row]));
    for (const [id, connection] of this.#connections) {
      const row = current.get(id);
      if (!row || row.revoked_at !== null || row.token_hash !== connection.tokenHash) {
        this.disconnect(id, 'screen token revoked or replaced');
      }
    }
  }

  #checkHeartbeats() {
    void this.#checkTokens().catch((error: unknown) => {
      this.#logger.error({ err: error }, 'screen token check failed');
    });
    for (const connection of this.#connections.values()) {
      if (!connection.alive) {
        this.#logger.warn(
          { screenId: connection.screenId },
          'screen missed its heartbeat; dropping',
        );
        this.#drop(connection);
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }
}
