/** The local deterministic provider on its own: determinism, evidence-based ranking, no invented facts. */
import { env } from 'cloudflare:test';
import { jobs, profile, soleShardDb } from '@jobmatch/db';
import { describe, expect, it } from 'vitest';
import { overallScore } from '../src/analysis/scoring';
import { localAnalysis } from '../src/local/analysis';
import { localVariantPlans, variantFromPlan } from '../src/local/documents';
import { cosine, localEmbedding } from '../src/local/embeddings';
import { parseJobPosting } from '../src/local/job-parser';
import { canonicalSkill, findSkills } from '../src/local/lexicon';
import { BACKEND_JOB, createJob, newUser, seedChefProfile, seedEngineerProfile } from './helpers';

async function load(userId: string, jobId: string) {
  const job = (await jobs.getJob(soleShardDb(env), userId, jobId))!;
  const complete = await profile.getCompleteProfile(soleShardDb(env), { userId, email: null });
  return { job, complete };
}

describe('local provider', () => {
  it('maps synonyms to one canonical skill and leaves the word "go" alone', () => {
    expect(canonicalSkill('k8s')).toBe('Kubernetes');
    expect(canonicalSkill('nodejs')).toBe('Node.js');
    expect(findSkills('We use Go and Postgres; you will go far')).toEqual(expect.arrayContaining(['Go', 'PostgreSQL']));
    expect(findSkills('you will go far')).toEqual([]);
  });

  it('gives the same analysis for the same input, and the matching candidate outranks the other', async () => {
    const engineer = newUser();
    const chef = newUser();
    await seedEngineerProfile(engineer);
    await seedChefProfile(chef);
    const a = await load(engineer, await createJob(engineer, BACKEND_JOB));
    const b = await load(chef, await createJob(chef, BACKEND_JOB));
    const first = localAnalysis(a.job, a.complete);
    expect(localAnalysis(a.job, a.complete)).toEqual(first);
    const other = localAnalysis(b.job, b.complete);
    expect(overallScore(first.dimensions)).toBeGreaterThan(overallScore(other.dimensions) + 20);
    expect(first.dimensions.skillMatch.score).toBeGreaterThan(other.dimensions.skillMatch.score);
    // k8s in the profile satisfies the posting's Kubernetes.
    expect(first.keywords.find((k) => k.keyword === 'Kubernetes')).toMatchObject({ found: true, evidence: 'listed in your skills' });
    expect(other.keywords.find((k) => k.keyword === 'TypeScript')).toMatchObject({ found: false, evidence: null });
    expect(other.gaps.join(' ')).toContain('TypeScript');
    for (const d of Object.values(first.dimensions)) {
      expect(Number.isInteger(d.score)).toBe(true);
      expect(d.score).toBeGreaterThanOrEqual(1);
      expect(d.score).toBeLessThanOrEqual(10);
      expect(d.justification.length).toBeGreaterThan(5);
    }
  });

  it('embeddings are 768-dimensional, L2-normalised, deterministic, and never NaN for empty text', () => {
    const v = localEmbedding('TypeScript services on Cloudflare Workers');
    expect(v).toHaveLength(768);
    expect(Math.abs(Math.hypot(...v) - 1)).toBeLessThan(1e-9);
    expect(localEmbedding('TypeScript services on Cloudflare Workers')).toEqual(v);
    const empty = localEmbedding('');
    expect(empty.every((x) => x === 0)).toBe(true);
    expect(cosine(empty, v)).toBe(0);
    expect(cosine(v, localEmbedding('typescript backend workers'))).toBeGreaterThan(cosine(v, localEmbedding('croissant bakery pastry')));
  });

  it('documents contain only employers, titles and dates from the profile', async () => {
    const user = newUser();
    await seedEngineerProfile(user);
    const { job, complete } = await load(user, await createJob(user, { ...BACKEND_JOB, requiredSkills: ['TypeScript', 'Rust'] }));
    const plans = localVariantPlans(job, complete);
    expect(plans.map((p) => p.name)).toEqual(['Impact-Focused', 'Keyword-Optimized', 'Concise']);
    const allowedYears = new Set(JSON.stringify(complete).match(/\b(19|20)\d{2}\b/g));
    for (const plan of plans) {
      const variant = variantFromPlan(plan, complete, 'v1');
      expect(variant.resume.experience.map((e) => [e.title, e.company, e.startDate])).toEqual(
        complete.workExperience.map((w) => [w.title, w.company, w.start_date]),
      );
      const written = JSON.stringify(variant);
      for (const year of written.match(/\b(19|20)\d{2}\b/g) ?? []) expect(allowedYears.has(year)).toBe(true);
      // The job's Rust is not in the profile: never claimed, named as missing.
      expect(variant.resume.skills).not.toContain('Rust');
      expect(variant.aiRationale.join(' ')).toContain('Rust');
      expect(variant.resume.education[0]).toMatchObject({ school: 'Technical University of Munich', graduation: '2014' });
    }
  });

  it('parses a posting with labelled fields, a salary range, remote work and split skills', () => {
    const { job, confidence, warnings } = parseJobPosting(
      [
        'Senior Platform Engineer at Cloud Harbor',
        'Location: Remote (EU)',
        'Salary: €80,000 - €100,000 per year',
        'We build developer tooling. This is a fully remote role.',
        'Requirements:',
        '- 5+ years with Go and Kubernetes',
        '- Terraform',
        'Nice to have:',
        '- Rust',
      ].join('\n'),
    );
    expect(job).toMatchObject({
      title: 'Senior Platform Engineer',
      company: 'Cloud Harbor',
      location: 'Remote (EU)',
      workArrangement: 'remote',
      salaryMin: 80000,
      salaryMax: 100000,
      experienceLevel: 'senior',
    });
    expect(job.requiredSkills).toEqual(expect.arrayContaining(['Go', 'Kubernetes', 'Terraform']));
    expect(job.preferredSkills).toEqual(['Rust']);
    expect(confidence).toBeGreaterThan(50);
    expect(warnings).toEqual([]);
  });
});
