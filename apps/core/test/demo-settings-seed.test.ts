/** Demo seed 0005 (Settings, resumes, narratives; applied by `npm run dev`) loads twice and reads back through the routes. */
import { describe, expect, it } from 'vitest';
import { DEMO_USER, applySeeds } from './seed';
import seedUser from '../../../packages/db/seed/0001_demo_user_jobs.sql?raw';
import seedProfile from '../../../packages/db/seed/0003_demo_profile.sql?raw';
import seedSettings from '../../../packages/db/seed/0005_demo_settings_resumes.sql?raw';
import { api, type Json } from './api';

describe('demo seed 0005 (settings, resumes, narratives)', () => {
  it('applies twice without error or duplicates; every Settings and resume page has data', async () => {
    await applySeeds([seedUser, seedProfile, seedSettings], 2);
    const resumes = await api(DEMO_USER, 'GET', '/api/resume', undefined, 200);
    expect(resumes.map((r: Json) => [r.type, r.formats])).toEqual([
      ['master', ['pdf', 'docx', 'txt']],
      ['tailored', ['pdf']],
    ]);
    const workIds = (await api(DEMO_USER, 'GET', '/api/profile/work-experience', undefined, 200)).workExperience.map((w: Json) => w.id);
    for (const r of resumes) {
      expect(r.sections).toMatchObject({ header: { name: 'Demo User', contact: expect.any(Object) }, summary: expect.any(String) });
      for (const id of r.sections.experience) expect(workIds).toContain(id);
    }
    const { narratives } = await api(DEMO_USER, 'GET', '/api/profile/work-experience-narratives', undefined, 200);
    expect(narratives).toEqual([expect.objectContaining({ workExperienceId: workIds[0], narrative: expect.any(String) })]);
    expect((await api(DEMO_USER, 'GET', '/api/billing/subscription', undefined, 200)).subscription).toMatchObject({
      plan: 'basic',
      status: 'active',
    });
    expect(await api(DEMO_USER, 'GET', '/api/billing/invoices', undefined, 200)).toEqual({ invoices: [] });
    expect(await api(DEMO_USER, 'GET', '/api/billing/payment-methods', undefined, 200)).toEqual({ paymentMethods: [] });
    const { usageLimits } = await api(DEMO_USER, 'GET', '/api/billing/usage-limits', undefined, 200);
    expect(usageLimits.limits).toEqual({ maxApplications: 10, maxResumeVariants: 3, maxJobSearches: 50 });
  });
});
