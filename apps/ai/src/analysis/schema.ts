/**
 * The compatibility analysis: what a model must answer (valibot → JSON schema for structured
 * outputs; every field required and nullable-free, as strict mode wants) and the weights the
 * server scores with. The overall score and the band are never taken from a model.
 */
import * as v from 'valibot';

export const DIMENSIONS = [
  ['skillMatch', 30],
  ['experienceLevel', 20],
  ['industryMatch', 15],
  ['locationMatch', 10],
  ['seniorityLevel', 5],
  ['educationCertification', 5],
  ['softSkillsLeadership', 5],
  ['employmentStability', 5],
  ['growthPotential', 3],
  ['companyScaleAlignment', 2],
] as const;

export type DimensionName = (typeof DIMENSIONS)[number][0];
export const WEIGHTS = Object.fromEntries(DIMENSIONS) as Record<DimensionName, number>;

const Dimension = v.object({
  score: v.pipe(v.number(), v.minValue(1), v.maxValue(10)),
  justification: v.pipe(v.string(), v.maxLength(1000)),
});

const textList = (max: number) => v.pipe(v.array(v.pipe(v.string(), v.maxLength(500))), v.maxLength(max));

export const ModelAnalysisSchema = v.object({
  dimensions: v.object(Object.fromEntries(DIMENSIONS.map(([name]) => [name, Dimension])) as Record<DimensionName, typeof Dimension>),
  strengths: textList(10),
  gaps: textList(10),
  redFlags: textList(10),
});

export type ModelAnalysis = v.InferOutput<typeof ModelAnalysisSchema>;

export type Recommendation = 'Strong Match' | 'Good Match' | 'Moderate Match' | 'Weak Match' | 'Poor Match';

export interface KeywordRow {
  keyword: string;
  /** required / preferred in the posting, or found in its description. */
  importance: 'required' | 'preferred' | 'mentioned';
  found: boolean;
  /** Where in the profile it was found (skills, a role), null when missing. */
  evidence: string | null;
}

export interface Analysis extends ModelAnalysis {
  overallScore: number;
  recommendation: Recommendation;
  keywords: KeywordRow[];
  provider: string;
  aiModel: string;
  /** SHA-256 of the job's analysed content: a changed job is never answered from an old analysis. */
  jobFingerprint: string;
  profileVersion: number;
  generatedAt: string;
  costUsdMicros: number;
}
