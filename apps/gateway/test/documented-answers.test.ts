/**
 * The documented answers of core's profile and tracker routes, checked on filled-in rows (the
 * generated route cases check them on minimal ones): nested tracker items, /complete's stored
 * rows with their JSON-text fields, education's `description`.
 */
import { describe, expect, it } from 'vitest';
import { newUser } from './helpers';
import { expectDocumentedShape } from './openapi-shapes';
import { userApi } from './route-cases/types';

describe('documented answers on filled-in rows', () => {
  it('GET /api/profile/complete with work experience, education and skills', async () => {
    const owner = userApi(newUser());
    await owner.json(
      'POST',
      '/api/profile/work-experience',
      { title: 'SRE', company: 'Edge', start_date: '2020-01', accomplishments: ['Kept it up'] },
      201,
    );
    const { education } = await owner.json(
      'POST',
      '/api/profile/education',
      { school: 'TU Berlin', field: 'CS', highlights: ['Thesis'] },
      201,
    );
    await expectDocumentedShape('POST /api/profile/education', 201, { education });
    await owner.json('POST', '/api/skills', { name: 'Go', level: 'advanced' }, 201);

    const complete = await owner.json('GET', '/api/profile/complete', undefined, 200);
    expect(complete.workExperience).toHaveLength(1);
    expect(JSON.parse(complete.workExperience[0].accomplishments)).toEqual(['Kept it up']);
    expect(JSON.parse(complete.education[0].description)).toEqual(['Thesis']);
    expect(complete.skills[0]).toMatchObject({ name: 'Go', endorsed_count: 0 });
    await expectDocumentedShape('GET /api/profile/complete', 200, complete);
    await expectDocumentedShape('GET /api/profile/education', 200, await owner.json('GET', '/api/profile/education', undefined, 200));
  });

  it('tracked applications with interviews, follow-ups, contacts and an offer', async () => {
    const owner = userApi(newUser());
    const created = await owner.json(
      'POST',
      '/api/tracked-applications',
      {
        company: 'Edge',
        jobTitle: 'SRE',
        status: 'interview_scheduled',
        interviews: [{ id: 'i1', round: 'Phone', date: '2026-01-05', interviewers: ['Kim'], notes: '' }],
        followUpActions: [{ id: 'f1', title: 'Send thanks', dueDate: '2026-01-06' }],
        activityLog: [{ id: 'a1', date: '2026-01-05', type: 'note', description: 'Called' }],
        recruiter: { name: 'Sam', email: 'sam@edge.test' },
        offerDetails: { salary: '100k', benefits: ['Health'] },
        tags: ['remote'],
      },
      201,
    );
    expect(created.followUpActions[0]).toMatchObject({ completed: false, priority: 'medium', type: 'action_item' });
    await expectDocumentedShape('POST /api/tracked-applications', 201, created);
    const patched = await owner.json('PATCH', `/api/tracked-applications/${created.id}`, { status: 'offer', statusNote: 'Verbal' }, 200);
    expect(patched.statusHistory.at(-1)).toMatchObject({ status: 'offer', note: 'Verbal' });
    await expectDocumentedShape('PATCH /api/tracked-applications/:id', 200, patched);
    await expectDocumentedShape('GET /api/tracked-applications', 200, await owner.json('GET', '/api/tracked-applications', undefined, 200));
    await expectDocumentedShape(
      'GET /api/tracked-applications/active',
      200,
      await owner.json('GET', '/api/tracked-applications/active', undefined, 200),
    );
  });
});
