import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
});

function upload(bytes: Uint8Array, type = 'application/octet-stream') {
  return fetch(`${server.url}/api/images`, {
    method: 'POST',
    headers: { 'content-type': type, cookie: server.admin.cookie, origin: server.url },
    body: Buffer.from(bytes),
  });
}

const picture = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } });

describe('image upload', () => {
  it('large JPEG is resized for the screen', async () => {
    const jpeg = await picture(4000, 3000).jpeg().toBuffer();
    const response = await upload(jpeg, 'image/png');
    expect(response.status).toBe(201);
    const { image } = await response.json();
    expect(image).toMatchObject({ mime: 'image/jpeg', width: 1920, height: 1440 });

    const served = await fetch(server.url + image.url);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    const metadata = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    expect([metadata.width, metadata.height]).toEqual([1920, 1440]);
  });

  it('small PNG and WebP keep their size and type', async () => {
    for (const [format, mime] of [
      ['png', 'image/png'],
      ['webp', 'image/webp'],
    ] as const) {
      const bytes = await picture(300, 200).toFormat(format).toBuffer();
      const response = await upload(bytes);
      expect(response.status).toBe(201);
      const { image } = await response.json();
      expect(image).toMatchObject({ mime, width: 300, height: 200 });
    }
  });

  it('GIF named as PNG is refused', async () => {
    const gif = await picture(10, 10).gif().toBuffer();
    const response = await upload(gif, 'image/png');
    expect(response.status).toBe(415);
    expect((await response.json()).error.message).toContain('JPEG, PNG or WebP');
  });

  it('truncated PNG is refused', async () => {
    const png = await picture(500, 500).png().toBuffer();
    const response = await upload(png.subarray(0, 200));
    expect(response.status).toBe(415);
    expect((await response.json()).error.message).toContain('damaged');
  });

  it('oversized upload is refused with the limit', async () => {
    const response = await upload(new Uint8Array(9 * 1024 * 1024));
    expect(response.status).toBe(413);
    expect((await response.json()).error.message).toContain('8 MiB');
  });
});
