/**
 * The body rule (ARCHITECTURE.md, "One way to do each thing"): request bodies reject unknown
 * keys, creates and patches alike, with a 400 that names the key, and nothing is written.
 */
import { describe, expect, it } from 'vitest';
import { api, newUser } from './api';

async function refusesUnknownKey(user: string, method: string, path: string, body: Record<string, unknown>, key: string) {
  const err = await api(user, method, path, body, 400);
  expect(err.code).toBe('VALIDATION_ERROR');
  expect(err.details.issues).toContainEqual({ path: key, message: 'is not a field of this request' });
  expect(err.message).toBe(`Invalid body: ${key}: is not a field of this request`);
}

describe('request bodies refuse unknown keys', () => {
  it('jobs: create and patch', async () => {
    const user = newUser();
    await refusesUnknownKey(user, 'POST', '/api/jobs', { title: 'Engineer', company: 'Acme', salary_min: 1 }, 'salary_min');
    expect((await api(user, 'GET', '/api/jobs', undefined, 200)).total).toBe(0);
    const job = await api(user, 'POST', '/api/jobs', { title: 'Engineer', company: 'Acme' }, 201);
    await refusesUnknownKey(user, 'PATCH', `/api/jobs/${job.id}`, { isSaved: true, saved: true }, 'saved');
    expect((await api(user, 'GET', `/api/jobs/${job.id}`, undefined, 200)).saved).toBe(false);
  });

  it('job feedback', async () => {
    const user = newUser();
    const job = await api(user, 'POST', '/api/jobs', { title: 'Engineer', company: 'Acme' }, 201);
    await refusesUnknownKey(user, 'POST', `/api/jobs/${job.id}/feedback`, { feedbackType: 'thumbs_up', note: 'x' }, 'note');
    expect(await api(user, 'GET', `/api/jobs/${job.id}/feedback`, undefined, 200)).toEqual({ feedback: null });
  });

  it('skills: create, batch and patch', async () => {
    const user = newUser();
    await refusesUnknownKey(user, 'POST', '/api/skills', { name: 'Go', proficiency: 'expert' }, 'proficiency');
    await refusesUnknownKey(user, 'POST', '/api/skills/batch', { skills: [{ name: 'Go' }], replace: true }, 'replace');
    const err = await api(user, 'POST', '/api/skills/batch', { skills: [{ name: 'Go', years: 3 }] }, 400);
    expect(err.details.issues).toContainEqual({ path: 'skills.0.years', message: 'is not a field of this request' });
    expect((await api(user, 'GET', '/api/skills', undefined, 200)).skills).toEqual([]);
    const { skill } = await api(user, 'POST', '/api/skills', { name: 'Go' }, 201);
    await refusesUnknownKey(user, 'PATCH', `/api/skills/${skill.id}`, { level: 'expert', lvl: 'x' }, 'lvl');
    expect((await api(user, 'GET', '/api/skills', undefined, 200)).skills[0].level).toBeNull();
  });

  it('security events', async () => {
    const user = newUser();
    await refusesUnknownKey(
      user,
      'POST',
      '/api/security-events',
      { action: 'Login', status: 'success', ipAddress: '1.2.3.4' },
      'ipAddress',
    );
    expect(await api(user, 'GET', '/api/security-events', undefined, 200)).toEqual([]);
  });

  it('users: oauth-profile and oauth-enrich (the frontend sends null for empty fields)', async () => {
    const user = newUser();
    await refusesUnknownKey(user, 'POST', '/api/users/oauth-profile', { user_id: user, email: 'a@b.test', full_name: 'A B' }, 'full_name');
    expect(await api(user, 'GET', `/api/users/${user}/exists`, undefined, 200)).toEqual({ exists: false });
    // The frontend's exact shape (src/lib/oauthProfileSync.ts): `value || null` for each name.
    const created = await api(
      user,
      'POST',
      '/api/users/oauth-profile',
      { user_id: user, email: 'a@b.test', first_name: 'Ada', last_name: null, photo_url: null, linkedin_url: null },
      201,
    );
    expect(created).toEqual({ success: true, created: true, updated: true });
    await refusesUnknownKey(user, 'PATCH', `/api/users/${user}/oauth-enrich`, { first_name: null, avatar: 'x' }, 'avatar');
    expect(await api(user, 'PATCH', `/api/users/${user}/oauth-enrich`, { first_name: null, last_name: 'Lovelace' }, 200)).toEqual({
      success: true,
      updated: true,
    });
    const { profile } = await api(user, 'GET', '/api/profile', undefined, 200);
    expect([profile.first_name, profile.last_name]).toEqual(['Ada', 'Lovelace']);
  });

  it('gap analyses: create and answer', async () => {
    const user = newUser();
    await refusesUnknownKey(user, 'POST', '/api/gap-analyses', { overall_assessment: 'ok', summary: 'typo' }, 'summary');
    expect((await api(user, 'GET', '/api/gap-analyses', undefined, 200)).gapAnalyses).toEqual([]);
    const analysis = await api(
      user,
      'POST',
      '/api/gap-analyses',
      { overall_assessment: 'ok', questions: [{ question_id: 1, question: 'Why?' }] },
      201,
    );
    await refusesUnknownKey(user, 'PATCH', `/api/gap-analyses/${analysis.id}/answer`, { question_id: 1, answer: 'a', answr: 'b' }, 'answr');
  });
});
