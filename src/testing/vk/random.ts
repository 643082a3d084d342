/**
 * mulberry32: a tiny seeded generator, so every simulator run with the same seed makes the same
 * choices (fault injection, event ids) and a failing test replays exactly.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `length` lowercase hex characters from `random` (VK event ids are 40). */
export function randomHex(random: () => number, length = 40): string {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 16).toString(16);
  return out;
}
