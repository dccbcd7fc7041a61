/**
 * The screen token: taken from `?token=` on first open, kept in localStorage so that a reload or
 * a restart of the kiosk browser stays paired, and removed from the visible address.
 */
import type { KeyValueStorage } from './outbox.ts';

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

/** Build the screen WebSocket address on the host that served the page. */
export function screenSocketUrl(token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws/screen?token=${encodeURIComponent(token)}`;
}
