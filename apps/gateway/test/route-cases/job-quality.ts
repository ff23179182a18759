import { expect } from 'vitest';
import { createJob } from './jobs';
import { OVERLONG_ID, type RouteCase } from './types';

const SCAM = 'Pay a small fee for the starter kit training and send your social security number via WhatsApp. Earn $5000 per week!';

export const jobQualityCases: RouteCase[] = [
  {
    route: 'GET /api/jobs/:id/duplicates',
    setup: async (owner) => {
      const id = await createJob(owner, { url: 'https://jobs.acme.test/1' });
      const dup = await createJob(owner, { company: 'ACME Inc', url: 'https://jobs.acme.test/1/' });
      return { id, dup };
    },
    valid: { status: 200, check: (b, p) => expect(b.duplicates.map((d: any) => d.id)).toEqual([p.dup]) },
    invalid: OVERLONG_ID,
  },
  {
    route: 'GET /api/spam-detection/stats',
    setup: async (owner) => ({ id: await createJob(owner, { description: SCAM }) }),
    valid: { status: 200, check: (b) => expect(b.stats).toMatchObject({ totalJobs: 1, analyzedJobs: 0 }) },
    invalid: null,
    invalidNotApplicable: 'no query or body',
    isolation: async (other) => expect((await other.json('GET', '/api/spam-detection/stats', undefined, 200)).stats.totalJobs).toBe(0),
  },
  {
    route: 'POST /api/spam-detection/analyze/:jobId',
    setup: async (owner) => ({ jobId: await createJob(owner, { description: SCAM }) }),
    valid: {
      status: 200,
      check: (b, p) => expect(b).toMatchObject({ success: true, jobId: p.jobId, result: { isSpam: true, recommendation: 'spam' } }),
    },
    invalid: null,
    invalidNotApplicable: 'no query or body; a malformed id is simply not found',
    snapshot: async (owner) => (await owner.json('GET', '/api/spam-detection/stats', undefined, 200)).stats,
  },
];
