/** /api/resume[/:id] as useResumes calls it: GET reads a bare array, POST/PATCH the row itself. */
import { describe, expect, it } from 'vitest';
import { newUser, type Json } from './api';
import { call } from './signed';

const HOOK_HEADERS = { 'Content-Type': 'application/json' };
async function hook(userId: string, method: string, path: string, body?: unknown) {
  // DELETE is sent with Authorization only (no Content-Type), as the hook does.
  const res = await call(path, { method, userId, headers: method === 'DELETE' ? {} : HOOK_HEADERS, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

const sections = {
  header: { name: 'Ada Lovelace', title: 'Engineer', contact: { email: 'ada@example.test', phone: '', location: 'London', linkedIn: '' } },
  summary: 'Analytical engines.',
  experience: [
    {
      id: 'e1',
      title: 'Engineer',
      company: 'Babbage & Co',
      location: 'London',
      startDate: '1842-01',
      endDate: '1843-12',
      bullets: ['Notes on the engine'],
    },
  ],
  education: [],
  skills: ['Mathematics'],
};

/** The fields mapDbResume reads, with their types. */
function expectDbResume(row: Json, user: string) {
  expect(row).toEqual({
    id: expect.any(String),
    user_id: user,
    type: expect.stringMatching(/^(master|tailored)$/),
    title: expect.any(String),
    sections: expect.any(Object),
    formats: expect.any(Array),
    created_at: expect.any(String),
    updated_at: expect.any(String),
  });
}

describe('/api/resume', () => {
  it('creates (addResume), lists as a bare array, patches (updateResume) and deletes (deleteResume)', async () => {
    const user = newUser();
    expect((await hook(user, 'GET', '/api/resume')).body).toEqual([]);

    const master = await hook(user, 'POST', '/api/resume', { type: 'master', title: 'Master resume', sections, formats: ['pdf', 'docx'] });
    expect(master.status).toBe(201);
    expectDbResume(master.body, user);
    expect(master.body).toMatchObject({ type: 'master', title: 'Master resume', sections, formats: ['pdf', 'docx'] });
    const tailored = (await hook(user, 'POST', '/api/resume', { type: 'tailored', title: 'For Acme', sections, formats: ['txt', 'txt'] }))
      .body;
    expect(tailored.formats).toEqual(['txt']);

    const list = await hook(user, 'GET', '/api/resume');
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body)).toBe(true);
    // Master first (masterResume = resumes.find(type === 'master')), then newest first.
    expect(list.body.map((r: Json) => r.id)).toEqual([master.body.id, tailored.id]);
    for (const row of list.body) expectDbResume(row, user);

    const patched = await hook(user, 'PATCH', `/api/resume/${tailored.id}`, { title: 'For Acme (v2)', formats: ['pdf'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: tailored.id, title: 'For Acme (v2)', formats: ['pdf'], sections, type: 'tailored' });

    const deleted = await hook(user, 'DELETE', `/api/resume/${tailored.id}`);
    expect(deleted.status).toBe(204);
    expect((await hook(user, 'GET', '/api/resume')).body.map((r: Json) => r.id)).toEqual([master.body.id]);
    expect((await hook(user, 'DELETE', `/api/resume/${tailored.id}`)).status).toBe(404);

    // The same rows are the `resumes` of /api/profile/complete.
    const complete = (await hook(user, 'GET', '/api/profile/complete')).body;
    expect(complete.resumes.map((r: Json) => r.id)).toEqual([master.body.id]);
  });

  it("another user's resume is 404 and unchanged", async () => {
    const owner = newUser();
    const other = newUser();
    const mine = (await hook(owner, 'POST', '/api/resume', { type: 'master', title: 'Mine', sections: {}, formats: [] })).body;
    expect((await hook(other, 'PATCH', `/api/resume/${mine.id}`, { title: 'Stolen' })).status).toBe(404);
    expect((await hook(other, 'DELETE', `/api/resume/${mine.id}`)).status).toBe(404);
    expect((await hook(other, 'GET', '/api/resume')).body).toEqual([]);
    expect((await hook(owner, 'GET', '/api/resume')).body).toEqual([mine]);
  });

  it('rejects invalid bodies, naming the field', async () => {
    const user = newUser();
    for (const [method, path, body, field] of [
      ['POST', '/api/resume', { type: 'master', sections: {} }, 'title'],
      ['POST', '/api/resume', { type: 'cv', title: 'x' }, 'type'],
      ['POST', '/api/resume', { title: 'x', formats: ['odt'] }, 'formats.0'],
      ['POST', '/api/resume', { title: 'x', sections: [] }, 'sections'],
      ['POST', '/api/resume', { title: 'x', titel: 'typo' }, 'titel'],
      ['POST', '/api/resume', { title: 'x', sections: { big: 'x'.repeat(210 * 1024) } }, 'sections'],
    ] as const) {
      const res = await hook(user, method, path, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
      expect(res.body.details.issues[0].path).toBe(field);
    }
    const row = (await hook(user, 'POST', '/api/resume', { title: 'Defaults' })).body;
    expect(row).toMatchObject({ type: 'tailored', sections: {}, formats: [] });
    expect((await hook(user, 'PATCH', `/api/resume/${row.id}`, {})).status).toBe(400);
    expect((await hook(user, 'GET', '/api/resume')).body).toHaveLength(1);
  });
});
