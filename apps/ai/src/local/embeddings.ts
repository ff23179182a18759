/**
 * Local embeddings: feature hashing of word unigrams, word bigrams and character trigrams into
 * 768 dimensions (signed, so collisions cancel rather than pile up), with skill synonyms mapped
 * to their canonical name first ("k8s" and "Kubernetes" land on the same features). L2-normalised
 * with an epsilon guard: an empty text is the zero vector, never NaN. Deterministic and local —
 * a lexical similarity, not a language model.
 */
import { findSkills } from './lexicon';
import { contentWords } from './text';

export const LOCAL_DIMENSIONS = 768;
const EPSILON = 1e-12;

/** FNV-1a 32-bit. */
function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function add(vector: Float64Array, feature: string, weight: number): void {
  const h = fnv1a(feature);
  const index = h % LOCAL_DIMENSIONS;
  const sign = fnv1a(feature, 0x9747b28c) & 1 ? 1 : -1;
  vector[index]! += sign * weight;
}

export function localEmbedding(text: string): number[] {
  const vector = new Float64Array(LOCAL_DIMENSIONS);
  const tokens = contentWords(text);
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!;
    add(vector, `w:${w}`, 1);
    if (i + 1 < tokens.length) add(vector, `b:${w} ${tokens[i + 1]}`, 0.6);
    const padded = `^${w}$`;
    for (let j = 0; j + 3 <= padded.length; j++) add(vector, `c:${padded.slice(j, j + 3)}`, 0.25);
  }
  for (const skill of findSkills(text)) add(vector, `s:${skill.toLowerCase()}`, 2);
  return normaliseL2(Array.from(vector));
}

export function normaliseL2(vector: number[]): number[] {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (!(norm > EPSILON)) return vector.map(() => 0);
  return vector.map((x) => x / norm);
}

/** Cosine similarity of two vectors (0 when either is zero). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  const denom = Math.sqrt(na) * Math.sqrt(nb);
  return denom > EPSILON ? dot / denom : 0;
}
