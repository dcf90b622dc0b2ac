import { createHash } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';

/*
 * Real PNG files for fakes that stand in for image APIs (a mini program code): 8-bit greyscale, one zlib stream,
 * CRC-checked chunks, so a test can tell a real image from any other bytes and read back what it shows.
 */

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** A `size` x `size` greyscale PNG whose 16 x 16 cell pattern follows `seed` (different seeds, different images). */
export function patternPng(seed: string, size: number): Buffer {
  const bits = createHash('sha256').update(seed).digest();
  const cell = Math.max(1, Math.floor(size / 16));
  const raw = Buffer.alloc(size * (size + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size + 1); // filter byte 0 (none), then the row's pixels
    for (let x = 0; x < size; x++) {
      const i = (Math.min(15, Math.floor(y / cell)) * 16 + Math.min(15, Math.floor(x / cell))) % 256;
      raw[row + 1 + x] = (bits[i >> 3]! >> (i & 7)) & 1 ? 0 : 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit, greyscale, deflate, adaptive filters, no interlace
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Reads a PNG back: throws unless the signature, every chunk's CRC and the pixel data's size hold. */
export function readPng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG: bad signature');
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (;;) {
    const len = png.readUInt32BE(at);
    const body = png.subarray(at + 4, at + 8 + len);
    if (png.readUInt32BE(at + 8 + len) !== crc32(body)) throw new Error('not a PNG: bad chunk CRC');
    const type = body.subarray(0, 4).toString('ascii');
    const data = body.subarray(4);
    if (type === 'IHDR') [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
    if (type === 'IEND') break;
  }
  const pixels = inflateSync(Buffer.concat(idat));
  if (pixels.length !== height * (width + 1)) throw new Error('not a PNG: pixel data of the wrong size');
  return { width, height, pixels };
}
