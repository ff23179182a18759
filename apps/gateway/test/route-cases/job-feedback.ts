import { expect } from 'vitest';
import { createJob } from './jobs';
import { OVERLONG_ID, type RouteCase, type UserApi } from './types';

const feedbackOf = (owner: UserApi, id: string) => owner.json('GET', `/api/jobs/${id}/feedback`, undefined, 200);

export const jobFeedbackCases: RouteCase[] = [
  {
    route: 'POST /api/jobs/:id/feedback',
    setup: async (owner) => ({ id: await createJob(owner) }),
    valid: {
      body: { feedbackType: 'reported_spam', reason: 'fake_company' },
      status: 200,
      check: (b) => expect(b).toEqual({ success: true, feedbackId: expect.any(String) }),
    },
    invalid: { body: { feedbackType: 'meh' } },
    snapshot: (owner, p) => feedbackOf(owner, p.id!),
  },
  {
    route: 'GET /api/jobs/:id/feedback',
    setup: async (owner) => {
      const id = await createJob(owner);
      await owner.json('POST', `/api/jobs/${id}/feedback`, { feedbackType: 'thumbs_up' }, 200);
      return { id };
    },
    valid: { status: 200, check: (b) => expect(b).toEqual({ feedbackType: 'thumbs_up', reason: null, customReason: null }) },
    invalid: OVERLONG_ID,
  },
];
