import { env } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { gateway, type Json } from './helpers';

describe('Supabase mode (SUPABASE_URL)', () => {
  const supabase = inject('supabase');
  const config = { SUPABASE_URL: supabase.url };
  const jwksFetches = async () => ((await (await fetch(`${supabase.url}/__jwks_fetches`)).json()) as Json).jwksFetches as number;

  it('derives issuer and JWKS URL, fetches the key set once and shares it through KV', async () => {
    const before = await jwksFetches();
    for (const token of supabase.tokens) {
      const res = await gateway('/api/jobs', { headers: { Authorization: `Bearer ${token}` } }, config);
      expect(res.status).toBe(200);
    }
    // Five different tokens, one JWKS fetch: the key set lives at module scope.
    expect((await jwksFetches()) - before).toBe(1);
    // … and was written back for cold isolates, under the typed API_CACHE entry.
    const stored = (await env.API_CACHE.get(`jwks:${supabase.url}/auth/v1/.well-known/jwks.json`, 'json')) as Json;
    expect(stored.keys[0].kid).toBe('supabase-test-key');
    expect(typeof stored.fetchedAt).toBe('number');
  });

  it('forwards the Supabase identity (sub, email, session_id) to core', async () => {
    const token = supabase.tokens[0]!;
    const created = await gateway(
      '/api/jobs',
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: '{"title":"S","company":"B"}',
      },
      config,
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as Json;
    const row = await env.TEST_DB.prepare('SELECT u.id, u.email FROM jobs j JOIN users u ON u.id = j.user_id WHERE j.id = ?')
      .bind(id)
      .first();
    expect(row).toEqual({ id: 'supabase-user-0', email: 'supabase-user-0@example.test' });
  });
});
