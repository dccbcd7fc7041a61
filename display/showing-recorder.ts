/**
 * Records showings: one per turn of a disclosure that was actually visible. A showing opens when a
 * turn starts while the page is visible and closes when the turn ends, the content changes or the
 * page is hidden. Closed showings go to the outbox. The open showing is checkpointed to storage
 * so that a crash without `pagehide` still leaves an interrupted showing behind.
 */
import { showingSchema, type Showing } from '../shared/protocol.ts';
import type { KeyValueStorage, ShowingOutbox } from './outbox.ts';

export const CHECKPOINT_KEY = 'gongkai.openShowing';

/** A turn ending within this many milliseconds of its planned end counts as complete. */
const END_TOLERANCE_MS = 1_000;

/** The turn currently on screen. */
export interface Turn {
  /** Identifies the turn: entry, start of the turn and content version. */
  key: string;
  disclosureId: number;
  versionId: number;
  /** Planned end of the turn, server time. */
  endsAt: number;
}

export interface ShowingRecorderOptions {
  outbox: ShowingOutbox;
  storage: KeyValueStorage;
  /** Server time, epoch milliseconds. */
  serverNow: () => number;
  /** Monotonic milliseconds, for visible durations. */
  monotonic?: () => number;
  newId: () => string;
}

interface OpenShowing {
  turn: Turn;
  id: string;
  startedAt: number;
  startedMonotonic: number;
}

export class ShowingRecorder {
  readonly #options: ShowingRecorderOptions;
  readonly #monotonic: () => number;
  #open: OpenShowing | null = null;

  constructor(options: ShowingRecorderOptions) {
    this.#options = options;
    this.#monotonic = options.monotonic ?? (() => performance.now());
  }

  /** Move a showing checkpointed by a previous page that died without closing it to the outbox. */
  recoverCheckpoint(): void {
    const stored = this.#options.storage.getItem(CHECKPOINT_KEY);
    if (!stored) return;

    this.#options.storage.removeItem(CHECKPOINT_KEY);
    const showing = parseShowing(stored);
    if (!showing) {
      console.warn(`showings: ignoring invalid checkpoint in localStorage "${CHECKPOINT_KEY}"`);
      return;
    }
    if (showing.seconds >= 0.1) this.#options.outbox.add(showing);
  }

  /**
   * Bring the record in line with the screen: `turn` is what is on screen (null for the fallback)
   * and `visible` whether the page is visible. Returns true when a showing was closed.
   */
  update(turn: Turn | null, visible: boolean): boolean {
    const open = this.#open;
    let closed = false;

    if (open && (!visible || !turn || turn.key !== open.turn.key)) {
      closed = this.close();
    } else if (open && turn) {
      open.turn = turn;
    }

    if (!this.#open && turn && visible) {
      this.#open = {
        turn,
        id: this.#options.newId(),
        startedAt: this.#options.serverNow(),
        startedMonotonic: this.#monotonic(),
      };
    }

    return closed;
  }

  /**
   * Close the open showing into the outbox. It is interrupted when it ends before its planned
   * end, or when `interrupted` is forced (pagehide). Returns true when a showing was stored.
   */
  close(interrupted?: boolean): boolean {
    const open = this.#open;
    if (!open) return false;

    this.#open = null;
    this.#options.storage.removeItem(CHECKPOINT_KEY);
    const showing = this.#snapshot(open, interrupted);
    if (showing.seconds < 0.1) return false;

    this.#options.outbox.add(showing);
    return true;
  }

  /** Write the open showing, as interrupted so far, to storage. */
  checkpoint(): void {
    if (!this.#open) return;
    this.#options.storage.setItem(CHECKPOINT_KEY, JSON.stringify(this.#snapshot(this.#open, true)));
  }

  #snapshot(open: OpenShowing, forceInterrupted?: boolean): Showing {
    const now = this.#options.serverNow();
    const plannedMs = Math.max(0, open.turn.endsAt - open.startedAt);
    const visibleMs = Math.min(Math.max(0, this.#monotonic() - open.startedMonotonic), plannedMs);
    const interrupted = forceInterrupted ?? now < open.turn.endsAt - END_TOLERANCE_MS;

    return {
      id: open.id,
      disclosureId: open.turn.disclosureId,
      versionId: open.turn.versionId,
      startedAt: Math.round(open.startedAt),
      seconds: Math.min(86_400, Math.round(visibleMs / 100) / 10),
      ...(interrupted ? { interrupted: true } : {}),
    };
  }
}

function parseShowing(stored: string): Showing | null {
  try {
    const result = showingSchema.safeParse(JSON.parse(stored));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
