import { soleShardDb } from '@jobmatch/db';
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, expectValidationError, NASTY, newUser, profileVersion, type Json } from './api';
import { call } from './signed';

describe('/api/profile', () => {
  it('creates the profile on first read from the token id + email', async () => {
    const user = newUser();
    const res = await call('/api/profile', { userId: user });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-jobmatch-cacheable')).toBe('1');
    const { profile } = (await res.json()) as Json;
    expect(profile).toMatchObject({
      id: user,
      email: `${user}@example.test`,
      first_name: null,
      professional_summary: null,
      profile_version: 1,
    });
    expect(new Date(profile.created_at).toISOString()).toBe(profile.created_at);
    // A second read does not create another row or change anything.
    expect((await api(user, 'GET', '/api/profile', undefined, 200)).profile).toEqual(profile);
  });

  it('patches the given fields only, bumps profile_version, clears with null', async () => {
    const user = newUser();
    const before = await profileVersion(user);
    const { profile } = await api(
      user,
      'PATCH',
      '/api/profile',
      {
        first_name: 'Ada',
        last_name: 'Lovelace',
        linkedin_url: 'https://www.linkedin.com/in/ada',
        professional_summary: 'Analytical engines.',
      },
      200,
    );
    expect(profile).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', linkedin_url: 'https://www.linkedin.com/in/ada' });
    expect(profile.profile_version).toBe(before + 1);
    const cleared = (await api(user, 'PATCH', '/api/profile', { professional_summary: null, linkedin_url: '' }, 200)).profile;
    expect(cleared).toMatchObject({ first_name: 'Ada', professional_summary: null, linkedin_url: null, profile_version: before + 2 });
  });

  it('a PATCH from a brand-new user provisions the row first', async () => {
    const user = newUser();
    const { profile } = await api(user, 'PATCH', '/api/profile', { city: 'Lisbon' }, 200);
    expect(profile).toMatchObject({ id: user, email: `${user}@example.test`, city: 'Lisbon', profile_version: 2 });
  });

  it('rejects invalid, oversized, unknown and empty patches without changing anything', async () => {
    const user = newUser();
    await api(user, 'PATCH', '/api/profile', { first_name: 'Kept' }, 200);
    const version = await profileVersion(user);
    const cases: Json[] = [
      {},
      { first_name: 42 },
      { first_name: 'x'.repeat(101) },
      { professional_summary: 'x'.repeat(5001) },
      { linkedin_url: 'not a url' },
      { photo_url: 'javascript:alert(1)' },
      { email: 'me@evil.test' },
      { profile_version: 99 },
    ];
    for (const body of cases) await expectValidationError(user, 'PATCH', '/api/profile', body);
    const { profile } = await api(user, 'GET', '/api/profile', undefined, 200);
    expect(profile).toMatchObject({ first_name: 'Kept', email: `${user}@example.test`, profile_version: version });
  });

  it('stores SQL-injection and unicode payloads verbatim', async () => {
    const user = newUser();
    const [a, b, c, d] = NASTY;
    await api(user, 'PATCH', '/api/profile', { first_name: a, last_name: b, city: c, professional_summary: d }, 200);
    const { profile } = await api(user, 'GET', '/api/profile', undefined, 200);
    expect(profile).toMatchObject({ first_name: a, last_name: b, city: c, professional_summary: d });
    const count = await soleShardDb(env).prepare('SELECT count(*) AS n FROM users WHERE id = ?').bind(user).first<Json>();
    expect(count?.n).toBe(1);
  });

  it("one user's patch never touches another user's profile", async () => {
    const owner = newUser();
    const other = newUser();
    await api(owner, 'PATCH', '/api/profile', { first_name: 'Owner' }, 200);
    const before = (await api(owner, 'GET', '/api/profile', undefined, 200)).profile;
    await api(other, 'PATCH', '/api/profile', { first_name: 'Other' }, 200);
    expect((await api(owner, 'GET', '/api/profile', undefined, 200)).profile).toEqual(before);
  });
});

describe('/api/profile/complete', () => {
  it('returns profile, work experience, education, skills and resumes of the caller only', async () => {
    const user = newUser();
    const other = newUser();
    await api(user, 'PATCH', '/api/profile', { first_name: 'Grace' }, 200);
    await api(user, 'POST', '/api/profile/work-experience', { title: 'Engineer', company: 'Navy', start_date: '1943-01' }, 201);
    await api(user, 'POST', '/api/profile/education', { school: 'Yale', degree: 'PhD', field: 'Mathematics' }, 201);
    await api(user, 'POST', '/api/skills/batch', { skills: [{ name: 'COBOL', level: 'expert' }, { name: 'Compilers' }] }, 200);
    const resume = await api(
      user,
      'POST',
      '/api/resume',
      { type: 'master', title: 'CV', sections: { summary: 'COBOL' }, formats: ['pdf'] },
      201,
    );
    await api(other, 'POST', '/api/skills', { name: 'Other skill' }, 201);

    const res = await call('/api/profile/complete', { userId: user });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-jobmatch-cacheable')).toBe('1');
    const body = (await res.json()) as Json;
    expect(Object.keys(body).sort()).toEqual(['education', 'profile', 'resumes', 'skills', 'workExperience']);
    expect(body.profile).toMatchObject({ id: user, first_name: 'Grace' });
    expect(body.workExperience).toEqual([
      expect.objectContaining({ title: 'Engineer', company: 'Navy', is_current: false, accomplishments: '[]' }),
    ]);
    expect(body.education).toEqual([expect.objectContaining({ institution: 'Yale', field_of_study: 'Mathematics', description: '[]' })]);
    expect(body.skills.map((s: Json) => s.name)).toEqual(['COBOL', 'Compilers']);
    // Resumes are the structured documents of /api/resume (fe-routes): the row as /api/resume answers it.
    expect(body.resumes).toEqual([
      expect.objectContaining({ id: resume.id, user_id: user, type: 'master', title: 'CV', formats: ['pdf'] }),
    ]);
  });

  it('provisions a brand-new user and answers with empty lists', async () => {
    const user = newUser();
    const body = await api(user, 'GET', '/api/profile/complete', undefined, 200);
    expect(body).toEqual({
      profile: expect.objectContaining({ id: user, profile_version: 1 }),
      workExperience: [],
      education: [],
      skills: [],
      resumes: [],
    });
  });

  it('reads everything in one D1 batch (one round trip)', async () => {
    // Count the round trips the route makes: batch() calls and single-statement calls.
    const user = newUser();
    await api(user, 'GET', '/api/profile', undefined, 200);
    const { getCompleteProfile } = await import('@jobmatch/db').then((m) => m.profile);
    let batches = 0;
    let singles = 0;
    // bind() returns a new statement: count on it too.
    const counted = (statement: D1PreparedStatement): D1PreparedStatement => {
      const self = statement as unknown as Record<string, (...a: unknown[]) => D1PreparedStatement>;
      for (const m of ['first', 'all', 'run', 'raw']) {
        const original = self[m]!.bind(statement);
        self[m] = (...a: unknown[]) => {
          singles++;
          return original(...a);
        };
      }
      const bind = self.bind!.bind(statement);
      self.bind = (...a: unknown[]) => counted(bind(...a));
      return statement;
    };
    const counting = new Proxy(soleShardDb(env), {
      get(target, prop) {
        if (prop === 'batch')
          return (s: D1PreparedStatement[]) => {
            batches++;
            return target.batch(s);
          };
        if (prop === 'exec')
          return (q: string) => {
            singles++;
            return target.exec(q);
          };
        if (prop === 'prepare') return (q: string) => counted(target.prepare(q));
        return Reflect.get(target, prop, target);
      },
    });
    const complete = await getCompleteProfile(counting as D1Database, { userId: user, email: null });
    expect(complete.profile.id).toBe(user);
    expect({ batches, singles }).toEqual({ batches: 1, singles: 0 });
  });
});
