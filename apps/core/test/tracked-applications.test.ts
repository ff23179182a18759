import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { trackedApplications } from '@jobmatch/db';
import { call } from './signed';
import { newUser, type Json } from '@jobmatch/test-support/common';

const BASE = '/api/tracked-applications';

async function track(userId: string, body: Json = {}): Promise<Json> {
  const res = await call(BASE, { method: 'POST', userId, body: { company: 'Acme', job_title: 'Backend Engineer', ...body } });
  const json = (await res.json()) as Json;
  expect(res.status, JSON.stringify(json)).toBe(201);
  return json;
}
const patch = (userId: string, id: string, body: unknown) => call(`${BASE}/${id}`, { method: 'PATCH', userId, body });
const getJson = async (path: string, userId: string) => {
  const res = await call(path, { userId });
  return { status: res.status, body: (await res.json()) as Json, cacheable: res.headers.get('x-jobmatch-cacheable') };
};
const ids = (list: Json) => (list.trackedApplications as Json[]).map((x) => x.id);

describe('/api/tracked-applications', () => {
  it('creates a tracked application with every field and reads it back in the contract shape', async () => {
    const user = newUser();
    const jobRes = await call('/api/jobs', { method: 'POST', userId: user, body: { title: 'SRE', company: 'Edge' } });
    const jobId = ((await jobRes.json()) as Json).id;
    const appRes = await call('/api/applications', { method: 'POST', userId: user, body: { jobId, jobTitle: 'SRE', company: 'Edge' } });
    const applicationId = ((await appRes.json()) as Json).id;
    const body = {
      job_id: jobId,
      application_id: applicationId,
      company: 'Edge',
      job_title: 'SRE',
      location: 'Remote',
      match_score: 87.5,
      status: 'screening',
      status_note: 'Recruiter called',
      applied_date: '2026-11-20',
      interviews: [{ id: 'i1', type: 'phone', scheduled_at: '2026-11-28T10:00:00Z', interviewers: ['Ada'] }],
      recruiter: { name: 'Grace', email: 'grace@edge.example' },
      hiring_manager: { name: 'Linus' },
      follow_up_actions: [{ id: 'f1', text: 'Send portfolio', done: false }],
      offer_details: null,
      next_action: 'Prepare system design',
      next_action_date: '2026-11-27',
      next_interview_date: '2026-11-28T10:00:00Z',
      notes: 'Team of 6',
    };
    const created = await track(user, body);
    const { status_note: _note, ...stored } = body;
    expect(created).toEqual({
      id: expect.any(String),
      ...stored,
      status_history: [{ status: 'screening', changed_at: created.created_at, note: 'Recruiter called' }],
      archived: false,
      created_at: expect.any(String),
      updated_at: created.created_at,
    });
    expect(await getJson(`${BASE}/${created.id}`, user)).toEqual({ status: 200, body: created, cacheable: '1' });

    const minimal = await track(newUser());
    expect(minimal).toMatchObject({
      status: 'applied',
      status_history: [{ status: 'applied', changed_at: minimal.created_at }],
      interviews: [],
      follow_up_actions: [],
      recruiter: null,
      job_id: null,
      application_id: null,
      archived: false,
    });
    expect(minimal.status_history[0]).not.toHaveProperty('note');
  });

  it('appends to status_history on every status change (not when the status stays)', async () => {
    const user = newUser();
    const t = await track(user);
    const r1 = (await (await patch(user, t.id, { status: 'interview_scheduled', status_note: 'Onsite on Friday' })).json()) as Json;
    const r2 = (await (await patch(user, t.id, { status: 'interview_scheduled', notes: 'same status' })).json()) as Json;
    const r3 = (await (await patch(user, t.id, { status: 'offer' })).json()) as Json;
    expect(r1.status_history).toEqual([
      { status: 'applied', changed_at: t.created_at },
      { status: 'interview_scheduled', changed_at: r1.updated_at, note: 'Onsite on Friday' },
    ]);
    expect(r2.status_history).toEqual(r1.status_history);
    expect(r2.notes).toBe('same status');
    expect(r3.status).toBe('offer');
    expect(r3.status_history.map((h: Json) => h.status)).toEqual(['applied', 'interview_scheduled', 'offer']);
    expect(r3.status_history[2]).toEqual({ status: 'offer', changed_at: r3.updated_at });
  });

  it(`keeps at most ${trackedApplications.STATUS_HISTORY_MAX} history entries (oldest dropped)`, async () => {
    const user = newUser();
    const t = await track(user);
    const long = Array.from({ length: trackedApplications.STATUS_HISTORY_MAX }, (_, i) => ({ status: 'applied', changed_at: `old-${i}` }));
    await env.DB.prepare('UPDATE tracked_applications SET status_history = ?1 WHERE id = ?2').bind(JSON.stringify(long), t.id).run();
    const res = (await (await patch(user, t.id, { status: 'rejected' })).json()) as Json;
    expect(res.status_history).toHaveLength(trackedApplications.STATUS_HISTORY_MAX);
    expect(res.status_history[0].changed_at).toBe('old-1');
    expect(res.status_history.at(-1)).toMatchObject({ status: 'rejected' });
  });

  it('updates fields, clears them with null, and returns the updated row', async () => {
    const user = newUser();
    const t = await track(user, { notes: 'n', next_action: 'call', recruiter: { name: 'R' } });
    const res = await patch(user, t.id, { notes: null, recruiter: null, next_action: 'email', match_score: 10, job_title: 'Staff' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: t.id, notes: null, recruiter: null, next_action: 'email', match_score: 10, job_title: 'Staff', company: 'Acme' });
  });

  it('archives and unarchives; /active excludes archived and terminal statuses', async () => {
    const user = newUser();
    const active = await track(user, { job_title: 'Active' });
    const offer = await track(user, { job_title: 'Offer', status: 'offer' });
    const archived = await track(user, { job_title: 'Archived' });
    const rejected = await track(user, { job_title: 'Rejected', status: 'rejected' });
    const accepted = await track(user, { job_title: 'Accepted', status: 'accepted' });
    const withdrawn = await track(user, { job_title: 'Withdrawn', status: 'withdrawn' });
    const arch = await call(`${BASE}/${archived.id}/archive`, { method: 'POST', userId: user });
    expect(arch.status).toBe(200);
    expect(await arch.json()).toMatchObject({ id: archived.id, archived: true });

    const act = await getJson(`${BASE}/active`, user);
    expect(act.cacheable).toBe('1');
    expect(act.body).toMatchObject({ total: 2, page: 1, limit: 20, hasMore: false });
    expect(ids(act.body).sort()).toEqual([active.id, offer.id].sort());

    const notArchived = await getJson(`${BASE}?archived=false`, user);
    expect(ids(notArchived.body).sort()).toEqual([active.id, offer.id, rejected.id, accepted.id, withdrawn.id].sort());
    expect(ids((await getJson(`${BASE}?archived=true`, user)).body)).toEqual([archived.id]);
    expect((await getJson(BASE, user)).body.total).toBe(6);

    const un = await call(`${BASE}/${archived.id}/unarchive`, { method: 'POST', userId: user });
    expect(await un.json()).toMatchObject({ id: archived.id, archived: false });
    expect(ids((await getJson(`${BASE}/active`, user)).body).sort()).toEqual([active.id, offer.id, archived.id].sort());
  });

  it('lists newest change first with status / search filters and pagination', async () => {
    const user = newUser();
    const a = await track(user, { company: 'Alpha 100%_Co', job_title: 'Engineer' });
    const b = await track(user, { company: 'Beta', job_title: 'Designer', status: 'screening' });
    const c = await track(user, { company: 'Gamma', job_title: 'Engineer II' });
    await patch(user, a.id, { notes: 'touched last' });
    const all = await getJson(BASE, user);
    expect(all.cacheable).toBe('1');
    expect(ids(all.body)[0]).toBe(a.id);
    expect(ids((await getJson(`${BASE}?status=screening`, user)).body)).toEqual([b.id]);
    expect(ids((await getJson(`${BASE}?search=engineer`, user)).body).sort()).toEqual([a.id, c.id].sort());
    // LIKE wildcards in the search are literal characters.
    expect(ids((await getJson(`${BASE}?search=${encodeURIComponent('100%_')}`, user)).body)).toEqual([a.id]);
    expect(ids((await getJson(`${BASE}?search=${encodeURIComponent('%')}`, user)).body)).toEqual([a.id]);
    expect(ids((await getJson(`${BASE}?search=_`, user)).body)).toEqual([a.id]);
    expect((await getJson(`${BASE}?search=&status=`, user)).body.total).toBe(3);

    const p1 = await getJson(`${BASE}?limit=2`, user);
    const p2 = await getJson(`${BASE}?limit=2&page=2`, user);
    expect(p1.body).toMatchObject({ total: 3, hasMore: true, limit: 2 });
    expect(p2.body).toMatchObject({ total: 3, hasMore: false, page: 2 });
    expect(new Set([...ids(p1.body), ...ids(p2.body)]).size).toBe(3);
  });

  it('links only the caller\'s own jobs and applications; deleting them unlinks', async () => {
    const user = newUser();
    const other = newUser();
    const job = ((await (await call('/api/jobs', { method: 'POST', userId: user, body: { title: 'T', company: 'C' } })).json()) as Json).id;
    const othersJob = ((await (await call('/api/jobs', { method: 'POST', userId: other, body: { title: 'T', company: 'C' } })).json()) as Json).id;
    const othersApp = ((await (await call('/api/applications', { method: 'POST', userId: other, body: { jobTitle: 'T', company: 'C' } })).json()) as Json).id;

    const bad = await call(BASE, { method: 'POST', userId: user, body: { company: 'C', job_title: 'T', job_id: othersJob } });
    expect(bad.status).toBe(404);
    expect(((await bad.json()) as Json).message).toBe('Job not found');
    const badApp = await call(BASE, { method: 'POST', userId: user, body: { company: 'C', job_title: 'T', application_id: othersApp } });
    expect(((await badApp.json()) as Json).message).toBe('Application not found');
    expect((await getJson(BASE, user)).body.total).toBe(0);

    const t = await track(user, { job_id: job });
    const relink = await patch(user, t.id, { application_id: othersApp, notes: 'should not be saved' });
    expect(relink.status).toBe(404);
    expect(((await relink.json()) as Json).message).toBe('Application not found');
    expect((await getJson(`${BASE}/${t.id}`, user)).body).toEqual(t);

    expect((await call(`/api/jobs/${job}`, { method: 'DELETE', userId: user })).status).toBe(204);
    expect((await getJson(`${BASE}/${t.id}`, user)).body).toMatchObject({ id: t.id, job_id: null, company: 'Acme' });
  });

  it('deletes: 204, then 404', async () => {
    const user = newUser();
    const t = await track(user);
    expect((await call(`${BASE}/${t.id}`, { method: 'DELETE', userId: user })).status).toBe(204);
    expect((await call(`${BASE}/${t.id}`, { method: 'DELETE', userId: user })).status).toBe(404);
    expect((await getJson(`${BASE}/${t.id}`, user)).status).toBe(404);
  });

  it('rejects invalid bodies and queries with VALIDATION_ERROR and issues, writing nothing', async () => {
    const user = newUser();
    const ok = { company: 'C', job_title: 'T' };
    const bodies: unknown[] = [
      {},
      { company: 'C' },
      { ...ok, status: 'hired' },
      { ...ok, jobTitle: 'camelCase is not the contract' },
      { ...ok, status_history: [] },
      { ...ok, match_score: 101 },
      { ...ok, match_score: '50' },
      { ...ok, applied_date: 'yesterday' },
      { ...ok, next_action_date: '2026-13-45' },
      { ...ok, notes: 'x'.repeat(20_001) },
      { ...ok, company: 'x'.repeat(201) },
      { ...ok, interviews: 'tomorrow' },
      { ...ok, interviews: ['not an object'] },
      { ...ok, interviews: [[]] },
      { ...ok, interviews: Array.from({ length: 51 }, () => ({})) },
      { ...ok, interviews: [{ notes: 'x'.repeat(70 * 1024) }] },
      { ...ok, recruiter: [] },
      { ...ok, recruiter: { bio: 'x'.repeat(5000) } },
      { ...ok, archived: 'yes' },
    ];
    for (const body of bodies) {
      const res = await call(BASE, { method: 'POST', userId: user, body });
      const err = (await res.json()) as Json;
      expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(400);
      expect(err.code).toBe('VALIDATION_ERROR');
      expect(err.details.issues[0]).toEqual({ path: expect.any(String), message: expect.any(String) });
    }
    for (const q of ['limit=0', 'limit=101', 'page=0', 'status=hired', 'archived=no', `search=${'x'.repeat(201)}`]) {
      expect((await call(`${BASE}?${q}`, { userId: user })).status, q).toBe(400);
    }
    expect((await call(`${BASE}/active?limit=500`, { userId: user })).status).toBe(400);
    const t = await track(user);
    for (const body of [{}, { status: 'nope' }, { company: '' }, { unknown_field: 1 }, { interviews: {} }]) {
      expect((await patch(user, t.id, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await getJson(`${BASE}/${t.id}`, user)).body).toEqual(t);
    expect((await getJson(BASE, user)).body.total).toBe(1);
  });

  it('answers 404 for a missing tracked application on every :id route', async () => {
    const user = newUser();
    const missing = crypto.randomUUID();
    const calls: [string, string, unknown?][] = [
      ['GET', `${BASE}/${missing}`],
      ['PATCH', `${BASE}/${missing}`, { notes: 'x' }],
      ['DELETE', `${BASE}/${missing}`],
      ['POST', `${BASE}/${missing}/archive`],
      ['POST', `${BASE}/${missing}/unarchive`],
    ];
    for (const [method, path, body] of calls) {
      const res = await call(path, { method, userId: user, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(((await res.json()) as Json).message).toBe('Tracked application not found');
    }
  });

  it("answers 404 for another user's tracked application and changes nothing", async () => {
    const owner = newUser();
    const intruder = newUser();
    const t = await track(owner, { notes: 'mine' });
    const attempts: [string, string, unknown?][] = [
      ['GET', `${BASE}/${t.id}`],
      ['PATCH', `${BASE}/${t.id}`, { status: 'rejected', notes: 'pwned' }],
      ['POST', `${BASE}/${t.id}/archive`],
      ['POST', `${BASE}/${t.id}/unarchive`],
      ['DELETE', `${BASE}/${t.id}`],
    ];
    for (const [method, path, body] of attempts) {
      const res = await call(path, { method, userId: intruder, body });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await getJson(`${BASE}/${t.id}`, owner)).body).toEqual(t);
    expect((await getJson(BASE, intruder)).body.total).toBe(0);
    expect((await getJson(`${BASE}/active`, intruder)).body.total).toBe(0);
  });

  it('stores SQL-injection and unicode payloads verbatim', async () => {
    const user = newUser();
    const payload = {
      company: "Bobby'); DROP TABLE tracked_applications;--",
      job_title: 'Ingénieur 東京 🚀 \u200d\u{1F469}\u200d\u{1F4BB}',
      notes: '" OR 1=1 -- \n\t\\ 𝓤𝓷𝓲𝓬𝓸𝓭𝓮',
      next_action: "'; UPDATE users SET email = 'x'; --",
      interviews: [{ id: "' OR ''='", notes: 'مقابلة' }],
      status_note: 'Ünïcödé note 💬',
    };
    const t = await track(user, payload);
    const read = (await getJson(`${BASE}/${t.id}`, user)).body;
    const { status_note: note, ...stored } = payload;
    expect(read).toMatchObject(stored);
    expect(read.status_history[0].note).toBe(note);
    const found = await getJson(`${BASE}?search=${encodeURIComponent("Bobby');")}`, user);
    expect(ids(found.body)).toEqual([t.id]);
  });
});
