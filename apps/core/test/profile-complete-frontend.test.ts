/**
 * GET /api/profile/complete as the frontend's useCompleteProfile (cffrank/jobmatchAI @271f0f5)
 * reads it: it JSON.parse()s workExperience[].accomplishments and education[].description and
 * reads skills' endorsed_count. A list or plain text there makes the home page treat the user
 * as profile-less, so the types are asserted, not only the values.
 */
import { describe, expect, it } from 'vitest';
import { api, newUser, type Json } from './api';

describe('/api/profile/complete for useCompleteProfile', () => {
  it('answers rows as stored: JSON text where the hook parses, endorsed_count on skills', async () => {
    const user = newUser();
    await api(user, 'PATCH', '/api/profile', { first_name: 'Ada', current_title: 'Engineer', professional_summary: 'Builds things' }, 200);
    // What workersApi.createWorkExperience sends (snake_case, position → title).
    await api(
      user,
      'POST',
      '/api/profile/work-experience',
      {
        company: 'Analytical Engines',
        title: 'Engineer',
        start_date: '2020-01-15',
        location: 'London',
        description: 'Notes',
        end_date: null,
        is_current: true,
        accomplishments: ['Shipped v1', 'Led 3'],
      },
      201,
    );
    // What useEducation.addEducation sends.
    await api(
      user,
      'POST',
      '/api/profile/education',
      {
        school: 'Cambridge',
        degree: 'BA',
        field: 'Mathematics',
        startDate: '2012-10-01',
        endDate: '2015-06-30',
        highlights: ['First class'],
      },
      201,
    );
    await api(user, 'POST', '/api/skills', { name: 'TypeScript', endorsements: 4 }, 201);

    const body = (await api(user, 'GET', '/api/profile/complete', undefined, 200)) as Json;
    expect(body.profile).toMatchObject({ id: user, first_name: 'Ada', current_title: 'Engineer', professional_summary: 'Builds things' });

    const [work] = body.workExperience;
    expect(typeof work.accomplishments).toBe('string');
    expect(JSON.parse(work.accomplishments)).toEqual(['Shipped v1', 'Led 3']);
    expect(work).toMatchObject({
      company: 'Analytical Engines',
      title: 'Engineer',
      start_date: '2020-01-15',
      end_date: null,
      is_current: true,
    });

    const [edu] = body.education;
    expect(typeof edu.description).toBe('string');
    expect(JSON.parse(edu.description)).toEqual(['First class']);
    expect(edu).toMatchObject({
      institution: 'Cambridge',
      field_of_study: 'Mathematics',
      start_date: '2012-10-01',
      end_date: '2015-06-30',
    });

    const [skill] = body.skills;
    expect(skill).toMatchObject({ name: 'TypeScript', endorsed_count: 4 });
    expect(typeof skill.endorsed_count).toBe('number');
    expect(Array.isArray(body.resumes)).toBe(true);

    // GET /api/profile/work-experience keeps the parsed list (useWorkExperience uses it as it is).
    const own = await api(user, 'GET', '/api/profile/work-experience', undefined, 200);
    expect(own.workExperience[0].accomplishments).toEqual(['Shipped v1', 'Led 3']);
  });

  it('an entry without accomplishments or highlights still parses (empty JSON lists)', async () => {
    const user = newUser();
    await api(user, 'POST', '/api/profile/work-experience', { company: 'C', title: 'T', start_date: '2021-03-01' }, 201);
    await api(user, 'POST', '/api/profile/education', { school: 'S' }, 201);
    const body = (await api(user, 'GET', '/api/profile/complete', undefined, 200)) as Json;
    expect(JSON.parse(body.workExperience[0].accomplishments)).toEqual([]);
    expect(JSON.parse(body.education[0].description)).toEqual([]);
  });
});
