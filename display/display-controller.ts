/**
 * Runs the kiosk: pairing, the screen connection, server time, playback ticker, page measurement
 * and the publication log. A Lit reactive controller, so everything it starts in `hostConnected`
 * (pairing, socket, timers, listeners) is stopped in `hostDisconnected`.
 *
 * Without a token the display shows a pairing code until staff enter it, then connects with the
 * token it received. When the server rejects the token (close code 4003: revoked or unknown), the
 * display deletes the token and everything it cached for that screen, and shows a new code.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Fallback, HelloMessage, ScheduleMessage, ServerMessage } from '../shared/protocol.ts';
import { formatClockText } from './clock-text.ts';
import { ShowingOutbox } from './outbox.ts';
import {
  cacheImages,
  clearMessages,
  loadClockOffset,
  loadMessages,
  saveClockOffset,
  saveMessage,
} from './offline-store.ts';
import { nowPlaying, type NowPlaying } from './playback.ts';
import { PairingClient, type PairingState } from './pairing-client.ts';
import { ScreenConnection, type ConnectionStatus } from './screen-connection.ts';
import { clearScreenToken, screenSocketUrl, storeScreenToken } from './screen-token.ts';
import { ServerClock } from './server-clock.ts';
import { ShowingRecorder } from './showing-recorder.ts';
import { ShowingSender } from './showing-sender.ts';
import { tickerBandAt, tickerLayoutKey, type TickerBand } from './ticker.ts';
import { paginateSlide, type PageSize } from './slide-view.ts';
import { uuidV4 } from './uuid.ts';

export const TICK_MS = 250;
const CHECKPOINT_EVERY_TICKS = 20;
const RESIZE_SETTLE_MS = 300;
/** Maximum wait for fonts before the first measurement; system CJK fonts are normally ready at once. */
const FONTS_TIMEOUT_MS = 3_000;

export const DEFAULT_COMMITTEE_NAME = '钟楼居民委员会';

export type DisplayStatus = ConnectionStatus | 'unpaired';

export class DisplayController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #initialToken: () => string | null;
  readonly #clock = new ServerClock();
  readonly #outbox = new ShowingOutbox(localStorage);
  readonly #recorder = new ShowingRecorder({
    outbox: this.#outbox,
    storage: localStorage,
    serverNow: () => this.#clock.now(),
    newId: uuidV4,
  });
  readonly #sender = new ShowingSender({
    outbox: this.#outbox,
    send: (showings) =>
      this.#status === 'online' &&
      (this.#connection?.send({ type: 'showings', showings }) ?? false),
  });

  /** The token in use; undefined until the initial token has been read, null when unpaired. */
  #token: string | null | undefined = undefined;
  #connection: ScreenConnection | null = null;
  #pairing: PairingClient | null = null;
  #pairingState: PairingState | null = null;
  /** Increased whenever the screen identity is dropped, so that stale cache loads are ignored. */
  #identity = 0;
  #status: DisplayStatus = 'connecting';
  #hello: HelloMessage | null = null;
  #schedule: ScheduleMessage | null = null;
  #pageCounts = new Map<string, number>();
  #size: PageSize = { width: 1920, height: 1080 };
  #playing: NowPlaying | null = null;
  #ticker: TickerBand | null = null;
  #reducedMotion: MediaQueryList | null = null;
  #now = Date.now();
  #viewKey = '';
  #nowShowingKey: string | null = null;
  /** The emergency notice on screen and when it first became visible, server time. */
  #emergencyShown: { id: number; at: number; sent: boolean } | null = null;
  #fontsReady = false;
  #ticks = 0;
  #tickTimer: ReturnType<typeof setInterval> | undefined;
  #resizeTimer: ReturnType<typeof setTimeout> | undefined;
  #connected = false;

  /** `initialToken` is read once, at the first connect; later tokens come from pairing. */
  constructor(host: ReactiveControllerHost, initialToken: () => string | null) {
    this.#host = host;
    this.#initialToken = initialToken;
    host.addController(this);
  }

  get status(): DisplayStatus {
    return this.#status;
  }

  get fallback(): Fallback {
    return {
      committeeName: this.committeeName,
      officeHours: this.#hello?.fallback.officeHours ?? '',
      contact: this.#hello?.fallback.contact ?? '',
      address: this.#hello?.fallback.address ?? '',
    };
  }

  get committeeName(): string {
    return this.#hello?.fallback.committeeName.trim() || DEFAULT_COMMITTEE_NAME;
  }

  /** The pairing code and its state while the screen is unpaired, otherwise null. */
  get pairing(): PairingState | null {
    return this.#status === 'unpaired' ? this.#pairingState : null;
  }

  get size(): PageSize {
    return this.#size;
  }

  /** Server time of the last tick. */
  get now(): number {
    return this.#now;
  }

  get playing(): NowPlaying | null {
    return this.#playing;
  }

  /** The ticker band in force at the last tick, or null. */
  get ticker(): TickerBand | null {
    return this.#ticker;
  }

  hostConnected(): void {
    this.#connected = true;
    this.#size = viewportSize();
    this.#recorder.recoverCheckpoint();
    window.addEventListener('resize', this.#handleResize);
    window.addEventListener('pagehide', this.#handlePageHide);
    this.#reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
    this.#reducedMotion.addEventListener('change', this.#tick);
    document.addEventListener('visibilitychange', this.#tick);
    this.#tickTimer = setInterval(this.#tick, TICK_MS);
    void this.#waitForFonts();

    const wallOffset = loadClockOffset(localStorage);
    if (wallOffset !== null) this.#clock.restore(wallOffset);

    if (this.#token === undefined) this.#token = this.#initialToken();
    if (this.#token) this.#startScreen(this.#token);
    else this.#startPairing();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#connection?.stop();
    this.#connection = null;
    this.#pairing?.stop();
    this.#pairing = null;
    this.#recorder.close(true);
    clearInterval(this.#tickTimer);
    clearTimeout(this.#resizeTimer);
    window.removeEventListener('resize', this.#handleResize);
    window.removeEventListener('pagehide', this.#handlePageHide);
    this.#reducedMotion?.removeEventListener('change', this.#tick);
    document.removeEventListener('visibilitychange', this.#tick);
  }

  /** Connect with a token, playing the cached hello and schedule until fresh ones arrive. */
  #startScreen(token: string): void {
    this.#status = 'connecting';
    void this.#loadCachedMessages();

    this.#connection = new ScreenConnection({
      url: screenSocketUrl(token),
      onMessage: this.#handleMessage,
      onPong: (serverTime, sentAt, receivedAt) => {
        this.#clock.syncFromRoundTrip(serverTime, sentAt, receivedAt);
        this.#saveClockOffset();
      },
      onStatus: this.#handleStatus,
    });
    this.#connection.start();
    this.#host.requestUpdate();
  }

  /** Show a pairing code and connect as soon as staff have entered it, without typing a token. */
  #startPairing(): void {
    this.#status = 'unpaired';
    this.#pairingState = null;
    this.#pairing = new PairingClient({
      baseUrl: location.origin,
      onState: (state) => {
        this.#pairingState = state;
        this.#host.requestUpdate();
      },
      onPaired: (token) => {
        console.info('pairing: paired; connecting with the new token');
        storeScreenToken(localStorage, token);
        this.#token = token;
        this.#pairing = null;
        this.#pairingState = null;
        if (this.#connected) this.#startScreen(token);
      },
    });
    this.#pairing.start();
    this.#host.requestUpdate();
  }

  /**
   * Drop the screen identity after the server rejected its token: the token, the cached hello
   * and schedule, and the unsent showings. The server would reject those showings now, and they
   * must not count for the screen this display is paired as next. Then show a new pairing code.
   */
  #unpair(): void {
    console.warn('screen token rejected (revoked or unknown); pairing again');
    this.#connection?.stop();
    this.#connection = null;
    this.#identity += 1;
    this.#token = null;
    clearScreenToken(localStorage);

    this.#playing = null;
    this.#recorder.close(true);
    this.#outbox.clear();
    this.#sender.reset();
    this.#hello = null;
    this.#schedule = null;
    this.#pageCounts = new Map();
    this.#nowShowingKey = null;
    this.#emergencyShown = null;
    void clearMessages();

    this.#startPairing();
    this.#tick();
  }

  async #waitForFonts(): Promise<void> {
    const timeout = new Promise((resolve) => setTimeout(resolve, FONTS_TIMEOUT_MS));
    await Promise.race([document.fonts.ready, timeout]);
    if (!this.#connected) return;

    this.#fontsReady = true;
    this.#measure();
    this.#tick();
  }

  /**
   * Play the hello and schedule stored by an earlier page until the server sends fresh ones, so
   * that a kiosk started without the server shows its last schedule (or the fallback slide).
   */
  async #loadCachedMessages(): Promise<void> {
    const identity = this.#identity;
    const cached = await loadMessages();
    if (!this.#connected || identity !== this.#identity) return;

    if (cached.hello && !this.#hello) {
      this.#hello = cached.hello;
      this.#measure();
    }
    if (cached.schedule && !this.#schedule) {
      this.#schedule = cached.schedule;
      this.#measure();
    }
    this.#host.requestUpdate();
    this.#tick();
  }

  #saveClockOffset(): void {
    const wallOffset = this.#clock.wallOffset();
    if (wallOffset !== null) saveClockOffset(localStorage, wallOffset);
  }

  readonly #handleMessage = (message: ServerMessage, receivedAt: number) => {
    switch (message.type) {
      case 'hello':
        return this.#handleHello(message, receivedAt);
      case 'schedule':
        return this.#handleSchedule(message);
      case 'ack':
        for (const rejected of message.rejected) {
          console.warn(`server rejected showing ${rejected.id}: ${rejected.reason}`);
        }
        return this.#sender.handleAck(message);
      case 'pong':
        return;
      case 'error':
        console.warn(`server error ${message.code}: ${message.message}`);
        return;
    }
  };

  #handleHello(message: HelloMessage, receivedAt: number): void {
    const committeeChanged = message.fallback.committeeName !== this.#hello?.fallback.committeeName;
    this.#clock.syncAt(message.serverTime, receivedAt);
    this.#saveClockOffset();
    this.#hello = message;
    void saveMessage(message);
    if (committeeChanged) this.#measure();
    this.#host.requestUpdate();
  }

  #handleSchedule(message: ScheduleMessage): void {
    if (message.scheduleHash === this.#schedule?.scheduleHash) return;

    this.#schedule = message;
    void saveMessage(message);
    void cacheImages(message);
    this.#measure();
    this.#tick();
  }

  readonly #handleStatus = (status: ConnectionStatus) => {
    if (status === 'unauthorized') {
      this.#unpair();
      return;
    }

    this.#status = status;
    if (status !== 'online') {
      // The next connection starts afresh: the server gets now-showing and unacked showings again.
      this.#nowShowingKey = null;
      this.#sender.reset();
      if (this.#emergencyShown) this.#emergencyShown.sent = false;
    }
    this.#host.requestUpdate();
    this.#tick();
  };

  readonly #handleResize = () => {
    clearTimeout(this.#resizeTimer);
    this.#resizeTimer = setTimeout(() => {
      this.#size = viewportSize();
      this.#measure();
      this.#host.requestUpdate();
      this.#tick();
    }, RESIZE_SETTLE_MS);
  };

  readonly #handlePageHide = () => {
    this.#recorder.close(true);
  };

  /** Count the pages of every slide in the schedule at the current screen size. */
  #measure(): void {
    if (!this.#fontsReady || !this.#schedule) return;

    const counts = new Map<string, number>();
    for (const [key, content] of Object.entries(this.#schedule.content)) {
      counts.set(key, paginateSlide(content, this.#size, this.committeeName, this.#ticker).length);
    }
    this.#pageCounts = counts;
  }

  readonly #tick = () => {
    this.#now = this.#clock.now();
    this.#updateTicker();
    const showsContent =
      this.#status !== 'unpaired' && this.#status !== 'replaced' && this.#status !== 'unauthorized';
    this.#playing =
      showsContent && this.#fontsReady
        ? nowPlaying(this.#schedule, this.#now, (key) => this.#pageCounts.get(key) ?? 1)
        : null;

    const visible = document.visibilityState === 'visible';
    if (this.#recorder.update(this.#playing?.turn ?? null, visible)) this.#sender.flush();
    this.#ticks += 1;
    if (this.#ticks % CHECKPOINT_EVERY_TICKS === 0) this.#recorder.checkpoint();

    this.#sendNowShowing();
    this.#confirmEmergency(visible);
    this.#sender.retryOverdue();

    const playing = this.#playing;
    const viewKey = `${formatClockText(this.#now)}|${playing?.turn.key}|${playing?.page}|${playing?.pageCount}|${this.#ticker?.text}|${this.#ticker?.scroll}`;
    if (viewKey !== this.#viewKey) {
      this.#viewKey = viewKey;
      this.#host.requestUpdate();
    }
  };

  /**
   * Evaluate the tickers on server time, so that they appear and disappear offline too. When the
   * band changes the height left for slides, the slides are paginated again.
   */
  #updateTicker(): void {
    const reducedMotion = this.#reducedMotion?.matches ?? false;
    const band = tickerBandAt(this.#schedule?.tickers ?? [], this.#now, reducedMotion);
    const relayout = tickerLayoutKey(band) !== tickerLayoutKey(this.#ticker);
    const changed = band?.text !== this.#ticker?.text || band?.scroll !== this.#ticker?.scroll;
    if (changed) this.#ticker = band;
    if (relayout) this.#measure();
  }

  #sendNowShowing(): void {
    const turn = this.#playing?.turn;
    const key = turn ? `${turn.disclosureId}:${turn.versionId}` : 'fallback';
    // Until the first schedule arrives the fallback shows, and the server expects exactly that.
    if (key === this.#nowShowingKey || this.#status !== 'online' || !this.#schedule) return;

    const sent = this.#connection?.send({
      type: 'now-showing',
      disclosureId: turn?.disclosureId ?? null,
      versionId: turn?.versionId ?? null,
    });
    if (sent) this.#nowShowingKey = key;
  }

  /** Tell the server once per connection when an emergency notice was first visible here. */
  #confirmEmergency(visible: boolean): void {
    const emergencyId = this.#playing?.emergencyId ?? null;
    if (emergencyId === null) {
      this.#emergencyShown = null;
      return;
    }

    if (this.#emergencyShown?.id !== emergencyId) {
      if (!visible) return;
      this.#emergencyShown = { id: emergencyId, at: this.#now, sent: false };
    }

    const shown = this.#emergencyShown;
    if (shown.sent || this.#status !== 'online') return;
    shown.sent =
      this.#connection?.send({
        type: 'emergency-shown',
        emergencyId,
        shownAt: Math.round(shown.at),
      }) ?? false;
  }
}

function viewportSize(): PageSize {
  return { width: window.innerWidth, height: window.innerHeight };
}
