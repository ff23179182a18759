import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { trackedApplications, soleShardDb } from '@jobmatch/db';
import { call } from './signed';
import { newUser, type Json } from '@jobmatch/test-support/common';

const BASE = '/api/tracked-applications';

async function track(userId: string, body: Json = {}): Promise<Json> {
  const res = await call(BASE, { method: 'POST', userId, body: { company: 'Acme', jobTitle: 'Backend Engineer', ...body } });
  const json = (await res.json()) as Json;
  expect(res.status, JSON.stringify(json)).toBe(201);
  return json;
}
const patch = (userId: string, id: string, body: unknown) => call(`${BASE}/${id}`, { method: 'PATCH', userId, body });
const getJson = async (path: string, userId: string) => {
  const res = await call(path, { userId });
  return { status: res.status, body: (await res.json()) as Json, cacheable: res.headers.get('x-jobmatch-cacheable') };
};
const ids = (list: Json) => ((list.trackedApplications ?? list.activeApplications) as Json[]).map((x) => x.id);

describe('/api/tracked-applications', () => {
  /** The body ApplicationTrackerListPage's "new application" form hands addTrackedApplication. */
  const frontendNewApplication = (appliedDate: string) => ({
    jobId: '',
    applicationId: '',
    company: 'Edge Co',
    jobTitle: 'SRE',
    location: 'Remote',
    matchScore: 0,
    status: 'applied',
    appliedDate,
    statusHistory: [{ status: 'applied', date: appliedDate, note: 'Manually added application' }],
    interviews: [],
    followUpActions: [],
    notes: 'Referred by Ada',
    activityLog: [
      {
        id: '1733212800000',
        date: '2026-12-03T08:00:00.000Z',
        type: 'note',
        description: 'Application created',
        details: 'Referred by Ada',
      },
    ],
    archived: false,
  });

  /** Every field the tracker pages read, with the types they use it as. */
  function expectTrackerShape(row: Json) {
    for (const list of ['followUpActions', 'interviews', 'statusHistory', 'activityLog', 'tags']) {
      expect(Array.isArray(row[list]), list).toBe(true);
    }
    for (const text of [
      'id',
      'jobId',
      'applicationId',
      'company',
      'jobTitle',
      'location',
      'status',
      'appliedDate',
      'lastUpdated',
      'notes',
    ]) {
      expect(typeof row[text], text).toBe('string');
    }
    expect(typeof row.matchScore).toBe('number');
    expect(typeof row.archived).toBe('boolean');
    for (const h of row.statusHistory) expect(typeof h.date).toBe('string');
    expect(row).not.toHaveProperty('job_title');
  }

  it("accepts the tracker's own POST body and answers the TrackedApplication shape", async () => {
    const user = newUser();
    const created = await track(user, frontendNewApplication('2026-12-03'));
    expectTrackerShape(created);
    expect(created).toMatchObject({
      jobId: '',
      applicationId: '',
      company: 'Edge Co',
      jobTitle: 'SRE',
      appliedDate: '2026-12-03',
      notes: 'Referred by Ada',
      tags: [],
      recruiter: null,
      activityLog: [{ id: '1733212800000', type: 'note', description: 'Application created', details: 'Referred by Ada' }],
    });
    // The server writes the history: one entry, now, with the note the client's entry carried.
    expect(created.statusHistory).toEqual([{ status: 'applied', date: created.lastUpdated, note: 'Manually added application' }]);
    expect(created.statusChangedAt).toBe(created.lastUpdated);

    // The list page's status dialog: PATCH {status, statusHistory: [...old, {status, date, note}]}.
    const echoed = [...created.statusHistory, { status: 'screening', date: '2026-12-04T09:00:00.000Z', note: 'Recruiter called' }];
    const res = await patch(user, created.id, { status: 'screening', statusHistory: echoed });
    const updated = (await res.json()) as Json;
    expect(res.status, JSON.stringify(updated)).toBe(200);
    expectTrackerShape(updated);
    expect(updated.statusHistory).toEqual([
      created.statusHistory[0],
      { status: 'screening', date: updated.lastUpdated, note: 'Recruiter called' },
    ]);
    // A bulk status change sends only {status}.
    const bulk = (await (await patch(user, created.id, { status: 'interview_scheduled' })).json()) as Json;
    expect(bulk.statusHistory.map((h: Json) => h.status)).toEqual(['applied', 'screening', 'interview_scheduled']);
    expect(bulk.statusHistory[2]).not.toHaveProperty('note');

    // The whole row echoed back (server-owned id/lastUpdated/statusChangedAt/createdAt ignored) is a no-op edit.
    const { id, ...echo } = bulk;
    const again = await patch(user, id, { ...echo, id, lastUpdated: 'ignored', notes: 'edited' });
    const againBody = (await again.json()) as Json;
    expect(again.status, JSON.stringify(againBody)).toBe(200);
    expect(againBody).toMatchObject({ id, notes: 'edited', statusHistory: bulk.statusHistory });
    expect(againBody.lastUpdated).not.toBe('ignored');

    // Lists carry the same shape; the page calls followUpActions.some on every row.
    const list = (await getJson(`${BASE}?page=1&limit=20`, user)).body;
    expect(list).toMatchObject({ total: 1, page: 1, limit: 20, hasMore: false });
    for (const row of list.trackedApplications) expectTrackerShape(row);
    expect((list.trackedApplications as Json[]).some((a) => a.followUpActions.some((f: Json) => !f.completed))).toBe(false);
    const active = (await getJson(`${BASE}/active?page=1&limit=20`, user)).body;
    expect(active).toMatchObject({ total: 1, page: 1, limit: 20, hasMore: false });
    expect(active.activeApplications).toHaveLength(1);
  });

  it("accepts the application editor's submit body (ISO appliedDate, linked job and application)", async () => {
    const user = newUser();
    const jobId = (
      (await (await call('/api/jobs', { method: 'POST', userId: user, body: { title: 'SRE', company: 'Edge' } })).json()) as Json
    ).id;
    const applicationId = (
      (await (
        await call('/api/applications', { method: 'POST', userId: user, body: { jobId, jobTitle: 'SRE', company: 'Edge' } })
      ).json()) as Json
    ).id;
    const now = new Date().toISOString();
    const created = await track(user, {
      jobId,
      applicationId,
      company: 'Edge',
      jobTitle: 'SRE',
      location: 'Remote',
      matchScore: 87,
      status: 'applied',
      appliedDate: now,
      statusHistory: [{ status: 'applied', date: now, note: 'Application submitted' }],
      activityLog: [
        {
          id: crypto.randomUUID(),
          date: now,
          type: 'status_change',
          description: 'Application submitted',
          details: 'Submitted application for SRE at Edge',
        },
      ],
      notes: '',
      archived: false,
      interviews: [],
      followUpActions: [],
    });
    expectTrackerShape(created);
    expect(created).toMatchObject({
      jobId,
      applicationId,
      appliedDate: now,
      matchScore: 87,
      statusHistory: [{ status: 'applied', note: 'Application submitted' }],
    });
  });

  it('rows stored in an older shape still render: interview and follow-up fields filled on read', async () => {
    const user = newUser();
    const t = await track(user);
    await soleShardDb(env)
      .prepare('UPDATE tracked_applications SET interviews = ?1, follow_up_actions = ?2 WHERE id = ?3')
      .bind(
        JSON.stringify([{ id: 'i1', type: 'technical', scheduled_at: '2026-12-01T10:00:00.000Z' }, 'not an object']),
        JSON.stringify([{ id: 'f1', text: 'Send portfolio', done: false }]),
        t.id,
      )
      .run();
    const row = (await getJson(`${BASE}/${t.id}`, user)).body;
    expect(row.interviews).toEqual([
      expect.objectContaining({ id: 'i1', date: '2026-12-01T10:00:00.000Z', interviewers: [], notes: '', round: '' }),
    ]);
    expect(row.followUpActions).toEqual([
      expect.objectContaining({ id: 'f1', title: 'Send portfolio', completed: false, priority: 'medium', type: 'action_item' }),
    ]);
  });

  it('stores interviews, follow-ups, contacts, offer and tags, filling item defaults the pages rely on', async () => {
    const user = newUser();
    const created = await track(user, {
      status: 'interview_scheduled',
      interviews: [{ id: 'i1', round: 'Phone Screen', date: '2026-12-10T15:00:00Z', notes: '' }],
      followUpActions: [{ id: 'f1', type: 'reminder', title: 'Send thank-you', dueDate: '2026-12-11' }],
      recruiter: { name: 'Grace', role: 'Recruiter', email: 'grace@edge.example' },
      hiringManager: { name: 'Linus', role: 'EM' },
      offerDetails: { salary: '$180k', benefits: ['Remote'] },
      nextAction: 'Prepare system design',
      nextActionDate: '2026-12-09',
      nextInterviewDate: '2026-12-10T15:00:00Z',
      tags: ['dream-job'],
    });
    expectTrackerShape(created);
    expect(created.interviews).toEqual([{ id: 'i1', round: 'Phone Screen', date: '2026-12-10T15:00:00Z', notes: '', interviewers: [] }]);
    expect(created.followUpActions).toEqual([
      { id: 'f1', type: 'reminder', title: 'Send thank-you', dueDate: '2026-12-11', description: '', completed: false, priority: 'medium' },
    ]);
    expect(created).toMatchObject({
      recruiter: { name: 'Grace', role: 'Recruiter', email: 'grace@edge.example' },
      hiringManager: { name: 'Linus', role: 'EM' },
      offerDetails: { salary: '$180k', benefits: ['Remote'] },
      nextActionDate: '2026-12-09',
      tags: ['dream-job'],
    });
    // '' clears a date (what an emptied date input sends).
    const cleared = (await (await patch(user, created.id, { nextActionDate: '', appliedDate: '' })).json()) as Json;
    expect(cleared).toMatchObject({ nextActionDate: null, appliedDate: '' });
  });

  it('appends to statusHistory on every status change (not when the status stays)', async () => {
    const user = newUser();
    const t = await track(user);
    const r1 = (await (await patch(user, t.id, { status: 'interview_scheduled', statusNote: 'Onsite on Friday' })).json()) as Json;
    const r2 = (await (await patch(user, t.id, { status: 'interview_scheduled', notes: 'same status' })).json()) as Json;
    const r3 = (await (await patch(user, t.id, { status: 'offer' })).json()) as Json;
    expect(r1.statusHistory).toEqual([
      { status: 'applied', date: t.createdAt },
      { status: 'interview_scheduled', date: r1.lastUpdated, note: 'Onsite on Friday' },
    ]);
    expect(r2.statusHistory).toEqual(r1.statusHistory);
    expect(r2.notes).toBe('same status');
    expect(r3.status).toBe('offer');
    expect(r3.statusHistory.map((h: Json) => h.status)).toEqual(['applied', 'interview_scheduled', 'offer']);
    expect(r3.statusHistory[2]).toEqual({ status: 'offer', date: r3.lastUpdated });
  });

  it(`keeps at most ${trackedApplications.STATUS_HISTORY_MAX} history entries (oldest dropped)`, async () => {
    const user = newUser();
    const t = await track(user);
    const long = Array.from({ length: trackedApplications.STATUS_HISTORY_MAX }, (_, i) => ({ status: 'applied', date: `old-${i}` }));
    await soleShardDb(env)
      .prepare('UPDATE tracked_applications SET status_history = ?1 WHERE id = ?2')
      .bind(JSON.stringify(long), t.id)
      .run();
    const res = (await (await patch(user, t.id, { status: 'rejected' })).json()) as Json;
    expect(res.statusHistory).toHaveLength(trackedApplications.STATUS_HISTORY_MAX);
    expect(res.statusHistory[0].date).toBe('old-1');
    expect(res.statusHistory.at(-1)).toMatchObject({ status: 'rejected' });
  });

  it('updates fields, clears them with null, and returns the updated row', async () => {
    const user = newUser();
    const t = await track(user, { notes: 'n', nextAction: 'call', recruiter: { name: 'R' } });
    const res = await patch(user, t.id, { notes: null, recruiter: null, nextAction: 'email', matchScore: 10, jobTitle: 'Staff' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: t.id,
      notes: '',
      recruiter: null,
      nextAction: 'email',
      matchScore: 10,
      jobTitle: 'Staff',
      company: 'Acme',
    });
  });

  it('archives and unarchives; /active excludes archived and terminal statuses', async () => {
    const user = newUser();
    const active = await track(user, { jobTitle: 'Active' });
    const offer = await track(user, { jobTitle: 'Offer', status: 'offer' });
    const archived = await track(user, { jobTitle: 'Archived' });
    const rejected = await track(user, { jobTitle: 'Rejected', status: 'rejected' });
    const accepted = await track(user, { jobTitle: 'Accepted', status: 'accepted' });
    const withdrawn = await track(user, { jobTitle: 'Withdrawn', status: 'withdrawn' });
    // The frontend sends PATCH; POST is kept (below).
    const arch = await call(`${BASE}/${archived.id}/archive`, { method: 'PATCH', userId: user });
    expect(arch.status).toBe(200);
    expect(await arch.json()).toMatchObject({ id: archived.id, archived: true });

    const act = await getJson(`${BASE}/active`, user);
    expect(act.cacheable).toBe('1');
    expect(act.body).toMatchObject({ total: 2, page: 1, limit: 20, hasMore: false });
    expect(ids(act.body).sort()).toEqual([active.id, offer.id].sort());
    expect(act.body.trackedApplications).toBeUndefined();

    const notArchived = await getJson(`${BASE}?archived=false`, user);
    expect(ids(notArchived.body).sort()).toEqual([active.id, offer.id, rejected.id, accepted.id, withdrawn.id].sort());
    expect(ids((await getJson(`${BASE}?archived=true`, user)).body)).toEqual([archived.id]);
    expect((await getJson(BASE, user)).body.total).toBe(6);

    const un = await call(`${BASE}/${archived.id}/unarchive`, { method: 'PATCH', userId: user });
    expect(await un.json()).toMatchObject({ id: archived.id, archived: false });
    expect(ids((await getJson(`${BASE}/active`, user)).body).sort()).toEqual([active.id, offer.id, archived.id].sort());
    const viaPost = await call(`${BASE}/${archived.id}/archive`, { method: 'POST', userId: user });
    expect(await viaPost.json()).toMatchObject({ id: archived.id, archived: true });
    for (const status of ['offer_accepted', 'offer_declined', 'abandoned'] as const) await track(user, { status });
    expect(ids((await getJson(`${BASE}/active`, user)).body).sort()).toEqual([active.id, offer.id].sort());
  });

  it('lists newest change first with status / search filters and pagination', async () => {
    const user = newUser();
    const a = await track(user, { company: 'Alpha 100%_Co', jobTitle: 'Engineer' });
    const b = await track(user, { company: 'Beta', jobTitle: 'Designer', status: 'screening' });
    const c = await track(user, { company: 'Gamma', jobTitle: 'Engineer II' });
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

  it("links only the caller's own jobs and applications; deleting them unlinks", async () => {
    const user = newUser();
    const other = newUser();
    const job = ((await (await call('/api/jobs', { method: 'POST', userId: user, body: { title: 'T', company: 'C' } })).json()) as Json).id;
    const othersJob = (
      (await (await call('/api/jobs', { method: 'POST', userId: other, body: { title: 'T', company: 'C' } })).json()) as Json
    ).id;
    const othersApp = (
      (await (await call('/api/applications', { method: 'POST', userId: other, body: { jobTitle: 'T', company: 'C' } })).json()) as Json
    ).id;

    const bad = await call(BASE, { method: 'POST', userId: user, body: { company: 'C', jobTitle: 'T', jobId: othersJob } });
    expect(bad.status).toBe(404);
    expect(((await bad.json()) as Json).message).toBe('Job not found');
    const badApp = await call(BASE, { method: 'POST', userId: user, body: { company: 'C', jobTitle: 'T', applicationId: othersApp } });
    expect(((await badApp.json()) as Json).message).toBe('Application not found');
    expect((await getJson(BASE, user)).body.total).toBe(0);

    const t = await track(user, { jobId: job });
    const relink = await patch(user, t.id, { applicationId: othersApp, notes: 'should not be saved' });
    expect(relink.status).toBe(404);
    expect(((await relink.json()) as Json).message).toBe('Application not found');
    expect((await getJson(`${BASE}/${t.id}`, user)).body).toEqual(t);

    expect((await call(`/api/jobs/${job}`, { method: 'DELETE', userId: user })).status).toBe(204);
    expect((await getJson(`${BASE}/${t.id}`, user)).body).toMatchObject({ id: t.id, jobId: '', company: 'Acme' });
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
    const ok = { company: 'C', jobTitle: 'T' };
    const bodies: unknown[] = [
      {},
      { company: 'C' },
      { ...ok, status: 'hired' },
      { ...ok, job_title: 'snake_case is not the shape' },
      { ...ok, statusHistory: 'not a list' },
      { ...ok, interviews: [{ id: 'i1', interviewer: 'misspelt key' }] },
      { ...ok, followUpActions: [{ id: 'f1', title: 'T', priority: 'urgent' }] },
      { ...ok, activityLog: [{ id: 'a1', date: '2026-01-01', type: 'tweet', description: 'd' }] },
      { ...ok, tags: [1] },
      { ...ok, matchScore: 101 },
      { ...ok, matchScore: '50' },
      { ...ok, appliedDate: 'yesterday' },
      { ...ok, nextActionDate: '2026-13-45' },
      { ...ok, notes: 'x'.repeat(20_001) },
      { ...ok, company: 'x'.repeat(201) },
      { ...ok, interviews: 'tomorrow' },
      { ...ok, interviews: ['not an object'] },
      { ...ok, interviews: [[]] },
      { ...ok, interviews: Array.from({ length: 51 }, (_, i) => ({ id: `i${i}` })) },
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
      ['PATCH', `${BASE}/${missing}/archive`],
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
      ['PATCH', `${BASE}/${t.id}/archive`],
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
      jobTitle: 'Ingénieur 東京 🚀 \u200d\u{1F469}\u200d\u{1F4BB}',
      notes: '" OR 1=1 -- \n\t\\ 𝓤𝓷𝓲𝓬𝓸𝓭𝓮',
      nextAction: "'; UPDATE users SET email = 'x'; --",
      interviews: [{ id: "' OR ''='", notes: 'مقابلة' }],
      statusNote: 'Ünïcödé note 💬',
    };
    const t = await track(user, payload);
    const read = (await getJson(`${BASE}/${t.id}`, user)).body;
    const { statusNote: note, ...stored } = payload;
    expect(read).toMatchObject(stored);
    expect(read.statusHistory[0].note).toBe(note);
    const found = await getJson(`${BASE}?search=${encodeURIComponent("Bobby');")}`, user);
    expect(ids(found.body)).toEqual([t.id]);
  });
});
