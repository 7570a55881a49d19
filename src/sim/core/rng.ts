/**
 * Seeded randomness. Every ID, name, digest salt and jitter in the engine comes
 * from here, so the same seed and commands always give the same trace.
 *
 * @example
 * const rng = createRng(42);
 * rng.hex(64); // a 64-hex container ID, identical for every run with seed 42
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  hex(length: number): string;
  /** The generator's position, to snapshot and restore it. */
  state(): number;
}

/** mulberry32: tiny, fast and good enough for a simulation (not for secrets). */
export function createRng(seed: number, position?: number): Rng {
  let a = (position ?? seed) >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const HEX = '0123456789abcdef';
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('rng.pick: empty list');
      return items[Math.floor(next() * items.length)] as never;
    },
    hex: (length) => {
      // One flat string: built with `+=`, a 64-hex ID was a chain of some fifty
      // concatenation nodes (about 1.7 KB), and the trace keeps many of them.
      const digits = new Array<string>(length);
      for (let i = 0; i < length; i++) digits[i] = HEX[Math.floor(next() * 16)]!;
      return digits.join('');
    },
    state: () => a,
  };
}

/**
 * A container or exec ID the way moby makes one: 32 random bytes as 64 hex,
 * drawn again when the 12-character short form would be all digits (it could
 * then be mistaken for a number by the CLI).
 */
export function generateId(rng: Rng): string {
  for (;;) {
    const id = rng.hex(64);
    if (!/^\d{12}$/.test(id.slice(0, 12))) return id;
  }
}
