import { soleShardDb } from '@jobmatch/db';
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, expectNotFound, expectValidationError, NASTY, newUser, profileVersion, type Json } from './api';
import { call } from './signed';

async function create(user: string, body: Json): Promise<Json> {
  return (await api(user, 'POST', '/api/skills', body, 201)).skill;
}
const names = async (user: string) => (await api(user, 'GET', '/api/skills', undefined, 200)).skills.map((s: Json) => s.name);

describe('/api/skills', () => {
  it('creates, lists by name, patches and deletes; each write bumps profile_version', async () => {
    const user = newUser();
    const v0 = await profileVersion(user);
    const ts = await create(user, { name: 'TypeScript', level: 'expert', endorsements: 3 });
    expect(ts).toEqual({
      id: expect.any(String),
      name: 'TypeScript',
      level: 'expert',
      endorsements: 3,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const sql = await create(user, { name: 'SQL' });
    expect(sql).toMatchObject({ level: null, endorsements: 0 });
    expect(await names(user)).toEqual(['SQL', 'TypeScript']);
    expect(await profileVersion(user)).toBe(v0 + 2);

    const { skill } = await api(user, 'PATCH', `/api/skills/${sql.id}`, { level: 'advanced', name: 'PostgreSQL' }, 200);
    expect(skill).toMatchObject({ id: sql.id, name: 'PostgreSQL', level: 'advanced', endorsements: 0 });
    expect(await profileVersion(user)).toBe(v0 + 3);
    await api(user, 'DELETE', `/api/skills/${ts.id}`, undefined, 204);
    expect(await names(user)).toEqual(['PostgreSQL']);
    expect(await profileVersion(user)).toBe(v0 + 4);
  });

  it('a name the user already has (any case, any Unicode form) is 409 and changes nothing', async () => {
    const user = newUser();
    const first = await create(user, { name: 'Ärger-Management', level: 'beginner' });
    const other = await create(user, { name: 'Go' });
    const version = await profileVersion(user);
    for (const name of ['ärger-management', 'ÄRGER-MANAGEMENT', ' Ärger-Management ']) {
      const err = await api(user, 'POST', '/api/skills', { name, level: 'expert' }, 409);
      expect(err).toMatchObject({ code: 'SKILL_ALREADY_EXISTS', details: { skillId: first.id } });
    }
    const rename = await api(user, 'PATCH', `/api/skills/${other.id}`, { name: 'ärger-MANAGEMENT' }, 409);
    expect(rename.code).toBe('SKILL_ALREADY_EXISTS');
    // Renaming a skill to a different case of its own name is fine.
    expect((await api(user, 'PATCH', `/api/skills/${other.id}`, { name: 'GO' }, 200)).skill.name).toBe('GO');
    expect(await names(user)).toEqual(['GO', 'Ärger-Management']); // ordered by the folded name, code point order
    expect(await profileVersion(user)).toBe(version + 1);
  });

  it('rejects invalid and oversized bodies with issues', async () => {
    const user = newUser();
    for (const body of [
      {},
      { name: '' },
      { name: 'x'.repeat(101) },
      { name: 'Go', level: 'guru' },
      { name: 'Go', endorsements: -1 },
      { name: 'Go', endorsements: 1.5 },
      { name: 7 },
    ]) {
      await expectValidationError(user, 'POST', '/api/skills', body);
    }
    const skill = await create(user, { name: 'Rust' });
    for (const body of [{}, { level: 'guru' }, { name: '' }, { user_id: 'x' }]) {
      await expectValidationError(user, 'PATCH', `/api/skills/${skill.id}`, body);
    }
    expect((await api(user, 'GET', '/api/skills', undefined, 200)).skills).toEqual([skill]);
  });

  it('stores SQL-injection and unicode payloads verbatim', async () => {
    const user = newUser();
    for (const name of NASTY) await create(user, { name });
    expect((await names(user)).sort()).toEqual([...NASTY].sort());
  });

  it("another user's skill answers 404 and stays unchanged", async () => {
    const owner = newUser();
    const intruder = newUser();
    const skill = await create(owner, { name: 'Kotlin', level: 'advanced' });
    await expectNotFound(intruder, 'PATCH', `/api/skills/${skill.id}`, { level: 'beginner' });
    await expectNotFound(intruder, 'DELETE', `/api/skills/${skill.id}`);
    await expectNotFound(owner, 'DELETE', `/api/skills/${crypto.randomUUID()}`);
    // The same name is free for another user.
    await create(intruder, { name: 'Kotlin' });
    expect((await api(owner, 'GET', '/api/skills', undefined, 200)).skills).toEqual([skill]);
  });

  it('GET is marked cacheable for the gateway', async () => {
    const res = await call('/api/skills', { userId: newUser() });
    expect(res.headers.get('x-jobmatch-cacheable')).toBe('1');
  });
});

describe('POST /api/skills/batch', () => {
  it('upserts in one go: new names inserted, existing ones updated, duplicates counted once', async () => {
    const user = newUser();
    const existing = await create(user, { name: 'React', level: 'beginner', endorsements: 5 });
    const v0 = await profileVersion(user);
    const res = await api(
      user,
      'POST',
      '/api/skills/batch',
      {
        skills: [
          { name: 'react', level: 'advanced' },
          { name: 'Node.js' },
          { name: 'Docker', level: 'intermediate' },
          { name: 'docker', level: 'expert', endorsements: 2 },
        ],
      },
      200,
    );
    expect(res.count).toBe(3);
    expect(res.skills.map((s: Json) => [s.name, s.level, s.endorsements])).toEqual([
      ['react', 'advanced', 5],
      ['Node.js', null, 0],
      ['docker', 'expert', 2],
    ]);
    expect(res.skills[0].id).toBe(existing.id);
    expect((await names(user)).sort()).toEqual(['docker', 'Node.js', 'react'].sort());
    expect(await profileVersion(user)).toBe(v0 + 1);
  });

  it('accepts 100 skills and refuses 0 or 101', async () => {
    const user = newUser();
    const hundred = Array.from({ length: 100 }, (_, i) => ({ name: `Skill ${i}` }));
    expect((await api(user, 'POST', '/api/skills/batch', { skills: hundred }, 200)).count).toBe(100);
    await expectValidationError(user, 'POST', '/api/skills/batch', { skills: [] });
    await expectValidationError(user, 'POST', '/api/skills/batch', { skills: [...hundred, { name: 'one too many' }] });
    await expectValidationError(user, 'POST', '/api/skills/batch', { skills: 'TypeScript' });
    await expectValidationError(user, 'POST', '/api/skills/batch', {});
  });

  it('a batch with one invalid item changes nothing', async () => {
    const user = newUser();
    await create(user, { name: 'Python', level: 'beginner' });
    const before = (await api(user, 'GET', '/api/skills', undefined, 200)).skills;
    const version = await profileVersion(user);
    const issues = await expectValidationError(user, 'POST', '/api/skills/batch', {
      skills: [{ name: 'Python', level: 'expert' }, { name: 'Go' }, { name: 'Bad', level: 'wizard' }],
    });
    expect(issues[0]!.path).toBe('skills.2.level');
    expect((await api(user, 'GET', '/api/skills', undefined, 200)).skills).toEqual(before);
    expect(await profileVersion(user)).toBe(version);
  });

  it('runs as one transaction: a statement failing mid-batch rolls back the earlier ones', async () => {
    const { skills } = await import('@jobmatch/db');
    const user = newUser();
    await create(user, { name: 'Elixir' });
    const version = await profileVersion(user);
    // Endorsements below zero pass TypeScript but violate the table's CHECK in the 2nd statement.
    await expect(
      skills.upsertSkills(soleShardDb(env), { userId: user, email: null }, [{ name: 'Erlang' }, { name: 'Gleam', endorsements: -5 }]),
    ).rejects.toThrow(/CHECK constraint/i);
    expect(await names(user)).toEqual(['Elixir']);
    expect(await profileVersion(user)).toBe(version);
  });

  it("never touches another user's skills of the same name", async () => {
    const owner = newUser();
    const other = newUser();
    const skill = await create(owner, { name: 'Scala', level: 'expert' });
    await api(other, 'POST', '/api/skills/batch', { skills: [{ name: 'scala', level: 'beginner' }] }, 200);
    expect((await api(owner, 'GET', '/api/skills', undefined, 200)).skills).toEqual([skill]);
  });
});
