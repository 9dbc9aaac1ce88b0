/** Deterministic pseudo-randomness, so the same seller id and index always give the same product. */

function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes integers (up to 2^53) into 32 bits. */
export function hashInts(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = fmix32(h ^ (part >>> 0));
    h = fmix32(h + Math.floor(part / 2 ** 32));
  }
  return h;
}

/** mulberry32: tiny, fast and good enough for picking words. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /** Up to `count` distinct items, in list order. */
  pickSome<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set<T>();
    for (let tries = 0; chosen.size < Math.min(count, items.length) && tries < 20; tries++) {
      chosen.add(this.pick(items));
    }
    return items.filter((item) => chosen.has(item));
  }
}
