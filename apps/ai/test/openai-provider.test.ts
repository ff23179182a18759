/**
 * The OpenAI path against a local server speaking the OpenAI wire format (test/fake-openai.ts):
 * request shape (json_schema from the valibot schema, explicit float embeddings), 429 then
 * success, a 500 storm and malformed JSON (fallback to local), a hang (timeout), finish_reason
 * length, and a schema mismatch.
 */
import { env } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import type { AiEnv } from '../src/env';
import { BACKEND_JOB, callJson, createJob, newUser, seedEngineerProfile } from './helpers';

const POSTING =
  'Senior Platform Engineer at Cloud Harbor\nLocation: Remote (EU)\nRequirements: Kubernetes, Terraform and Go. Salary €80,000 - €100,000.';

function openAi(scenario: string, extra: Partial<AiEnv> = {}) {
  const runId = crypto.randomUUID();
  return {
    runId,
    env: {
      OPENAI_API_KEY: 'sk-test-key',
      OPENAI_BASE_URL: `${inject('fakeOpenAiUrl')}/s/${scenario}/${runId}/v1`,
      OPENAI_CHAT_MODEL: 'gpt-4o-mini',
      OPENAI_TIMEOUT_MS: '2000',
      OPENAI_MAX_RETRIES: '1',
      ...extra,
    } satisfies Partial<AiEnv>,
    requests: async (): Promise<any[]> => (await fetch(`${inject('fakeOpenAiUrl')}/__requests/${runId}`)).json(),
  };
}

const parseJob = (userId: string, envOverrides: Partial<AiEnv>) =>
  callJson('/api/jobs/parse', 200, { userId, body: { text: POSTING }, env: envOverrides });

describe('OpenAI provider', () => {
  it('sends a strict json_schema built from the valibot schema, with auth, and returns the model answer labelled as OpenAI', async () => {
    const fake = openAi('ok');
    const r = await parseJob(newUser(), fake.env);
    expect(r.metadata).toMatchObject({ aiModel: 'gpt-4o-mini', provider: 'openai' });
    const [req] = await fake.requests();
    expect(req.path).toBe('chat/completions');
    expect(req.headers.authorization).toBe('Bearer sk-test-key');
    expect(req.body.model).toBe('gpt-4o-mini');
    expect(req.body.messages.map((m: any) => m.role)).toEqual(['system', 'user']);
    expect(req.body.messages[1].content).toBe(POSTING);
    const format = req.body.response_format;
    expect(format.type).toBe('json_schema');
    expect(format.json_schema).toMatchObject({ name: 'job_parse', strict: true });
    const schema = format.json_schema.schema;
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect([...schema.required].sort()).toEqual(Object.keys(schema.properties).sort()); // strict: every field required
    expect(schema.properties.salaryMin.anyOf ?? schema.properties.salaryMin.type).toBeTruthy();
    expect(typeof req.body.max_completion_tokens).toBe('number');
  });

  it('retries a 429 (the SDK honours retry-after) and then answers from the model', async () => {
    const fake = openAi('429-once');
    const r = await parseJob(newUser(), fake.env);
    expect(r.metadata.provider).toBe('openai');
    expect(await fake.requests()).toHaveLength(2);
  });

  it('a 500 storm falls back to the local provider after the configured retries, and says so', async () => {
    const fake = openAi('500');
    const r = await parseJob(newUser(), fake.env);
    expect(r.metadata).toMatchObject({ provider: 'local', aiModel: 'local-rules-v1' });
    expect(r.metadata.warnings.some((w: string) => w.includes('openai') && w.includes('500'))).toBe(true);
    expect(r.job.company).toBe('Cloud Harbor'); // the local answer is a real one
    expect(await fake.requests()).toHaveLength(2); // 1 + OPENAI_MAX_RETRIES
  });

  it('malformed JSON is retried once, then the chain falls back', async () => {
    const fake = openAi('malformed');
    const r = await parseJob(newUser(), fake.env);
    expect(r.metadata.provider).toBe('local');
    expect(r.metadata.warnings.join(' ')).toContain('not JSON');
    expect(await fake.requests()).toHaveLength(2);
  });

  it('an answer cut off by finish_reason "length" is rejected, retried once, then falls back', async () => {
    const fake = openAi('length');
    const r = await parseJob(newUser(), fake.env);
    expect(r.metadata.provider).toBe('local');
    expect(r.metadata.warnings.join(' ')).toContain('finish_reason: length');
    expect(await fake.requests()).toHaveLength(2);
  });

  it('a valid-JSON answer that does not match the schema is retried, then falls back', async () => {
    const fake = openAi('bad-schema');
    const r = await parseJob(newUser(), fake.env);
    expect(r.metadata.provider).toBe('local');
    expect(r.metadata.warnings.join(' ')).toContain('schema mismatch');
    expect(await fake.requests()).toHaveLength(2);
  });

  it('a hanging server times out at OPENAI_TIMEOUT_MS and the answer still comes (local)', async () => {
    const fake = openAi('hang', { OPENAI_TIMEOUT_MS: '300', OPENAI_MAX_RETRIES: '0' });
    const started = Date.now();
    const r = await parseJob(newUser(), fake.env);
    expect(r.metadata.provider).toBe('local');
    expect(r.metadata.warnings.join(' ')).toContain('timed out');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await fake.requests()).toHaveLength(1);
  });

  it('analysis through OpenAI: the overall score and band come from the server, not the model', async () => {
    const user = newUser();
    await seedEngineerProfile(user);
    const jobId = await createJob(user, BACKEND_JOB);
    const fake = openAi('ok');
    const a = await callJson(`/api/jobs/${jobId}/analyze`, 200, { userId: user, method: 'POST', env: fake.env });
    // The fake answers 7 for every dimension: 7 × 100 / 10.
    expect(a).toMatchObject({
      provider: 'openai',
      aiModel: 'gpt-4o-mini',
      overallScore: 70,
      recommendation: 'Good Match',
      cacheSource: 'generated',
    });
    expect(a.dimensions.skillMatch.score).toBe(7);
    const [req] = await fake.requests();
    expect(Object.keys(req.body.response_format.json_schema.schema.properties.dimensions.properties)).toHaveLength(10);
    // The keyword table is evidence from the data, whatever the provider.
    expect(a.keywords.find((k: any) => k.keyword === 'TypeScript')).toMatchObject({ found: true });
  });

  it('generation through OpenAI: the model words the bullets, the server copies every fact from the profile', async () => {
    const user = newUser();
    await seedEngineerProfile(user);
    const jobId = await createJob(user, BACKEND_JOB);
    const fake = openAi('ok');
    const app = await callJson('/api/applications/generate', 201, { userId: user, body: { jobId }, env: fake.env });
    expect(app).toMatchObject({ provider: 'openai', aiModel: 'gpt-4o-mini', status: 'draft' });
    expect(app.variants.map((x: any) => x.name)).toEqual(['Impact-Focused', 'Keyword-Optimized', 'Concise']);
    for (const variant of app.variants) {
      expect(variant.resume.experience.map((e: any) => [e.title, e.company, e.startDate])).toEqual([
        ['Senior Software Engineer', 'Analytical Engines GmbH', '2019-03'],
        ['Software Engineer', 'Difference Labs', '2015-01'],
      ]);
      expect(variant.resume.experience[0].bullets).toEqual(['Evidence from the profile']); // the model's wording
      expect(variant.resume.skills).toEqual([]); // the fake's "skills" are not the user's: dropped
      expect(variant.resume.education[0].school).toBe('Technical University of Munich');
    }
    const [req] = await fake.requests();
    expect(req.body.response_format.json_schema.name).toBe('application_variants');
  });

  it('embeddings ask for encoding_format "float" and 768 dimensions, and queries are cached under the model', async () => {
    const user = newUser();
    await createJob(user, BACKEND_JOB);
    const fake = openAi('ok', { OPENAI_EMBEDDING_MODEL: 'text-embedding-3-small' });
    const query = `typescript workers ${crypto.randomUUID()}`;
    const r = await callJson('/api/jobs/search', 200, { userId: user, body: { query, searchType: 'semantic' }, env: fake.env });
    expect(r).toMatchObject({ provider: 'openai', embeddingModel: 'text-embedding-3-small', resultCount: 1 });
    const reqs = await fake.requests();
    expect(reqs.map((x) => x.path)).toEqual(['embeddings', 'embeddings']); // the job index, then the query
    for (const req of reqs) expect(req.body).toMatchObject({ model: 'text-embedding-3-small', encoding_format: 'float', dimensions: 768 });
    expect(r.scores[0].semanticScore).toBeGreaterThan(0);
    expect(r.scores[0].semanticScore).toBeLessThanOrEqual(1);
    // Same query again: the job is indexed and the query embedding comes from EMBEDDINGS_CACHE.
    await callJson('/api/jobs/search', 200, { userId: user, body: { query, searchType: 'semantic' }, env: fake.env });
    expect(await fake.requests()).toHaveLength(2);
    const keys = await env.EMBEDDINGS_CACHE.list({ prefix: 'embedding:text-embedding-3-small:' });
    expect(keys.keys.some((k) => /^embedding:text-embedding-3-small:[0-9a-f]{64}$/.test(k.name))).toBe(true);
  });

  it('an empty key is not a provider: the chain starts with local and the answer says so', async () => {
    const r = await parseJob(newUser(), { OPENAI_API_KEY: '' });
    expect(r.metadata).toMatchObject({ provider: 'local', aiModel: 'local-rules-v1', warnings: expect.any(Array) });
  });
});
