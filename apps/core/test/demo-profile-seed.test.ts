/** Demo seed 0003 (profile, applied by `npm run dev`) loads twice and reads back through the routes. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DEMO_USER, applySeeds } from './seed';
import seedUser from '../../../packages/db/seed/0001_demo_user_jobs.sql?raw';
import seedProfile from '../../../packages/db/seed/0003_demo_profile.sql?raw';
import { skills, soleShardDb } from '@jobmatch/db';
import { api, type Json } from './api';

describe('demo seed 0003 (profile)', () => {
  it('applies twice without error or duplicates; the demo profile reads back complete', async () => {
    await applySeeds([seedUser, seedProfile], 2);
    const complete = await api(DEMO_USER, 'GET', '/api/profile/complete', undefined, 200);
    expect(complete.profile).toMatchObject({ id: DEMO_USER, first_name: 'Demo', current_title: 'Senior Backend Engineer' });
    // As useCompleteProfile reads it: accomplishments and description are JSON text.
    expect(complete.workExperience.map((e: Json) => [e.company, e.is_current, JSON.parse(e.accomplishments).length])).toEqual([
      ['Edgeworks', true, 2],
      ['Cloud Harbor', false, 2],
    ]);
    expect(complete.education).toEqual([
      expect.objectContaining({ institution: 'Technische Universität Berlin', field_of_study: 'Computer Science' }),
    ]);
    expect(JSON.parse(complete.education[0].description)).toHaveLength(3);
    // The forms' date inputs need full YYYY-MM-DD dates.
    const dates = [
      ...complete.workExperience.flatMap((e: Json) => [e.start_date, e.end_date]),
      complete.education[0].start_date,
      complete.education[0].end_date,
    ];
    for (const d of dates.filter((x: unknown) => x !== null)) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(complete.skills.every((s: Json) => typeof s.endorsed_count === 'number')).toBe(true);
    expect(complete.skills).toHaveLength(6);
    // The seed's name_key column matches what the code computes, so the seeded names are unique.
    const keys = await soleShardDb(env).prepare('SELECT name, name_key FROM skills WHERE user_id = ?').bind(DEMO_USER).all<Json>();
    for (const row of keys.results) expect(row.name_key).toBe(skills.skillNameKey(row.name));
    await api(DEMO_USER, 'POST', '/api/skills', { name: 'typescript' }, 409);
  });
});
