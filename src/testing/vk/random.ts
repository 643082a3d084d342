export { mulberry32 } from '../prng.js';

/** `length` lowercase hex characters from `random` (VK event ids are 40). */
export function randomHex(random: () => number, length = 40): string {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 16).toString(16);
  return out;
}
