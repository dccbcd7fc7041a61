/**
 * The durable outbox of showings: every closed showing is written to localStorage at once and
 * stays there until the server acknowledges it (committed or rejected), across reloads and
 * outages.
 */
import { MAX_SHOWINGS_PER_BATCH, showingSchema, type Showing } from '../shared/protocol.ts';

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const OUTBOX_KEY = 'gongkai.outbox';

/**
 * Maximum stored showings: at one showing per 10 s, over two days offline. Beyond it the oldest
 * are dropped, so that the page keeps working within the localStorage quota.
 */
export const OUTBOX_LIMIT = 20_000;

export class ShowingOutbox {
  readonly #storage: KeyValueStorage;
  #items: Showing[];

  constructor(storage: KeyValueStorage) {
    this.#storage = storage;
    this.#items = loadShowings(storage);
  }

  get size(): number {
    return this.#items.length;
  }

  add(showing: Showing): void {
    this.#items.push(showing);
    if (this.#items.length > OUTBOX_LIMIT) this.#items.splice(0, this.#items.length - OUTBOX_LIMIT);
    this.#save();
  }

  /** Return the oldest showings, at most one message's worth. */
  batch(limit = MAX_SHOWINGS_PER_BATCH): Showing[] {
    return this.#items.slice(0, limit);
  }

  /** Drop acknowledged showings; returns how many were dropped. */
  remove(ids: Iterable<string>): number {
    const drop = new Set(ids);
    const before = this.#items.length;
    this.#items = this.#items.filter((showing) => !drop.has(showing.id));

    const removed = before - this.#items.length;
    if (removed > 0) this.#save();
    return removed;
  }

  /** Drop every stored showing, for a screen whose token was revoked. */
  clear(): void {
    this.#items = [];
    this.#storage.removeItem(OUTBOX_KEY);
  }

  #save(): void {
    try {
      this.#storage.setItem(OUTBOX_KEY, JSON.stringify(this.#items));
    } catch (error) {
      // Quota exceeded: drop the oldest tenth and retry once, so that new showings still persist.
      console.warn('outbox: saving to localStorage failed, dropping the oldest showings', error);
      this.#items.splice(0, Math.ceil(this.#items.length / 10));
      try {
        this.#storage.setItem(OUTBOX_KEY, JSON.stringify(this.#items));
      } catch (retryError) {
        console.error('outbox: saving to localStorage failed again', retryError);
      }
    }
  }
}

function loadShowings(storage: KeyValueStorage): Showing[] {
  const stored = storage.getItem(OUTBOX_KEY);
  if (!stored) return [];

  try {
    const parsed: unknown = JSON.parse(stored);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((item) => {
      const result = showingSchema.safeParse(item);
      return result.success ? [result.data] : [];
    });
  } catch {
    console.warn(`outbox: ignoring invalid JSON in localStorage "${OUTBOX_KEY}"`);
    return [];
  }
}
