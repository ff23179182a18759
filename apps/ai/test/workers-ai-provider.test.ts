/**
 * The Workers AI path against a stand-in AI binding (it has no local mode): JSON mode answers
 * `response` as a string or as an already-parsed object, embeddings come as {shape, data}, and a
 * failing binding falls back to the local provider.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { instanceOf } from './fake-openai';
import { BACKEND_JOB, callJson, createJob, newUser } from './helpers';

const POSTING =
  'Platform Engineer at Cloud Harbor\nLocation: Remote\nWe need Kubernetes, Terraform and Go experience for our platform team.';

interface Call {
  model: string;
  input: any;
}

function standIn(mode: 'string' | 'object' | 'throws') {
  const calls: Call[] = [];
  const ai = {
    async run(model: string, input: any) {
      calls.push({ model, input });
      if (mode === 'throws') throw new Error('3040: Capacity temporarily exceeded');
      if (input.text) {
        const data = input.text.map((t: string) => Array.from({ length: 768 }, (_, i) => ((t.length + i) % 7) / 7));
        return { shape: [data.length, 768], data };
      }
      const answer = instanceOf(input.response_format.json_schema);
      return { response: mode === 'string' ? JSON.stringify(answer) : answer, usage: { prompt_tokens: 120, completion_tokens: 80 } };
    },
  };
  return { ai: ai as unknown as Ai, calls };
}

describe('Workers AI provider', () => {
  for (const mode of ['string', 'object'] as const) {
    it(`accepts response as ${mode === 'string' ? 'a JSON string' : 'an already-parsed object'}`, async () => {
      const { ai, calls } = standIn(mode);
      const r = await callJson('/api/jobs/parse', 200, { userId: newUser(), body: { text: POSTING }, env: { AI: ai } });
      expect(r.metadata).toMatchObject({ provider: 'workers-ai', aiModel: '@cf/meta/llama-3.3-70b-instruct-fp8-fast' });
      expect(calls).toHaveLength(1);
      expect(calls[0]!.input.response_format.type).toBe('json_schema');
      expect(calls[0]!.input.messages[1].content).toBe(POSTING);
    });
  }

  it('embeds with bge-base ({text} → {shape, data}) for search', async () => {
    const user = newUser();
    await createJob(user, BACKEND_JOB);
    const { ai, calls } = standIn('object');
    const r = await callJson('/api/jobs/search', 200, {
      userId: user,
      body: { query: 'typescript', searchType: 'semantic' },
      env: { AI: ai },
    });
    expect(r).toMatchObject({ provider: 'workers-ai', embeddingModel: '@cf/baai/bge-base-en-v1.5', resultCount: 1 });
    expect(calls.map((c) => c.model)).toEqual(['@cf/baai/bge-base-en-v1.5', '@cf/baai/bge-base-en-v1.5']);
    expect(Array.isArray(calls[0]!.input.text)).toBe(true);
  });

  it('a failing binding is retried once, then the local provider answers', async () => {
    const { ai, calls } = standIn('throws');
    const r = await callJson('/api/jobs/parse', 200, { userId: newUser(), body: { text: POSTING }, env: { AI: ai } });
    expect(r.metadata.provider).toBe('local');
    expect(r.metadata.warnings.join(' ')).toContain('Capacity temporarily exceeded');
    expect(calls).toHaveLength(2);
  });

  it('OpenAI first, Workers AI second: AI_PROVIDER_ORDER decides', async () => {
    const { ai } = standIn('object');
    const r = await callJson('/api/jobs/parse', 200, {
      userId: newUser(),
      body: { text: POSTING },
      env: {
        AI: ai,
        OPENAI_API_KEY: 'sk-x',
        OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
        OPENAI_MAX_RETRIES: '0',
        OPENAI_TIMEOUT_MS: '500',
        AI_PROVIDER_ORDER: 'workers-ai,openai',
      },
    });
    expect(r.metadata.provider).toBe('workers-ai');
    expect(env.AI).toBeUndefined(); // not bound in development
  });
});
