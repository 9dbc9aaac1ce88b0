import { promisify } from "node:util";
import { crc32, deflate } from "node:zlib";
import { hashInts } from "./random";

const deflateAsync = promisify(deflate);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  // The CRC covers the chunk type and data, not the length.
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Minimal PNG encoder: 8-bit truecolour, no interlace, filter type 0 on every row. */
export async function encodePng(width: number, height: number, rgb: Buffer): Promise<Buffer> {
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0;
    rgb.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  header[10] = 0; // compression
  header[11] = 0; // filter method
  header[12] = 0; // no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const data = await deflateAsync(raw);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", data), chunk("IEND", Buffer.alloc(0))]);
}

type Rgb = [number, number, number];

function hslToRgb(hue: number, saturation: number, lightness: number): Rgb {
  const c = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const h = (((hue % 360) + 360) % 360) / 60;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const [r, g, b] =
    h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  const m = lightness - c / 2;
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

/** Rough T-shirt outline centred in a square of side `size`; P0 shows it like a flat-lay photo. */
function insideGarment(x: number, y: number, size: number): boolean {
  const u = x / size;
  const v = y / size;
  const body = u >= 0.31 && u <= 0.69 && v >= 0.27 && v <= 0.85;
  const sleeveBand = v >= 0.27 && v <= 0.45;
  const leftSleeve = sleeveBand && u >= 0.16 + (0.45 - v) * 0.4 && u < 0.31 && v - 0.27 <= (u - 0.12) * 1.3;
  const rightSleeve = sleeveBand && u > 0.69 && u <= 0.84 - (0.45 - v) * 0.4 && v - 0.27 <= (0.88 - u) * 1.3;
  const neck = (u - 0.5) ** 2 + ((v - 0.27) * 1.4) ** 2 < 0.008;
  return (body || leftSleeve || rightSleeve) && !neck;
}

/** Paints picture `n` of a product: colours from the id, a different pattern per picture. */
export function paint(productId: number, n: number, size: number): Buffer {
  const seed = hashInts(productId);
  const hue = seed % 360;
  const background = hslToRgb(hue + 30, 0.25, 0.9);
  const backgroundEdge = hslToRgb(hue + 30, 0.3, 0.78);
  const main = hslToRgb(hue, 0.55 + ((seed >>> 9) % 30) / 100, 0.42 + ((seed >>> 17) % 20) / 100);
  const accent = hslToRgb(hue + 150 + ((seed >>> 5) % 60), 0.6, 0.35);
  const stripe = 12 + ((seed >>> 12) % 28);
  const pixels = Buffer.alloc(size * size * 3);
  const pattern = n % 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let colour: Rgb;
      if (pattern === 0) {
        // Flat-lay: garment on a soft vertical gradient, striped if the seed says so.
        if (insideGarment(x, y, size)) {
          colour = seed % 3 === 0 && Math.floor(y / stripe) % 2 === 1 ? accent : main;
        } else {
          const t = y / size;
          colour = [0, 1, 2].map((i) =>
            Math.round((background[i] ?? 0) * (1 - t) + (backgroundEdge[i] ?? 0) * t),
          ) as Rgb;
        }
      } else if (pattern === 1) {
        // Close-up of the fabric: diagonal twill.
        colour = Math.floor((x + y) / stripe) % 2 === 0 ? main : hslToRgb(hue, 0.45, 0.3);
      } else if (pattern === 2) {
        // Label / detail shot: a checker with a centred accent square.
        const centre = Math.abs(x - size / 2) < size / 6 && Math.abs(y - size / 2) < size / 10;
        colour = centre
          ? accent
          : (Math.floor(x / (stripe * 2)) + Math.floor(y / (stripe * 2))) % 2 === 0
            ? main
            : background;
      } else {
        // Back view: concentric rings.
        const r = Math.hypot(x - size / 2, y - size / 2);
        colour = Math.floor(r / stripe) % 2 === 0 ? main : accent;
      }
      const offset = (y * size + x) * 3;
      pixels[offset] = colour[0];
      pixels[offset + 1] = colour[1];
      pixels[offset + 2] = colour[2];
    }
  }
  return pixels;
}

/**
 * Caches rendered PNGs by key. The cache is bounded (oldest evicted first) because a benchmark
 * shop can have tens of thousands of pictures; concurrent requests share one render.
 */
export class ImageCache {
  private readonly entries = new Map<string, Promise<Buffer>>();

  constructor(private readonly maxEntries = 400) {}

  get(productId: number, n: number, size: number): Promise<Buffer> {
    const key = `${productId}/${n}`;
    const cached = this.entries.get(key);
    if (cached) {
      // Re-insert to mark it recently used.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const rendering = encodePng(size, size, paint(productId, n, size));
    rendering.catch(() => this.entries.delete(key));
    this.entries.set(key, rendering);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return rendering;
  }
}
