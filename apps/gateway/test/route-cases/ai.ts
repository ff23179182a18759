/** ai routes that take an id or key (path or body): the generated cross-user checks of run.ts. */
import { expect } from 'vitest';
import { createJob } from './jobs';
import { encodeKey, uploadFile } from './files';
import { OVERLONG_ID, type Params, type RouteCase, type UserApi } from './types';

const applicationsOf = (owner: UserApi) => owner.json('GET', '/api/applications', undefined, 200);
/** The owner's file and the profile a parse could have written to. */
const fileAndProfile = async (owner: UserApi, p: Params) => ({
  file: await (await owner.call('GET', `/api/files/download/${encodeKey(p.storagePath!)}`)).text(),
  profile: await owner.json('GET', '/api/profile/complete', undefined, 200),
});

export const aiCases: RouteCase[] = [
  {
    route: 'POST /api/jobs/:id/analyze',
    setup: async (owner) => ({ id: await createJob(owner, { description: 'TypeScript on Workers', requiredSkills: ['TypeScript'] }) }),
    valid: { status: 200, check: (b) => expect(b).toMatchObject({ provider: 'local', cacheSource: 'generated' }) },
    invalid: OVERLONG_ID,
    // default snapshot: GET /api/jobs/:id (an analysis writes match_score there)
  },
  {
    route: 'POST /api/applications/generate',
    setup: async (owner) => {
      await owner.json('POST', '/api/skills/batch', { skills: [{ name: 'TypeScript' }] }, 200); // generation needs a profile
      return { jobId: await createJob(owner) };
    },
    valid: {
      body: (p: Params) => ({ jobId: p.jobId }),
      status: 201,
      check: (b, p) => expect(b).toMatchObject({ jobId: p.jobId, status: 'draft', variants: expect.any(Array) }),
    },
    invalid: { body: { jobId: '' } },
    bodyIds: ['jobId'],
    snapshot: applicationsOf,
  },
  {
    route: 'POST /api/resume/parse',
    setup: async (owner) => ({ storagePath: await uploadFile(owner) }),
    valid: {
      body: (p: Params) => ({ storagePath: p.storagePath }),
      status: 200,
      check: (b) => expect(b.profile.headline).toBe('Curriculum vitae — plain text ✓'),
    },
    invalid: { body: { storagePath: 7 } },
    bodyIds: ['storagePath'],
    snapshot: fileAndProfile,
  },
];
