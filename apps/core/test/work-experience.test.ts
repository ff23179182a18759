import { describe, expect, it } from 'vitest';
import { api, expectNotFound, expectValidationError, NASTY, newUser, profileVersion, type Json } from './api';

const PATH = '/api/profile/work-experience';
const valid = { title: 'Backend Engineer', company: 'Acme', start_date: '2021-03' };

async function create(user: string, body: Json = {}): Promise<Json> {
  const { experience } = await api(user, 'POST', PATH, { ...valid, ...body }, 201);
  return experience;
}

describe('/api/profile/work-experience', () => {
  it("takes workersApi's create/update bodies (position → title, snake_case) and answers parsed lists", async () => {
    const user = newUser();
    // createWorkExperience: {company, title, start_date, location, description, end_date, is_current, accomplishments}.
    const { experience } = await api(
      user,
      'POST',
      PATH,
      {
        company: 'Edgeworks',
        title: 'Engineer',
        start_date: '2022-03-01',
        location: '',
        description: '',
        end_date: null,
        is_current: true,
        accomplishments: ['Shipped'],
      },
      201,
    );
    expect(experience).toMatchObject({ title: 'Engineer', is_current: true, end_date: null, accomplishments: ['Shipped'] });
    // updateWorkExperience after unticking "current" and picking an end date.
    const { experience: ended } = await api(
      user,
      'PATCH',
      `${PATH}/${experience.id}`,
      { end_date: '2024-01-31', is_current: false, accomplishments: [] },
      200,
    );
    expect(ended).toMatchObject({ end_date: '2024-01-31', is_current: false, accomplishments: [] });
    const list = await api(user, 'GET', PATH, undefined, 200);
    expect(Array.isArray(list.workExperience[0].accomplishments)).toBe(true);
    // A misspelt key is a 400 naming it, never silently dropped.
    const issues = await expectValidationError(user, 'POST', PATH, { ...valid, positon: 'typo' });
    expect(issues[0]!.path).toBe('positon');
  });

  it('creates, lists (newest first), patches and deletes in the contract shape', async () => {
    const user = newUser();
    const old = await create(user, { title: 'Intern', start_date: '2015-06', end_date: '2015-09', employment_type: 'internship' });
    const current = await create(user, {
      location: 'Berlin',
      description: 'APIs on the edge',
      accomplishments: ['Cut p99 latency by 40%', 'Led the D1 migration'],
      is_current: true,
      end_date: '',
    });
    expect(current).toEqual({
      id: expect.any(String),
      title: 'Backend Engineer',
      company: 'Acme',
      location: 'Berlin',
      employment_type: null,
      start_date: '2021-03',
      end_date: null,
      is_current: true,
      description: 'APIs on the edge',
      accomplishments: ['Cut p99 latency by 40%', 'Led the D1 migration'],
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const list = await api(user, 'GET', PATH, undefined, 200);
    expect(list.workExperience.map((e: Json) => e.id)).toEqual([current.id, old.id]);

    // Giving an end date ends the current job; ticking is_current clears the end date.
    const ended = (await api(user, 'PATCH', `${PATH}/${current.id}`, { end_date: '2024-01-31', location: null }, 200)).experience;
    expect(ended).toMatchObject({ end_date: '2024-01-31', is_current: false, location: null, title: 'Backend Engineer' });
    const again = (await api(user, 'PATCH', `${PATH}/${current.id}`, { is_current: true }, 200)).experience;
    expect(again).toMatchObject({ end_date: null, is_current: true });

    expect(await api(user, 'DELETE', `${PATH}/${old.id}`, undefined, 204)).toBeNull();
    expect((await api(user, 'GET', PATH, undefined, 200)).workExperience.map((e: Json) => e.id)).toEqual([current.id]);
    await expectNotFound(user, 'DELETE', `${PATH}/${old.id}`);
  });

  it('every write bumps profile_version (create, patch, delete); a failed one does not', async () => {
    const user = newUser();
    const v0 = await profileVersion(user);
    const entry = await create(user);
    expect(await profileVersion(user)).toBe(v0 + 1);
    await api(user, 'PATCH', `${PATH}/${entry.id}`, { title: 'Staff Engineer' }, 200);
    expect(await profileVersion(user)).toBe(v0 + 2);
    await expectValidationError(user, 'PATCH', `${PATH}/${entry.id}`, { title: '' });
    await expectNotFound(user, 'PATCH', `${PATH}/${crypto.randomUUID()}`, { title: 'Ghost' });
    expect(await profileVersion(user)).toBe(v0 + 2);
    await api(user, 'DELETE', `${PATH}/${entry.id}`, undefined, 204);
    expect(await profileVersion(user)).toBe(v0 + 3);
    await expectNotFound(user, 'DELETE', `${PATH}/${entry.id}`);
    expect(await profileVersion(user)).toBe(v0 + 3);
  });

  it('rejects invalid and oversized bodies with issues and stores nothing', async () => {
    const user = newUser();
    const cases: Json[] = [
      {},
      { company: 'Acme', start_date: '2020' },
      { ...valid, title: '' },
      { ...valid, title: 'x'.repeat(201) },
      { ...valid, description: 'x'.repeat(10_001) },
      { ...valid, start_date: 'last year' },
      { ...valid, start_date: '2020-13' },
      { ...valid, end_date: '2019-01' },
      { ...valid, is_current: true, end_date: '2024-01' },
      { ...valid, is_current: 'yes' },
      { ...valid, accomplishments: 'did things' },
      { ...valid, accomplishments: [''] },
      { ...valid, accomplishments: Array.from({ length: 51 }, (_, i) => `a${i}`) },
    ];
    for (const body of cases) await expectValidationError(user, 'POST', PATH, body);
    expect((await api(user, 'GET', PATH, undefined, 200)).workExperience).toEqual([]);

    const entry = await create(user);
    for (const body of [{}, { user_id: 'someone' }, { start_date: '2022-01', end_date: '2021-12' }]) {
      await expectValidationError(user, 'PATCH', `${PATH}/${entry.id}`, body);
    }
    // The end date is checked against the stored start date too.
    await expectValidationError(user, 'PATCH', `${PATH}/${entry.id}`, { end_date: '2020-01' });
    expect((await api(user, 'GET', PATH, undefined, 200)).workExperience).toEqual([entry]);
  });

  it('stores SQL-injection and unicode payloads verbatim', async () => {
    const user = newUser();
    const [a, b, c, d] = NASTY;
    const entry = await create(user, { title: a, company: b, description: c, accomplishments: [d, a] });
    const [stored] = (await api(user, 'GET', PATH, undefined, 200)).workExperience;
    expect(stored).toMatchObject({ id: entry.id, title: a, company: b, description: c, accomplishments: [d, a] });
  });

  it("another user's entry answers 404 and stays unchanged (and their version too)", async () => {
    const owner = newUser();
    const intruder = newUser();
    const entry = await create(owner);
    const ownerVersion = await profileVersion(owner);
    await expectNotFound(intruder, 'PATCH', `${PATH}/${entry.id}`, { title: 'pwned' });
    await expectNotFound(intruder, 'DELETE', `${PATH}/${entry.id}`);
    expect((await api(intruder, 'GET', PATH, undefined, 200)).workExperience).toEqual([]);
    expect((await api(owner, 'GET', PATH, undefined, 200)).workExperience).toEqual([entry]);
    expect(await profileVersion(owner)).toBe(ownerVersion);
  });
});
