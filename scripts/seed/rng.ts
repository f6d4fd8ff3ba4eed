/**
 * A small seeded PRNG (sfc32) with the helpers the seed generator needs. Pure: no Math.random, no
 * Node or DOM APIs, so the generator runs the same in Node, workerd and browsers.
 */

/** 32-bit integer hash (lowbias32): spreads (seed, stream, salt) into independent-looking state words. */
export function mix32(x: number): number {
  x >>>= 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** FNV-1a over UTF-16 code units (names are deduplicated by this hash). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** sfc32: Chris Doty-Humphrey's small fast chaotic PRNG (passes PractRand to 2^42 bytes). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** An independent stream for (seed, stream, salt): the same triple always yields the same numbers. */
  constructor(seed: number, stream = 0, salt = 0) {
    this.a = mix32(seed ^ 0x9e3779b9);
    this.b = mix32((stream + 0x6a09e667) ^ mix32(salt + 0x3c6ef372));
    this.c = mix32(this.a ^ this.b ^ 0xbb67ae85);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Next unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** A uniformly chosen element (the array must not be empty). */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** Uniform in [min, max) on a log scale (for amounts spanning orders of magnitude). */
  logUniform(min: number, max: number): number {
    return Math.exp(Math.log(min) + this.float() * (Math.log(max) - Math.log(min)));
  }
}

/** A weighted table built once and sampled in O(log n). */
export class Weighted<T> {
  private readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new RangeError("Weighted: empty table");
    this.items = entries.map((e) => e[0]);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach((e, i) => {
      sum += e[1];
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  sample(rng: Rng): T {
    const x = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}
