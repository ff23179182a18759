/** The one dynamic UPDATE builder (sql.ts), on its own and through the modules that use it. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { jobs, profile, skills, updateStatement, users } from '../src';

// Not @jobmatch/test-support: it depends on this package's dependents (a workspace cycle).
const newUser = () => `user-${crypto.randomUUID()}`;

describe('updateStatement', () => {
  it('writes only the named columns, binds every value after the WHERE parameters, keeps null', async () => {
    const user = newUser();
    await users.ensureUserStatement(env.DB_0, { userId: user, email: null }).run();
    const id = await jobs.createJob(env.DB_0, { userId: user, email: null }, { title: 'T', company: 'C', location: 'Berlin' });
    // The values land in their own columns only if they are numbered after ?1 and ?2.
    const statement = updateStatement(env.DB_0, 'jobs', {
      where: 'id = ?1 AND user_id = ?2',
      whereParams: [id, user],
      set: { title: 'New', company: undefined, location: null },
      computed: (param) => [`updated_at = ${param('2030-01-01T00:00:00.000Z')}`],
      returning: 'title, company, location, updated_at',
    });
    expect(await statement!.first()).toEqual({ title: 'New', company: 'C', location: null, updated_at: '2030-01-01T00:00:00.000Z' });
  });

  it('is null when there is nothing to set', () => {
    expect(updateStatement(env.DB_0, 'jobs', { where: 'id = ?1', whereParams: ['x'], set: { title: undefined } })).toBeNull();
    expect(updateStatement(env.DB_0, 'jobs', { where: 'id = ?1', whereParams: ['x'], set: {}, computed: () => [] })).toBeNull();
  });

  it("never touches another user's row (the WHERE clause is the caller's)", async () => {
    const owner = newUser();
    const id = await jobs.createJob(env.DB_0, { userId: owner, email: null }, { title: 'Mine', company: 'C' });
    expect(await jobs.updateJob(env.DB_0, newUser(), id, { title: 'Stolen', isSaved: true })).toBeNull();
    const stored = await jobs.getJob(env.DB_0, owner, id);
    expect([stored!.title, stored!.saved]).toEqual(['Mine', false]);
    const updated = await jobs.updateJob(env.DB_0, owner, id, { isSaved: true, salaryMin: null });
    expect([updated!.title, updated!.saved, updated!.salary_min]).toEqual(['Mine', true, null]);
  });

  it('backs the profile patch (version bump in the same statement) and the OAuth fill-empty-only update', async () => {
    const user = { userId: newUser(), email: 'p@example.test' };
    const before = await profile.getOrCreateProfile(env.DB_0, user);
    const patched = await profile.updateProfile(env.DB_0, user, { first_name: 'Ada', current_title: 'Engineer' });
    expect([patched.first_name, patched.current_title, patched.profile_version]).toEqual(['Ada', 'Engineer', before.profile_version + 1]);
    // OAuth data fills only what is empty: first_name stays, last_name is filled.
    expect(await profile.applyOAuthProfile(env.DB_0, user, { first_name: 'Other', last_name: 'Lovelace' })).toEqual({
      created: false,
      updated: true,
    });
    const after = await profile.getOrCreateProfile(env.DB_0, user);
    expect([after.first_name, after.last_name, after.profile_version]).toEqual(['Ada', 'Lovelace', before.profile_version + 2]);
    // Nothing empty left to fill: no update, no version bump.
    expect(await profile.applyOAuthProfile(env.DB_0, user, { first_name: 'X', last_name: 'Y' })).toEqual({
      created: false,
      updated: false,
    });
    expect((await profile.getOrCreateProfile(env.DB_0, user)).profile_version).toBe(before.profile_version + 2);
  });

  it('backs the skills patch, including the derived name key', async () => {
    const userId = newUser();
    const created = await skills.createSkill(env.DB_0, { userId, email: null }, { name: 'TypeScript' });
    expect(created.status).toBe('ok');
    const id = created.status === 'ok' ? created.skill.id : '';
    const renamed = await skills.updateSkill(env.DB_0, userId, id, { name: 'Go', level: 'expert' });
    expect(renamed.status === 'ok' && [renamed.skill.name, renamed.skill.level]).toEqual(['Go', 'expert']);
    expect((await skills.updateSkill(env.DB_0, newUser(), id, { level: 'beginner' })).status).toBe('not_found');
  });
});
