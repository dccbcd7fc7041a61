/**
 * Images for disclosures. The type is read from the bytes (JPEG, PNG, WebP), never from the name
 * or the declared type. Each image is decoded and re-encoded with sharp: resized so the longer side
 * fits the screen, metadata such as GPS positions dropped. Images are stored by the SHA-256 of the
 * stored bytes and served read-only at /media/ID.
 */
import crypto from 'node:crypto';
import { Hono } from 'hono';
import sharp from 'sharp';
import type { AppDeps } from '../app-deps.ts';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../staff-auth.ts';
import { ApiError, notFound } from '../errors.ts';
import { readBodyLimited } from '../request-body.ts';

export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
/** Longer side in pixels after resizing: a 1920x1080 screen never needs more. */
export const MAX_IMAGE_SIDE = 1920;
/** Images larger than this many pixels are refused before decoding (a decompression bomb guard). */
const MAX_INPUT_PIXELS = 40_000_000;

async function prepareForScreen(bytes: Uint8Array, mime: string) {
  const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).rotate().resize({
    width: MAX_IMAGE_SIDE,
    height: MAX_IMAGE_SIDE,
    fit: 'inside',
    withoutEnlargement: true,
  });
  const encoded =
    mime === 'image/png'
      ? image.png()
      : mime === 'image/webp'
        ? image.webp({ quality: 85 })
        : image.jpeg({ quality: 85 });
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export function sniffImageType(bytes: Uint8Array): string | null {
  const starts = (signature: number[], offset = 0) =>
    signature.every((byte, index) => bytes[offset + index] === byte);
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

export function imageRoutes({ db, now, logger }: AppDeps) {
  const app = new Hono<AppEnv>();

  app.post('/', allow('editor'), async (c) => {
    const bytes = await readBodyLimited(c.req.raw, MAX_IMAGE_BYTES, 'the image');
    const mime = sniffImageType(bytes);
    if (!mime) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        'the file is not a JPEG, PNG or WebP image; convert it to one of those',
      );
    }
    let prepared;
    try {
      prepared = await prepareForScreen(bytes, mime);
    } catch (error) {
      logger.warn({ err: error, bytes: bytes.byteLength, mime }, 'image could not be decoded');
      throw new ApiError(
        415,
        'unsupported_media_type',
        `the ${mime.slice(6).toUpperCase()} file is damaged or too large to decode (limit ${MAX_INPUT_PIXELS} pixels); export it again`,
      );
    }
    const id = crypto.createHash('sha256').update(prepared.data).digest('hex');
    await db
      .insertInto('image')
      .values({
        id,
        mime,
        bytes: prepared.data,
        created_at: now(),
        width: prepared.width,
        height: prepared.height,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    logger.info(
      {
        imageId: id,
        bytes: prepared.data.byteLength,
        mime,
        width: prepared.width,
        height: prepared.height,
      },
      'image stored',
    );
    return c.json(
      { image: { id, url: `/media/${id}`, mime, width: prepared.width, height: prepared.height } },
      201,
    );
  });

  return app;
}

export function mediaRoutes({ db }: AppDeps) {
  const app = new Hono();

  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    if (!/^[0-9a-f]{64}$/.test(id)) throw notFound('image', id);
    const image = await db.selectFrom('image').selectAll().where('id', '=', id).executeTakeFirst();
    if (!image) throw notFound('image', id);
    c.header('Content-Type', image.mime);
    // Content-addressed: the bytes behind an id never change.
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(new Uint8Array(image.bytes));
  });

  return app;
}
