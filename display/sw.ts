/**
 * Service worker of the kiosk page (served as `/display/sw.js`, scope `/display/`). It keeps the
 * app shell (page, script, styles), the `/media/` images and the slides' QR codes, so that a kiosk
 * rebooted without the server still starts and plays its cached schedule.
 *
 * The shell is network-first with a short timeout, so a running server always delivers the
 * current build. Media addresses are content-addressed, so images are cache-first and kept forever.
 * A QR image (`/p/<id>/qr.svg`) is stable for a disclosure and host, so it is served from the cache
 * at once and refreshed in the background, in case the server's public address changed.
 */
import { QR_CACHE, isQrImagePath } from './qr-image.ts';

// Minimal types of the service worker scope; the project compiles against the DOM library only.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: Location;
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const scope = globalThis as unknown as WorkerScope;

const SHELL_CACHE = 'gongkai-shell-v1';
/** Same name as in offline-store.ts, which fills it ahead of playback. */
const MEDIA_CACHE = 'gongkai-media-v1';
const SHELL_FILES = ['./', './app.js', './display.css'];
/** Past this wait for the server the cached shell is used, so an offline start stays quick. */
const NETWORK_TIMEOUT_MS = 2_000;

scope.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(SHELL_FILES.map((file) => new URL(file, scope.registration.scope).href));
      await scope.skipWaiting();
    })(),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(scope.clients.claim());
});

scope.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;

  const url = new URL(request.url);
  if (url.origin !== scope.location.origin) return;

  if (url.pathname.startsWith('/media/')) {
    event.respondWith(cacheFirst(request));
  } else if (isQrImagePath(url.pathname)) {
    event.respondWith(staleWhileRevalidate(request));
  } else if (isShell(url)) {
    event.respondWith(networkFirst(request, url));
  }
});

function isShell(url: URL): boolean {
  const base = new URL(scope.registration.scope);
  if (!url.pathname.startsWith(base.pathname)) return false;

  const file = url.pathname.slice(base.pathname.length);
  return file === '' || file === 'index.html' || file === 'app.js' || file === 'display.css';
}

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(MEDIA_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;

  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** Serve the cached copy when there is one and refresh it from the network either way. */
async function staleWhileRevalidate(request: Request): Promise<Response> {
  const cache = await caches.open(QR_CACHE);
  const cached = await cache.match(request);
  const network = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  if (!cached) return network;

  // Offline, the cached copy has been served; the failed refresh needs no handling.
  network.catch(() => {});
  return cached;
}

async function networkFirst(request: Request, url: URL): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  // The page is cached under `./`; `index.html` and `?token=...` are the same page.
  const key = url.pathname.endsWith('/index.html')
    ? new URL('./', url).href
    : url.origin + url.pathname;

  const network = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(key, response.clone());
    return response;
  });
  // The race below may settle first; the request still finishes and updates the cache.
  network.catch(() => {});
  const timeout = new Promise<null>((resolve) =>
    setTimeout(() => resolve(null), NETWORK_TIMEOUT_MS),
  );

  try {
    const response = await Promise.race([network, timeout]);
    if (response) return response;
  } catch {
    // The server is unreachable: fall through to the cached copy.
  }

  const cached = await cache.match(key);
  if (cached) return cached;
  return network;
}
