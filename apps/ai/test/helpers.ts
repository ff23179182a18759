/** Signed calls to the ai Worker (as the gateway makes them) and seed data written through @jobmatch/db. */
import { SELF, createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { education, jobs, profile, skills, workExperience, type NewJob, soleShardDb } from '@jobmatch/db';
import { signedRequest } from '@jobmatch/test-support/signed-request';
import worker from '../src/index';
import type { AiEnv } from '../src/env';

export type { Json } from '@jobmatch/test-support/common';
export { newUser } from '@jobmatch/test-support/common';

export interface CallOptions {
  method?: string;
  body?: unknown;
  headers?: HeadersInit;
  userId?: string | null;
  /** Calls the handler directly with these env values swapped in (provider keys, a stand-in AI binding). */
  env?: Partial<AiEnv>;
}

export async function call(path: string, o: CallOptions = {}): Promise<Response> {
  const method = o.method ?? (o.body === undefined ? 'GET' : 'POST');
  const request = await signedRequest(env.INTERNAL_SIGNING_SECRET, `https://ai.internal${path}`, { ...o, method });
  if (!o.env) return SELF.fetch(request);
  const ctx = createExecutionContext();
  const response = await worker.fetch!(request as any, { ...env, ...o.env }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** Calls and asserts the status exactly; returns the parsed body. */
export async function callJson(path: string, expectStatus: number, o: CallOptions = {}): Promise<any> {
  const res = await call(path, o);
  const text = await res.text();
  if (res.status !== expectStatus) throw new Error(`${path} → ${res.status}, expected ${expectStatus}: ${text.slice(0, 600)}`);
  return text ? JSON.parse(text) : null;
}

const identity = (userId: string) => ({ userId, email: `${userId}@example.test` });

export const BACKEND_JOB: NewJob = {
  title: 'Senior Backend Engineer',
  company: 'Edgeworks',
  location: 'Berlin, Germany',
  description: 'Design and run TypeScript services on Cloudflare Workers with D1 and KV. 5+ years of experience. Mentor other engineers.',
  experienceLevel: 'senior',
  workArrangement: 'hybrid',
  requiredSkills: ['TypeScript', 'Node.js', 'SQL'],
  preferredSkills: ['Kubernetes'],
};

export const UNRELATED_JOB: NewJob = {
  title: 'Pastry Chef',
  company: 'Bakery Moon',
  location: 'Lisbon, Portugal',
  description: 'Bake croissants, laminated dough and seasonal tarts in our on-site kitchen. Food hygiene certificate required.',
  experienceLevel: 'mid',
  workArrangement: 'on-site',
  requiredSkills: ['Baking', 'Pastry', 'Food safety'],
  preferredSkills: [],
};

export async function createJob(userId: string, job: NewJob = BACKEND_JOB): Promise<string> {
  return jobs.createJob(soleShardDb(env), identity(userId), job);
}

/** A backend engineer: two roles, one degree, five skills. */
export async function seedEngineerProfile(userId: string): Promise<void> {
  const user = identity(userId);
  await profile.updateProfile(soleShardDb(env), user, {
    first_name: 'Ada',
    last_name: 'Lovelace',
    location: 'Berlin, Germany',
    current_title: 'Senior Software Engineer',
    professional_summary: 'Backend engineer building APIs on the edge.',
  });
  await workExperience.createWorkExperience(soleShardDb(env), user, {
    title: 'Senior Software Engineer',
    company: 'Analytical Engines GmbH',
    location: 'Berlin',
    employment_type: 'full-time',
    start_date: '2019-03',
    end_date: null,
    is_current: true,
    description: 'Own the TypeScript API platform on Cloudflare Workers.',
    accomplishments: ['Cut p99 latency by 40% by moving reads to D1 replicas', 'Mentored four engineers'],
  });
  await workExperience.createWorkExperience(soleShardDb(env), user, {
    title: 'Software Engineer',
    company: 'Difference Labs',
    location: 'Munich',
    employment_type: 'full-time',
    start_date: '2015-01',
    end_date: '2019-02',
    is_current: false,
    description: 'Node.js services and PostgreSQL schemas for a payments product.',
    accomplishments: ['Built the invoicing service used by 2,000 merchants'],
  });
  await education.createEducation(soleShardDb(env), user, {
    institution: 'Technical University of Munich',
    degree: 'B.Sc.',
    field_of_study: 'Computer Science',
    start_date: '2011',
    end_date: '2014',
    grade: null,
    highlights: [],
  });
  await skills.upsertSkills(soleShardDb(env), user, [
    { name: 'TypeScript' },
    { name: 'Node.js' },
    { name: 'SQL' },
    { name: 'PostgreSQL' },
    { name: 'k8s' },
  ]);
}

/** A pastry chef: the profile that should not match a backend job. */
export async function seedChefProfile(userId: string): Promise<void> {
  const user = identity(userId);
  await profile.updateProfile(soleShardDb(env), user, {
    first_name: 'Marie',
    last_name: 'Careme',
    location: 'Lisbon, Portugal',
    current_title: 'Pastry Chef',
  });
  await workExperience.createWorkExperience(soleShardDb(env), user, {
    title: 'Pastry Chef',
    company: 'Patisserie Royale',
    location: 'Lisbon',
    employment_type: 'full-time',
    start_date: '2018-01',
    end_date: null,
    is_current: true,
    description: 'Bake laminated dough and seasonal tarts.',
    accomplishments: [],
  });
  await skills.upsertSkills(soleShardDb(env), user, [{ name: 'Baking' }, { name: 'Pastry' }]);
}
