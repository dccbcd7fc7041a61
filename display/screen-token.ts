/**
 * The screen token: taken from `?token=` on first open or received through pairing, kept in
 * localStorage so that a reload or a restart of the kiosk browser stays paired, and removed from the
 * visible address.
 */
import type { KeyValueStorage } from './outbox.ts';
import { DISPLAY_VERSION } from './version.ts';

export const TOKEN_KEY = 'gongkai.token';

/** Read the token from the address (storing it) or from storage; null when the screen is unpaired. */
export function takeScreenToken(storage: KeyValueStorage): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token')?.trim();

  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }

  return storage.getItem(TOKEN_KEY);
}

/** Keep a token received through pairing. */
export function storeScreenToken(storage: KeyValueStorage, token: string): void {
  storage.setItem(TOKEN_KEY, token);
}

/** Forget a token that the server rejected (revoked or unknown). */
export function clearScreenToken(storage: KeyValueStorage): void {
  storage.removeItem(TOKEN_KEY);
}

/** Build the screen WebSocket address on the host that served the page, with the app version. */
export function screenSocketUrl(token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = new URLSearchParams({ token, v: DISPLAY_VERSION });
  return `${scheme}://${location.host}/ws/screen?${query}`;
}
