/**
 * The QR code on a slide, which opens the disclosure's public page on a phone. The server renders
 * it as SVG at `/p/<disclosure id>/qr.svg`. It imports nothing, so the service worker can share it.
 */

/**
 * Cache of QR images, filled ahead of playback and read by the service worker. A QR image changes
 * only when the server's public address does, so the worker serves the cached copy and refreshes
 * it in the background.
 */
export const QR_CACHE = 'gongkai-qr-v1';

/** Address of a disclosure's QR image, on the host that served the page. */
export function qrImagePath(disclosureId: number): string {
  return `/p/${disclosureId}/qr.svg`;
}

/** Check whether a same-origin path is a QR image. */
export function isQrImagePath(pathname: string): boolean {
  return /^\/p\/\d+\/qr\.svg$/.test(pathname);
}
