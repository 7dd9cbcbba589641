// Draws the ∇ logos (kernelspec/logo-32x32.png, logo-64x64.png) as PNGs with no
// dependencies: a filled downward triangle with a hollow centre, on a transparent ground.
import { deflateSync } from "node:zlib";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const b of buf) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Inside the triangle with corners (m, m), (n−m, m), (n/2, n−m)? */
function inTriangle(x, y, n, margin) {
  const top = margin, bottom = n - margin, left = margin, right = n - margin;
  if (y < top || y > bottom) return false;
  const t = (y - top) / (bottom - top);
  const half = ((right - left) / 2) * (1 - t);
  return Math.abs(x - n / 2) <= half;
}

function logo(n) {
  const raw = Buffer.alloc((n * 4 + 1) * n);
  for (let y = 0; y < n; y++) {
    raw[y * (n * 4 + 1)] = 0;
    for (let x = 0; x < n; x++) {
      const outer = inTriangle(x + 0.5, y + 0.5, n, n * 0.12);
      const inner = inTriangle(x + 0.5, y + 0.5 - n * 0.05, n, n * 0.3);
      const on = outer && !inner;
      const o = y * (n * 4 + 1) + 1 + x * 4;
      raw[o] = 0x3b; raw[o + 1] = 0x5b; raw[o + 2] = 0xdb; raw[o + 3] = on ? 255 : 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(n, 0);
  ihdr.writeUInt32BE(n, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

for (const n of [32, 64]) writeFileSync(join(here, `logo-${n}x${n}.png`), logo(n));
