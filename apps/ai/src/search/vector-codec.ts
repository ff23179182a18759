/**
 * Vectors in D1 as base64 of little-endian Float32 (TEXT): D1 hands BLOBs back as arrays of
 * byte numbers, which measured 4–6x slower to read and decode (bench/AI-RESULTS.md).
 */
export function encodeVector(vector: ArrayLike<number>): string {
  const floats = Float32Array.from(vector as ArrayLike<number>);
  const bytes = new Uint8Array(floats.buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Decodes into `into` at `offset` (a flat matrix), returning the number of dimensions. */
export function decodeVectorInto(encoded: string, into: Float32Array, offset: number): number {
  const binary = atob(encoded);
  const bytes = new Uint8Array(into.buffer, into.byteOffset + offset * 4, binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return binary.length / 4;
}

export function decodeVector(encoded: string): Float32Array {
  const out = new Float32Array(atob(encoded).length / 4);
  decodeVectorInto(encoded, out, 0);
  return out;
}
