/**
 * What the kiosk needs to play without the server, kept across reboots. The last `hello` and
 * `schedule` messages go to IndexedDB, because a schedule with its content can approach the 1 MB
 * frame limit, too much for localStorage next to the outbox. The server clock offset goes to
 * localStorage, because it is small and is read synchronously at start. Images and QR codes go to
 * the Cache API that the service worker reads.
 */
import {
  helloMessageSchema,
  scheduleMessageSchema,
  type HelloMessage,
  type ScheduleMessage,
} from '../shared/protocol.ts';
import type { KeyValueStorage } from './outbox.ts';
import { QR_CACHE, qrImagePath } from './qr-image.ts';

const DB_NAME = 'gongkai-display';
const STORE = 'messages';
export const CLOCK_KEY = 'gongkai.clockOffset';
/** Cache of `/media/...` images; the service worker uses the same name. */
export const MEDIA_CACHE = 'gongkai-media-v1';

export interface CachedMessages {
  hello: HelloMessage | null;
  schedule: ScheduleMessage | null;
}

let opening: Promise<IDBDatabase> | null = null;

function openDatabase(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opening;
}

/** Store the last message of its type, replacing the one before. */
export async function saveMessage(message: HelloMessage | ScheduleMessage): Promise<void> {
  try {
    const db = await openDatabase();
    await new Promise<void>((resolve, reject) => {
      const transaction = db.transaction(STORE, 'readwrite');
      transaction.objectStore(STORE).put(message, message.type);
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
    });
  } catch (error) {
    console.warn(`offline store: saving the ${message.type} message failed`, error);
  }
}

/** Load the stored messages; a missing or invalid one comes back as null. */
export async function loadMessages(): Promise<CachedMessages> {
  try {
    const db = await openDatabase();
    const [hello, schedule] = await Promise.all([readKey(db, 'hello'), readKey(db, 'schedule')]);
    return {
      hello: parseOrNull(helloMessageSchema, hello, 'hello'),
      schedule: parseOrNull(scheduleMessageSchema, schedule, 'schedule'),
    };
  } catch (error) {
    console.warn('offline store: loading cached messages failed', error);
    return { hello: null, schedule: null };
  }
}

/** Delete the stored hello and schedule, for a screen whose token was revoked. */
export async function clearMessages(): Promise<void> {
  try {
    const db = await openDatabase();
    await new Promise<void>((resolve, reject) => {
      const transaction = db.transaction(STORE, 'readwrite');
      transaction.objectStore(STORE).clear();
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
    });
  } catch (error) {
    console.warn('offline store: deleting the cached messages failed', error);
  }
}

function readKey(db: IDBDatabase, key: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(key);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function parseOrNull<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  value: unknown,
  name: string,
): T | null {
  if (value === undefined) return null;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  console.warn(`offline store: ignoring a cached ${name} message that no longer matches`);
  return null;
}

/** Store server time minus the kiosk's `Date.now()`, in milliseconds. */
export function saveClockOffset(storage: KeyValueStorage, wallOffset: number): void {
  try {
    storage.setItem(CLOCK_KEY, JSON.stringify({ wallOffset: Math.round(wallOffset) }));
  } catch (error) {
    console.warn('offline store: saving the clock offset failed', error);
  }
}

export function loadClockOffset(storage: KeyValueStorage): number | null {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(CLOCK_KEY) ?? 'null');
    const wallOffset = (parsed as { wallOffset?: unknown } | null)?.wallOffset;
    return typeof wallOffset === 'number' && Number.isFinite(wallOffset) ? wallOffset : null;
  } catch {
    return null;
  }
}

/**
 * Put the schedule's images and QR codes in their caches now, so that slides not yet shown still
 * have them offline. Media addresses are content-addressed, so a cached image never goes stale. A
 * QR image already cached is left to the service worker, which refreshes it when it is shown.
 * NOTE: the Cache API exists only in secure contexts (https, localhost). Elsewhere images are not
 * kept, so an offline kiosk shows their alt text and no QR code.
 */
export async function cacheImages(schedule: ScheduleMessage): Promise<void> {
  if (typeof caches === 'undefined') return;

  const media = new Set<string>();
  const qrCodes = new Set<string>();
  for (const content of Object.values(schedule.content)) {
    for (const image of content.images) media.add(new URL(image.url, location.href).href);
    if (content.publicUrl) {
      qrCodes.add(new URL(qrImagePath(content.disclosureId), location.href).href);
    }
  }

  await fillCache(MEDIA_CACHE, media);
  await fillCache(QR_CACHE, qrCodes);
}

async function fillCache(name: string, urls: Set<string>): Promise<void> {
  try {
    const cache = await caches.open(name);
    for (const url of urls) {
      if (await cache.match(url)) continue;
      const response = await fetch(url);
      if (response.ok) await cache.put(url, response);
    }
  } catch (error) {
    console.warn(`offline store: filling the image cache "${name}" failed`, error);
  }
}
