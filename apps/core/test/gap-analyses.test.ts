import { soleShardDb } from '@jobmatch/db';
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, expectNotFound, expectValidationError, NASTY, newUser, type Json } from './api';
import { call } from './signed';

const PATH = '/api/gap-analyses';

/** What POST /api/resume/analyze-gaps answers, posted as is. */
const aiOutput = () => ({
  resume_analysis: { overall_assessment: 'Strong backend profile; a gap in 2019.', gap_count: 2, red_flag_count: 1, urgency: 'High' },
  identified_gaps_and_flags: [
    { type: 'gap', category: 'employment', issue: 'Eight months without a role in 2019', severity: 'MEDIUM' },
    { type: 'red_flag', category: 'tenure', issue: 'Three jobs in two years', severity: 'HIGH' },
  ],
  clarification_questions: [
    {
      question_id: 2,
      priority: 'MEDIUM',
      gap_addressed: 'tenure',
      question: 'Why the short stints?',
      context: '2017–2018',
      expected_outcome: 'A reason',
    },
    {
      question_id: 1,
      priority: 'HIGH',
      gap_addressed: 'employment',
      question: 'What did you do in 2019?',
      context: 'gap',
      expected_outcome: 'Activities',
    },
  ],
  next_steps: { immediate_action: 'Answer the questions', long_term_recommendations: ['Add metrics'] },
});

async function create(user: string, body: Json = aiOutput()): Promise<Json> {
  return api(user, 'POST', PATH, body, 201);
}

describe('/api/gap-analyses', () => {
  it('saves an analysis with its questions and reads it back with answers[]', async () => {
    const user = newUser();
    const analysis = await create(user);
    expect(analysis).toEqual({
      id: expect.any(String),
      gap_count: 2,
      red_flag_count: 1,
      urgency: 'HIGH',
      overall_assessment: 'Strong backend profile; a gap in 2019.',
      identified_gaps_and_flags: aiOutput().identified_gaps_and_flags,
      next_steps: aiOutput().next_steps,
      created_at: expect.any(String),
      updated_at: expect.any(String),
      answers: [
        expect.objectContaining({ question_id: 1, priority: 'HIGH', question: 'What did you do in 2019?', answer: null }),
        expect.objectContaining({ question_id: 2, priority: 'MEDIUM', gap_addressed: 'tenure', context: '2017–2018', answer: null }),
      ],
    });
    const res = await call(`${PATH}/${analysis.id}`, { userId: user });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-jobmatch-cacheable')).toBe('1');
    expect(await res.json()).toEqual(analysis);
  });

  it('accepts the flat shape too, with defaults', async () => {
    const user = newUser();
    const flat = await create(user, { overall_assessment: 'ok', questions: [{ question_id: 1, question: 'Q?' }] });
    expect(flat).toMatchObject({ gap_count: 0, red_flag_count: 0, urgency: 'MEDIUM', identified_gaps_and_flags: [], next_steps: null });
    expect(flat.answers).toEqual([expect.objectContaining({ question_id: 1, priority: 'MEDIUM', context: null })]);
    expect((await create(user, {})).answers).toEqual([]);
  });

  it('lists newest first with pagination, each with its own answers', async () => {
    const user = newUser();
    const first = await create(user);
    const second = await create(user, { questions: [{ question_id: 7, question: 'Only one?' }] });
    const third = await create(user, {});
    const page1 = await api(user, 'GET', `${PATH}?limit=2`, undefined, 200);
    expect(page1).toMatchObject({ total: 3, page: 1, limit: 2, hasMore: true });
    expect(page1.gapAnalyses.map((a: Json) => a.id)).toEqual([third.id, second.id]);
    expect(page1.gapAnalyses[1].answers.map((a: Json) => a.question_id)).toEqual([7]);
    expect(page1.gapAnalyses[0].answers).toEqual([]);
    const page2 = await api(user, 'GET', `${PATH}?limit=2&page=2`, undefined, 200);
    expect(page2).toMatchObject({ total: 3, hasMore: false });
    expect(page2.gapAnalyses).toEqual([first]);
    await expectValidationError(user, 'GET', `${PATH}?limit=101`, undefined);
  });

  it('answers one question at a time; null clears it', async () => {
    const user = newUser();
    const analysis = await create(user);
    const answered = await api(user, 'PATCH', `${PATH}/${analysis.id}/answer`, { question_id: 2, answer: 'Two startups folded.' }, 200);
    expect(answered.answers.map((a: Json) => a.answer)).toEqual([null, 'Two startups folded.']);
    expect(answered.updated_at >= analysis.updated_at).toBe(true);
    const cleared = await api(user, 'PATCH', `${PATH}/${analysis.id}/answer`, { question_id: 2, answer: null }, 200);
    expect(cleared.answers[1].answer).toBeNull();
    await expectNotFound(user, 'PATCH', `${PATH}/${analysis.id}/answer`, { question_id: 99, answer: 'no such question' });
    await expectNotFound(user, 'PATCH', `${PATH}/${crypto.randomUUID()}/answer`, { question_id: 1, answer: 'x' });
    for (const body of [
      {},
      { question_id: 1 },
      { question_id: 'one', answer: 'x' },
      { question_id: 1, answer: 'x'.repeat(10_001) },
      { question_id: 1, answer: 'x', extra: 1 },
    ]) {
      await expectValidationError(user, 'PATCH', `${PATH}/${analysis.id}/answer`, body);
    }
  });

  it('deletes an analysis together with its answers', async () => {
    const user = newUser();
    const analysis = await create(user);
    await api(user, 'DELETE', `${PATH}/${analysis.id}`, undefined, 204);
    await expectNotFound(user, 'GET', `${PATH}/${analysis.id}`);
    await expectNotFound(user, 'DELETE', `${PATH}/${analysis.id}`);
    const left = await soleShardDb(env)
      .prepare('SELECT count(*) AS n FROM gap_analysis_answers WHERE gap_analysis_id = ?')
      .bind(analysis.id)
      .first<Json>();
    expect(left?.n).toBe(0);
  });

  it('rejects invalid and oversized bodies, storing nothing', async () => {
    const user = newUser();
    const q = (extra: Json = {}) => ({ question_id: 1, question: 'Q?', ...extra });
    for (const body of [
      { urgency: 'SOMEDAY' },
      { gap_count: -1 },
      { identified_gaps_and_flags: 'many' },
      { identified_gaps_and_flags: [{ blob: 'x'.repeat(300 * 1024) }] },
      { next_steps: 'call mum' },
      { questions: [q(), q()] },
      { questions: [q({ question: '' })] },
      { questions: [q({ priority: 'URGENT' })] },
      { questions: Array.from({ length: 51 }, (_, i) => q({ question_id: i + 1 })) },
      { overall_assessment: 'x'.repeat(10_001) },
    ]) {
      await expectValidationError(user, 'POST', PATH, body);
    }
    expect((await api(user, 'GET', PATH, undefined, 200)).total).toBe(0);
  });

  it('stores SQL-injection and unicode payloads verbatim', async () => {
    const user = newUser();
    const [a, b, c, d] = NASTY;
    const analysis = await create(user, {
      overall_assessment: a,
      identified_gaps_and_flags: [{ issue: b }],
      questions: [{ question_id: 1, question: c }],
    });
    await api(user, 'PATCH', `${PATH}/${analysis.id}/answer`, { question_id: 1, answer: d }, 200);
    const stored = await api(user, 'GET', `${PATH}/${analysis.id}`, undefined, 200);
    expect(stored).toMatchObject({ overall_assessment: a, identified_gaps_and_flags: [{ issue: b }] });
    expect(stored.answers[0]).toMatchObject({ question: c, answer: d });
  });

  it("another user's analysis answers 404 everywhere and stays unchanged", async () => {
    const owner = newUser();
    const intruder = newUser();
    const analysis = await create(owner);
    await expectNotFound(intruder, 'GET', `${PATH}/${analysis.id}`);
    await expectNotFound(intruder, 'PATCH', `${PATH}/${analysis.id}/answer`, { question_id: 1, answer: 'pwned' });
    await expectNotFound(intruder, 'DELETE', `${PATH}/${analysis.id}`);
    expect((await api(intruder, 'GET', PATH, undefined, 200)).total).toBe(0);
    expect(await api(owner, 'GET', `${PATH}/${analysis.id}`, undefined, 200)).toEqual(analysis);
  });
});
