/** Server-side scoring: dimension scores clamped to whole 1–10, weighted to 0–100, banded. */
import { clamp } from '../local/text';
import { DIMENSIONS, WEIGHTS, type ModelAnalysis, type Recommendation } from './schema';

export function clampDimensions(d: ModelAnalysis['dimensions']): ModelAnalysis['dimensions'] {
  const out = {} as ModelAnalysis['dimensions'];
  for (const [name] of DIMENSIONS) {
    const raw = Number(d[name]?.score);
    out[name] = {
      score: clamp(Math.round(Number.isFinite(raw) ? raw : 1), 1, 10),
      justification: String(d[name]?.justification ?? '').slice(0, 1000),
    };
  }
  return out;
}

/** Σ weight × score / 10: all 10s → 100, all 1s → 10. */
export function overallScore(d: ModelAnalysis['dimensions']): number {
  let total = 0;
  for (const [name] of DIMENSIONS) total += WEIGHTS[name] * d[name].score;
  return clamp(Math.round(total / 10), 0, 100);
}

export function recommendationFor(score: number): Recommendation {
  if (score >= 80) return 'Strong Match';
  if (score >= 65) return 'Good Match';
  if (score >= 50) return 'Moderate Match';
  if (score >= 35) return 'Weak Match';
  return 'Poor Match';
}
