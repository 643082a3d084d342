/** A set of UTF-16 units (or of 16-bit hashes) as 65,536 bits: one array read per membership test. */
export const newUnitBits = (): Uint32Array => new Uint32Array(0x10000 >>> 5);

export const setBit = (bits: Uint32Array, index: number): void => {
  bits[index >>> 5] = (bits[index >>> 5] ?? 0) | (1 << (index & 31));
};

export const hasBit = (bits: Uint32Array, index: number): boolean => ((bits[index >>> 5] ?? 0) & (1 << (index & 31))) !== 0;
