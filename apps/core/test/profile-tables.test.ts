/** Table-level checks of the profile slice that no route exercises (yet): job preferences, cascades. */
import { env } from 'cloudflare:test';
import { jobPreferences, profileVersion as versions, soleShardDb } from '@jobmatch/db';
import { describe, expect, it } from 'vitest';
import { api, newUser, profileVersion, type Json } from './api';

describe('job_preferences (table access for later routes and the ai Worker)', () => {
  it('creates on first upsert, then changes only the given fields', async () => {
    const user = { userId: newUser(), email: null };
    expect(await jobPreferences.getJobPreferences(soleShardDb(env), user.userId)).toBeNull();
    const created = await jobPreferences.upsertJobPreferences(soleShardDb(env), user, {
      desired_titles: ['Backend Engineer'],
      work_arrangements: ['remote', 'hybrid'],
      salary_min: 80_000,
      salary_max: 110_000,
      willing_to_relocate: true,
    });
    expect(created).toMatchObject({
      desired_titles: ['Backend Engineer'],
      desired_locations: [],
      work_arrangements: ['remote', 'hybrid'],
      salary_min: 80_000,
      salary_max: 110_000,
      salary_currency: null,
      willing_to_relocate: true,
    });
    const changed = await jobPreferences.upsertJobPreferences(soleShardDb(env), user, {
      desired_locations: ['Berlin'],
      salary_currency: 'EUR',
    });
    expect(changed).toMatchObject({
      desired_titles: ['Backend Engineer'],
      desired_locations: ['Berlin'],
      salary_min: 80_000,
      salary_currency: 'EUR',
      willing_to_relocate: true,
    });
    expect(await jobPreferences.getJobPreferences(soleShardDb(env), user.userId)).toEqual(changed);
  });

  it('refuses a salary range the wrong way round (table CHECK)', async () => {
    const user = { userId: newUser(), email: null };
    await expect(jobPreferences.upsertJobPreferences(soleShardDb(env), user, { salary_min: 10, salary_max: 5 })).rejects.toThrow(/CHECK/i);
    expect(await jobPreferences.getJobPreferences(soleShardDb(env), user.userId)).toBeNull();
  });
});

describe('profile_version and ownership', () => {
  it('getProfileVersion (what the ai Worker reads) matches the API and is null for unknown users', async () => {
    const user = newUser();
    await api(user, 'POST', '/api/skills', { name: 'Haskell' }, 201);
    expect(await versions.getProfileVersion(soleShardDb(env), user)).toBe(await profileVersion(user));
    expect(await versions.getProfileVersion(soleShardDb(env), newUser())).toBeNull();
  });

  it('deleting a user removes every row of theirs in the profile tables (ON DELETE CASCADE)', async () => {
    const user = newUser();
    await api(user, 'POST', '/api/profile/work-experience', { title: 'T', company: 'C', start_date: '2020' }, 201);
    await api(user, 'POST', '/api/profile/education', { school: 'S' }, 201);
    await api(user, 'POST', '/api/skills', { name: 'Zig' }, 201);
    await api(user, 'POST', '/api/security-events', { action: 'Login', status: 'success' }, 201);
    await api(user, 'POST', '/api/gap-analyses', { questions: [{ question_id: 1, question: 'Q?' }] }, 201);
    await jobPreferences.upsertJobPreferences(soleShardDb(env), { userId: user, email: null }, { keywords: ['edge'] });
    const tables = ['work_experience', 'education', 'skills', 'security_events', 'gap_analyses', 'gap_analysis_answers', 'job_preferences'];
    const counts = async () => {
      const out: Json = {};
      for (const t of tables)
        out[t] = (await soleShardDb(env).prepare(`SELECT count(*) AS n FROM ${t} WHERE user_id = ?`).bind(user).first<Json>())?.n;
      return out;
    };
    expect(Object.values(await counts()).every((n) => n === 1)).toBe(true);
    await soleShardDb(env).prepare('DELETE FROM users WHERE id = ?').bind(user).run();
    expect(Object.values(await counts()).every((n) => n === 0)).toBe(true);
  });
});
