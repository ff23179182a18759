/** /api/profile/work-experience-narratives as useWorkExperienceNarratives calls it. */
import { describe, expect, it } from 'vitest';
import { api, newUser, type Json } from './api';
import { call } from './signed';

const PATH = '/api/profile/work-experience-narratives';
const HOOK_HEADERS = { 'Content-Type': 'application/json' };
async function hook(userId: string, method: string, path: string, body?: unknown) {
  const res = await call(path, { method, userId, headers: HOOK_HEADERS, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
async function experience(user: string): Promise<string> {
  return (await api(user, 'POST', '/api/profile/work-experience', { title: 'Engineer', company: 'Acme', start_date: '2020-01' }, 201))
    .experience.id;
}

describe(PATH, () => {
  it('upserts one narrative per work experience, lists camelCase rows, deletes with a JSON body', async () => {
    const user = newUser();
    const we = await experience(user);
    const created = await hook(user, 'POST', PATH, { workExperienceId: we, narrative: 'Built the API gateway.' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      success: true,
      narrative: {
        id: expect.any(String),
        workExperienceId: we,
        userId: user,
        narrative: 'Built the API gateway.',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    });
    const replaced = await hook(user, 'POST', PATH, { workExperienceId: we, narrative: 'Built and ran the API gateway.' });
    expect(replaced.status).toBe(200);
    expect(replaced.body.narrative).toMatchObject({ id: created.body.narrative.id, narrative: 'Built and ran the API gateway.' });

    const { narratives } = (await hook(user, 'GET', PATH)).body;
    // getNarrativeByWorkExperienceId: narratives.find(n => n.workExperienceId === id)
    expect(narratives).toEqual([replaced.body.narrative]);

    const deleted = await hook(user, 'DELETE', `${PATH}/${created.body.narrative.id}`);
    expect(deleted).toEqual({ status: 200, body: { success: true, id: created.body.narrative.id } });
    expect((await hook(user, 'GET', PATH)).body).toEqual({ narratives: [] });
    expect((await hook(user, 'DELETE', `${PATH}/${created.body.narrative.id}`)).status).toBe(404);
  });

  it('goes with its work experience', async () => {
    const user = newUser();
    const we = await experience(user);
    await hook(user, 'POST', PATH, { workExperienceId: we, narrative: 'Story' });
    await api(user, 'DELETE', `/api/profile/work-experience/${we}`, undefined, 204);
    expect((await hook(user, 'GET', PATH)).body).toEqual({ narratives: [] });
  });

  it("another user's work experience or narrative is 404 and changes nothing", async () => {
    const owner = newUser();
    const other = newUser();
    const we = await experience(owner);
    const mine = (await hook(owner, 'POST', PATH, { workExperienceId: we, narrative: 'Mine' })).body.narrative;
    const hijack = await hook(other, 'POST', PATH, { workExperienceId: we, narrative: 'Overwritten' });
    expect(hijack.status).toBe(404);
    expect(hijack.body.code).toBe('NOT_FOUND');
    expect((await hook(other, 'DELETE', `${PATH}/${mine.id}`)).status).toBe(404);
    expect((await hook(other, 'GET', PATH)).body).toEqual({ narratives: [] });
    expect((await hook(owner, 'GET', PATH)).body.narratives).toEqual([mine]);
    expect((await hook(owner, 'POST', PATH, { workExperienceId: crypto.randomUUID(), narrative: 'x' })).status).toBe(404);
  });

  it('rejects invalid bodies, naming the field', async () => {
    const user = newUser();
    const we = await experience(user);
    for (const [body, field] of [
      [{ workExperienceId: we }, 'narrative'],
      [{ narrative: 'x' }, 'workExperienceId'],
      [{ workExperienceId: we, narrative: '   ' }, 'narrative'],
      [{ workExperienceId: we, narrative: 'x'.repeat(10_001) }, 'narrative'],
      [{ workExperienceId: we, narrative: 'x', narative: 'typo' }, 'narative'],
    ] as [Json, string][]) {
      const res = await hook(user, 'POST', PATH, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.details.issues[0].path).toBe(field);
    }
    expect((await hook(user, 'GET', PATH)).body).toEqual({ narratives: [] });
  });
});
