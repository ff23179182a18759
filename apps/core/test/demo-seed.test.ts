/** The demo seeds (packages/db/seed, applied by `npm run dev`) load twice and read back through the routes. */
import { describe, expect, it } from 'vitest';
import { DEMO_USER, applySeeds } from './seed';
import seedJobs from '../../../packages/db/seed/0001_demo_user_jobs.sql?raw';
import seedApplications from '../../../packages/db/seed/0002_demo_applications.sql?raw';
import { call } from './signed';
import type { Json } from '@jobmatch/test-support/common';


describe('demo seed 0002 (applications and tracker)', () => {
  it('applies twice without error or duplicates, and the demo user sees it through the API', async () => {
    await applySeeds([seedJobs, seedApplications], 2);
    const jobs = (await (await call('/api/jobs?limit=100', { userId: DEMO_USER })).json()) as Json;
    expect(jobs.total).toBe(6);

    const apps = (await (await call('/api/applications', { userId: DEMO_USER })).json()) as Json;
    expect(apps.total).toBe(1);
    expect(apps.applications[0]).toMatchObject({
      job_id: '10000000-0000-4000-8000-000000000001',
      status: 'submitted',
      selected_variant_id: 'variant-impact',
    });
    expect(apps.applications[0].variants.map((v: Json) => v.name)).toEqual(['Impact-Focused', 'Concise']);

    const active = (await (await call('/api/tracked-applications/active', { userId: DEMO_USER })).json()) as Json;
    expect(active.trackedApplications.map((t: Json) => t.status)).toEqual(['interview_scheduled']);
    expect(active.trackedApplications[0].status_history).toHaveLength(3);
    expect(active.trackedApplications[0].interviews[0]).toMatchObject({ type: 'technical' });
    const archived = (await (await call('/api/tracked-applications?archived=true', { userId: DEMO_USER })).json()) as Json;
    expect(archived.trackedApplications).toMatchObject([{ status: 'rejected', archived: true, company: 'Old Mill Media' }]);

    // The demo user can move their tracked application on.
    const id = active.trackedApplications[0].id;
    const moved = await call(`/api/tracked-applications/${id}`, { method: 'PATCH', userId: DEMO_USER, body: { status: 'interview_completed' } });
    expect(((await moved.json()) as Json).status_history).toHaveLength(4);
  });
});
