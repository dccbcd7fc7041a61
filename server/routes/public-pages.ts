/**
 * Public pages under /p, without sign-in: the index of what is public now, one page per
 * disclosure, a QR code per disclosure that a lobby slide shows, and the pages' stylesheet.
 * A disclosure that is not public (draft, withdrawn, outside its 公示期) or an id that is not a
 * positive integer gets the same friendly 404 page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import QRCode from 'qrcode';
import type { AppDeps } from '../app-deps.ts';
import { forwardedHeader } from '../forwarded.ts';
import {
  committeeName,
  getPublicDisclosure,
  listPublicDisclosures,
  publicBaseUrl,
} from '../public-disclosures.ts';
import {
  renderDisclosurePage,
  renderIndexPage,
  renderNotFoundPage,
} from '../public-page-render.ts';

const STYLESHEET = fs.readFileSync(
  path.join(import.meta.dirname, '..', 'public-pages.css'),
  'utf8',
);

/** Pages change when a disclosure is withdrawn or its 公示期 ends, so browsers revalidate. */
const PAGE_CACHE = 'no-cache';

const FORWARDED_PROTO = /^https?$/;
const FORWARDED_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * Return the request's origin as the resident's phone uses it. A TLS proxy in front reports the
 * scheme and host it received in X-Forwarded-Proto and X-Forwarded-Host. Values that are not a
 * plain scheme or host are ignored rather than copied into the QR code.
 */
function requestOrigin(c: Context): string {
  const own = new URL(c.req.url);
  const proto = forwardedHeader(c, 'x-forwarded-proto');
  const host = forwardedHeader(c, 'x-forwarded-host');
  const scheme = proto && FORWARDED_PROTO.test(proto) ? proto : own.protocol.slice(0, -1);
  const authority = host && FORWARDED_HOST.test(host) ? host : own.host;
  return `${scheme}://${authority}`;
}

/** Return the disclosure id in the path, or null when it is not a positive integer. */
function publicId(c: Context): number | null {
  const raw = c.req.param('id') ?? '';
  const id = Number(raw);
  return /^\d+$/.test(raw) && Number.isSafeInteger(id) && id > 0 ? id : null;
}

export function publicPageRoutes({ db, now }: AppDeps) {
  const app = new Hono();

  async function notFoundPage(c: Context) {
    c.header('Cache-Control', PAGE_CACHE);
    return c.html(renderNotFoundPage(await committeeName(db)), 404);
  }

  app.get('/style.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(STYLESHEET);
  });

  // Mounted at /p: the index lives at /p/ (the empty id), and /p redirects there.
  app.get('/', (c) => c.redirect('/p/', 301));

  app.get('/:id{[^/]*}', async (c) => {
    if (c.req.param('id') === '') {
      const disclosures = await listPublicDisclosures(db, now());
      c.header('Cache-Control', PAGE_CACHE);
      return c.html(renderIndexPage(await committeeName(db), disclosures));
    }

    const id = publicId(c);
    const disclosure = id === null ? null : await getPublicDisclosure(db, id, now());
    if (!disclosure) return notFoundPage(c);

    c.header('Cache-Control', PAGE_CACHE);
    return c.html(renderDisclosurePage(await committeeName(db), disclosure));
  });

  app.get('/:id/qr.svg', async (c) => {
    const id = publicId(c);
    const disclosure = id === null ? null : await getPublicDisclosure(db, id, now());
    if (!disclosure) return notFoundPage(c);

    const configured = await publicBaseUrl(db);
    const svg = await QRCode.toString(`${configured ?? requestOrigin(c)}/p/${disclosure.id}`, {
      type: 'svg',
      margin: 1,
      errorCorrectionLevel: 'M',
    });
    c.header('Content-Type', 'image/svg+xml');
    c.header('Cache-Control', 'public, max-age=86400');
    // Without the setting the code depends on the address the request came in on.
    if (!configured) c.header('Vary', 'Host, X-Forwarded-Host, X-Forwarded-Proto');
    return c.body(svg);
  });

  app.get('*', notFoundPage);

  return app;
}
