import type { Json } from '../helpers';
import { expect } from 'vitest';
import { OVERLONG_ID, type Params, type RouteCase, type UserApi } from './types';

async function createSkill(owner: UserApi): Promise<Params> {
  const { skill } = await owner.json('POST', '/api/skills', { name: 'TypeScript', level: 'advanced' }, 201);
  return { id: skill.id };
}
const skillsOf = async (owner: UserApi) => owner.json('GET', '/api/skills', undefined, 200);

export const skillCases: RouteCase[] = [
  {
    route: 'POST /api/skills/batch',
    valid: {
      body: { skills: [{ name: 'Go' }, { name: 'go', level: 'expert' }, { name: 'SQL' }] },
      status: 200,
      check: (b) => expect(b).toMatchObject({ count: 2, skills: [{ name: 'go', level: 'expert' }, { name: 'SQL' }] }),
    },
    invalid: { body: { skills: [{ name: 'Go' }, { name: 'Bad', level: 'wizard' }] } },
    crossUserNotApplicable: 'writes only the caller’s skills; GET /api/skills isolation covers reads',
  },
  {
    route: 'GET /api/skills',
    setup: createSkill,
    valid: { status: 200, check: (b, p) => expect(b.skills.map((s: Json) => s.id)).toEqual([p.id]) },
    invalid: null,
    invalidNotApplicable: 'no query or body',
    isolation: async (other) => expect((await skillsOf(other)).skills).toEqual([]),
  },
  {
    route: 'POST /api/skills',
    valid: {
      body: { name: 'Rust', level: 'beginner', endorsements: 2 },
      status: 201,
      check: (b) => expect(b.skill).toMatchObject({ name: 'Rust', endorsements: 2 }),
    },
    invalid: { body: { name: 'Rust', level: 'guru' } },
    crossUserNotApplicable: 'creates a row owned by the caller; GET /api/skills isolation covers reads',
  },
  {
    route: 'PATCH /api/skills/:id',
    setup: createSkill,
    valid: { body: { level: 'expert' }, status: 200, check: (b, p) => expect(b.skill).toMatchObject({ id: p.id, level: 'expert' }) },
    invalid: { body: { endorsements: -1 } },
    snapshot: skillsOf,
  },
  {
    route: 'DELETE /api/skills/:id',
    setup: createSkill,
    valid: { status: 204 },
    invalid: OVERLONG_ID,
    snapshot: skillsOf,
  },
];
