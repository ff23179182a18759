/** The demo seeds (packages/db/seed, applied by `npm run dev`) load twice and read back through the routes. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DEMO_USER, applySeeds } from './seed';
import seedJobs from '../../../packages/db/seed/0001_demo_user_jobs.sql?raw';
import seedApplications from '../../../packages/db/seed/0002_demo_applications.sql?raw';
import { call } from './signed';
import type { Json } from '@jobmatch/test-support/common';
import * as v from 'valibot';
import { ApplicationVariantSchema, soleShardDb } from '@jobmatch/db';

describe('demo seed 0002 (applications and tracker)', () => {
  it("repairs an older seed's demo variants (no editor arrays) and leaves current ones alone", async () => {
    await applySeeds([seedJobs]);
    const id = '20000000-0000-4000-8000-000000000001';
    await soleShardDb(env).prepare('DELETE FROM applications WHERE id = ?1').bind(id).run();
    await soleShardDb(env)
      .prepare(
        `INSERT INTO applications (id, user_id, job_id, job_title, company, status, variants, created_at, updated_at)
       VALUES (?1, ?2, NULL, 'T', 'C', 'draft', '[{"id":"variant-impact","name":"Old","resume":{"summary":"s"}}]', '2026-01-01', '2026-01-01')`,
      )
      .bind(id, DEMO_USER)
      .run();
    await applySeeds([seedApplications]);
    const repaired = (await (await call(`/api/applications/${id}`, { userId: DEMO_USER })).json()) as Json;
    expect(Array.isArray(repaired.variants[0].resume.experience)).toBe(true);
    // Back to the seed's own row for the next test.
    await soleShardDb(env).prepare('DELETE FROM applications WHERE id = ?1').bind(id).run();
  });

  it('applies twice without error or duplicates, and the demo user sees it through the API', async () => {
    await applySeeds([seedJobs, seedApplications], 2);
    const jobs = (await (await call('/api/jobs?limit=100', { userId: DEMO_USER })).json()) as Json;
    expect(jobs.total).toBe(6);

    const apps = (await (await call('/api/applications', { userId: DEMO_USER })).json()) as Json;
    expect(apps.total).toBe(2);
    const submitted = apps.applications.find((a: Json) => a.status === 'submitted');
    expect(submitted).toMatchObject({ job_id: '10000000-0000-4000-8000-000000000001', selected_variant_id: 'variant-impact' });
    expect(submitted.variants.map((v: Json) => v.name)).toEqual(['Impact-Focused', 'Concise']);
    // Every seeded variant opens in the editor: it is valid against the editor's schema.
    for (const app of apps.applications) {
      for (const variant of app.variants) expect(v.safeParse(ApplicationVariantSchema, variant).issues).toBeUndefined();
    }

    const active = (await (await call('/api/tracked-applications/active', { userId: DEMO_USER })).json()) as Json;
    expect(active.activeApplications.map((t: Json) => t.status).sort()).toEqual(['interview_scheduled', 'offer']);
    const interviewing = active.activeApplications.find((t: Json) => t.status === 'interview_scheduled');
    expect(interviewing.statusHistory).toHaveLength(3);
    expect(interviewing.interviews[1]).toMatchObject({ round: 'System Design', interviewers: ['Mira Weber', 'Tobias Brandt'] });
    expect(interviewing.followUpActions.some((f: Json) => !f.completed)).toBe(true);
    expect(interviewing.recruiter).toMatchObject({ name: 'Jonas Keller', role: 'Technical Recruiter' });
    const offer = active.activeApplications.find((t: Json) => t.status === 'offer');
    expect(offer.offerDetails.benefits).toEqual(['30 days holiday', 'Remote budget']);
    for (const row of active.activeApplications) {
      for (const list of ['followUpActions', 'interviews', 'statusHistory', 'activityLog', 'tags'])
        expect(Array.isArray(row[list]), list).toBe(true);
    }
    const archived = (await (await call('/api/tracked-applications?archived=true', { userId: DEMO_USER })).json()) as Json;
    expect(archived.trackedApplications).toMatchObject([{ status: 'rejected', archived: true, company: 'Old Mill Media' }]);

    // The demo user can move their tracked application on.
    const moved = await call(`/api/tracked-applications/${interviewing.id}`, {
      method: 'PATCH',
      userId: DEMO_USER,
      body: { status: 'interview_completed' },
    });
    expect(((await moved.json()) as Json).statusHistory).toHaveLength(4);
  });
});
