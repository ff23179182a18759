import { describe, expect, it } from 'vitest';
import { call } from './signed';
import { api, expectNotFound, expectValidationError, NASTY, newUser, profileVersion, type Json } from './api';

const PATH = '/api/profile/education';

async function create(user: string, body: Json = {}): Promise<Json> {
  const { education } = await api(user, 'POST', PATH, { school: 'TU Berlin', ...body }, 201);
  return education;
}

describe('/api/profile/education', () => {
  it("takes useEducation's exact bodies and answers rows its convertToCamelCase can map", async () => {
    const user = newUser();
    // addEducation: JSON.stringify drops the `undefined` of an empty date; highlights default [].
    const added = {
      school: 'MIT',
      degree: 'BSc',
      field: 'Computer Science',
      startDate: '2014-09-01',
      endDate: '2018-06-15',
      highlights: ['Dean’s list', ' '],
    };
    const { education: row } = await api(user, 'POST', PATH, added, 201);
    expect(typeof row.description).toBe('string');
    expect(JSON.parse(row.description)).toEqual(['Dean’s list']);
    expect(row).toMatchObject({
      institution: 'MIT',
      degree: 'BSc',
      field_of_study: 'Computer Science',
      start_date: '2014-09-01',
      end_date: '2018-06-15',
      grade: null,
    });

    // updateEducation sends only what changed.
    const { education: patched } = await api(user, 'PATCH', `${PATH}/${row.id}`, { highlights: ['Summa cum laude', 'TA'] }, 200);
    expect(JSON.parse(patched.description)).toEqual(['Summa cum laude', 'TA']);

    // The list the hook maps: snake_case rows, description JSON text.
    const list = await api(user, 'GET', PATH, undefined, 200);
    expect(Array.isArray(list.education)).toBe(true);
    for (const e of list.education) {
      expect(typeof e.institution).toBe('string');
      expect(Array.isArray(JSON.parse(e.description))).toBe(true);
    }

    // deleteEducation calls response.json() on success.
    const res = await call(`${PATH}/${row.id}`, { method: 'DELETE', userId: user });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ success: true, id: row.id });
  });

  it('maps the input names onto the row columns and back', async () => {
    const user = newUser();
    const entry = await create(user, {
      degree: 'MSc',
      field: 'Computer Science',
      startDate: '2016-10',
      endDate: '2018-09',
      grade: '1.3',
      highlights: ['Dean’s list', 'TA for databases'],
    });
    expect(entry).toEqual({
      id: expect.any(String),
      institution: 'TU Berlin',
      degree: 'MSc',
      field_of_study: 'Computer Science',
      start_date: '2016-10',
      end_date: '2018-09',
      grade: '1.3',
      description: JSON.stringify(['Dean’s list', 'TA for databases']),
      highlights: ['Dean’s list', 'TA for databases'],
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const minimal = await create(user, { school: 'Open University' });
    expect(minimal).toMatchObject({ institution: 'Open University', degree: null, start_date: null, highlights: [] });
    const { education } = await api(user, 'GET', PATH, undefined, 200);
    expect(education.map((e: Json) => e.id)).toEqual([entry.id, minimal.id]);
  });

  it('patches with the input names, keeps the rest, bumps profile_version, deletes', async () => {
    const user = newUser();
    const entry = await create(user, { degree: 'BSc', field: 'Physics', startDate: '2010' });
    const v0 = await profileVersion(user);
    const { education } = await api(
      user,
      'PATCH',
      `${PATH}/${entry.id}`,
      { field: 'Mathematics', endDate: '2013', highlights: ['Summa cum laude'] },
      200,
    );
    expect(education).toMatchObject({
      institution: 'TU Berlin',
      degree: 'BSc',
      field_of_study: 'Mathematics',
      start_date: '2010',
      end_date: '2013',
      highlights: ['Summa cum laude'],
    });
    expect(await profileVersion(user)).toBe(v0 + 1);
    expect(await api(user, 'DELETE', `${PATH}/${entry.id}`, undefined, 200)).toEqual({ success: true, id: entry.id });
    expect(await profileVersion(user)).toBe(v0 + 2);
    expect((await api(user, 'GET', PATH, undefined, 200)).education).toEqual([]);
  });

  it('rejects invalid and oversized bodies, storing nothing', async () => {
    const user = newUser();
    for (const body of [
      {},
      { school: '' },
      { school: 'x'.repeat(201) },
      { institution: 'Uses the column name, not the input name' },
      { school: 'S', startDate: '2020-01', endDate: '2019-12' },
      { school: 'S', highlights: [1, 2] },
      { school: 'S', description: 'derived from highlights, not written' },
      { school: 'S', highlights: Array.from({ length: 51 }, (_, i) => `h${i}`) },
    ]) {
      await expectValidationError(user, 'POST', PATH, body);
    }
    expect((await api(user, 'GET', PATH, undefined, 200)).education).toEqual([]);
    const entry = await create(user, { startDate: '2015' });
    await expectValidationError(user, 'PATCH', `${PATH}/${entry.id}`, {});
    await expectValidationError(user, 'PATCH', `${PATH}/${entry.id}`, { endDate: '2014' });
    await expectValidationError(user, 'PATCH', `${PATH}/${entry.id}`, { field_of_study: 'column name' });
    expect((await api(user, 'GET', PATH, undefined, 200)).education).toEqual([entry]);
  });

  it('stores SQL-injection and unicode payloads verbatim', async () => {
    const user = newUser();
    const [a, b, c, d] = NASTY;
    await create(user, { school: a, degree: b, field: c, highlights: [d] });
    const [stored] = (await api(user, 'GET', PATH, undefined, 200)).education;
    expect(stored).toMatchObject({ institution: a, degree: b, field_of_study: c, highlights: [d] });
  });

  it("another user's entry answers 404 and stays unchanged", async () => {
    const owner = newUser();
    const intruder = newUser();
    const entry = await create(owner);
    await expectNotFound(intruder, 'PATCH', `${PATH}/${entry.id}`, { school: 'pwned' });
    await expectNotFound(intruder, 'DELETE', `${PATH}/${entry.id}`);
    await expectNotFound(owner, 'PATCH', `${PATH}/${crypto.randomUUID()}`, { school: 'ghost' });
    expect((await api(intruder, 'GET', PATH, undefined, 200)).education).toEqual([]);
    expect((await api(owner, 'GET', PATH, undefined, 200)).education).toEqual([entry]);
  });
});
