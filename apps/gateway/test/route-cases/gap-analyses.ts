import type { Json } from '../helpers';
import { expect } from 'vitest';
import { OVERLONG_ID, type Params, type RouteCase, type UserApi } from './types';

const analysis = {
  resume_analysis: { overall_assessment: 'Solid', gap_count: 1, red_flag_count: 0, urgency: 'LOW' },
  identified_gaps_and_flags: [{ type: 'gap', issue: 'No degree listed' }],
  clarification_questions: [{ question_id: 1, priority: 'HIGH', question: 'Any formal education?' }],
  next_steps: { immediate_action: 'Answer the question' },
};

async function createAnalysis(owner: UserApi): Promise<Params> {
  const { id } = await owner.json('POST', '/api/gap-analyses', analysis, 201);
  return { id };
}

export const gapAnalysisCases: RouteCase[] = [
  {
    route: 'GET /api/gap-analyses',
    setup: createAnalysis,
    valid: { query: '?page=1&limit=10', status: 200, check: (b, p) => expect(b.gapAnalyses.map((a: Json) => a.id)).toEqual([p.id]) },
    invalid: { query: '?limit=0' },
    isolation: async (other) => expect((await other.json('GET', '/api/gap-analyses', undefined, 200)).total).toBe(0),
  },
  {
    route: 'POST /api/gap-analyses',
    valid: {
      body: analysis,
      status: 201,
      check: (b) => expect(b).toMatchObject({ gap_count: 1, urgency: 'LOW', answers: [{ question_id: 1, answer: null }] }),
    },
    invalid: { body: { urgency: 'SOMEDAY' } },
    crossUserNotApplicable: 'creates a row owned by the caller; GET isolation covers reads',
  },
  {
    route: 'GET /api/gap-analyses/:id',
    setup: createAnalysis,
    valid: { status: 200, check: (b, p) => expect(b).toMatchObject({ id: p.id, answers: [{ question_id: 1 }] }) },
    invalid: OVERLONG_ID,
  },
  {
    route: 'DELETE /api/gap-analyses/:id',
    setup: createAnalysis,
    valid: { status: 204 },
    invalid: OVERLONG_ID,
  },
  {
    route: 'PATCH /api/gap-analyses/:id/answer',
    setup: createAnalysis,
    valid: {
      body: { question_id: 1, answer: 'A bootcamp in 2015.' },
      status: 200,
      check: (b) => expect(b.answers[0].answer).toBe('A bootcamp in 2015.'),
    },
    invalid: { body: { question_id: 'one', answer: 'x' } },
  },
];
