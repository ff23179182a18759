/**
 * The integrations Worker through the gateway, its providers on loopback: the API cache is
 * never stale after a LinkedIn import (a public GET whose user only the service knows) or a
 * scrape, export links work bare on the gateway's origin, and the email limit is the strict tier's.
 */
import { env } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { FILE_URL_PURPOSE, H_INVALIDATE_FAMILIES, H_INVALIDATE_USER, signedFileResource, signResource } from '@jobmatch/shared-middleware';
import { LINKEDIN_MEMBER } from '@jobmatch/test-support/fake-providers';
import { BASE, asUser, gateway, newUser, type Json } from './helpers';
import { APP_ORIGIN } from './provider-fakes';

const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** An application with one complete variant, created through core's route. */
async function createApplication(userId: string, company: string, coverLetter: string): Promise<Json> {
  const res = await asUser(userId, '/api/applications', {
    method: 'POST',
    json: {
      jobTitle: 'Engineer',
      company,
      selectedVariantId: 'v',
      variants: [
        {
          id: 'v',
          name: 'v',
          coverLetter,
          aiRationale: [],
          resume: { summary: 'Summary', experience: [], skills: ['SQL'], education: [] },
        },
      ],
    },
  });
  expect(res.status).toBe(201);
  return res.json() as Promise<Json>;
}

async function cachedTwice(userId: string, path: string) {
  const first = await asUser(userId, path);
  expect(first.status).toBe(200);
  expect(first.headers.get('X-Cache')).toBe('MISS');
  const second = await asUser(userId, path);
  expect(second.headers.get('X-Cache')).toBe('HIT');
  return second.json() as Promise<Json>;
}

describe('integrations through the gateway', { timeout: 30_000 }, () => {
  it('a LinkedIn import via the public callback is not served stale from /api/profile or /api/profile/complete', async () => {
    const userId = newUser();
    expect((await cachedTwice(userId, '/api/profile')).profile.first_name).toBeNull();
    expect((await cachedTwice(userId, '/api/profile/complete')).profile.first_name).toBeNull();

    const initiated = await asUser(userId, '/api/auth/linkedin');
    expect(initiated.status).toBe(200);
    const { authUrl } = (await initiated.json()) as Json;
    const authorize = await fetch(authUrl, { redirect: 'manual' }); // the browser at "LinkedIn"
    const back = authorize.headers.get('location')!;
    expect(back.startsWith(`${BASE}/api/auth/linkedin/callback?`)).toBe(true);

    // The browser returns to the gateway: no token, a public GET.
    const callback = await gateway(pathOf(back), { headers: { 'CF-Connecting-IP': '198.51.100.20' } });
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe(`${APP_ORIGIN}/profile?linkedin=success`);
    expect(callback.headers.get(H_INVALIDATE_USER)).toBeNull();
    expect(callback.headers.get(H_INVALIDATE_FAMILIES)).toBeNull();

    const profile = await asUser(userId, '/api/profile');
    expect(profile.headers.get('X-Cache')).toBe('MISS');
    expect(((await profile.json()) as Json).profile.first_name).toBe(LINKEDIN_MEMBER.given_name);
    const complete = await asUser(userId, '/api/profile/complete');
    expect(complete.headers.get('X-Cache')).toBe('MISS');
    expect(((await complete.json()) as Json).profile.last_name).toBe(LINKEDIN_MEMBER.family_name);
  });

  it('a failed callback redirects with the error code and stamps nothing', async () => {
    const userId = newUser();
    await cachedTwice(userId, '/api/profile');
    const res = await gateway(`/api/auth/linkedin/callback?code=x&state=forged`, { headers: { 'CF-Connecting-IP': '198.51.100.21' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${APP_ORIGIN}/profile?linkedin=error&error=invalid_state&error_code=invalid_state`);
    expect((await asUser(userId, '/api/profile')).headers.get('X-Cache')).toBe('HIT');
  });

  it("a client cannot name families for someone else's cache", async () => {
    const victim = newUser();
    await cachedTwice(victim, '/api/profile');
    const res = await gateway(`/api/auth/linkedin/callback?error=user_cancelled_authorize`, {
      headers: { 'CF-Connecting-IP': '198.51.100.22', [H_INVALIDATE_USER]: victim, [H_INVALIDATE_FAMILIES]: 'profile' },
    });
    expect(res.status).toBe(302);
    expect((await asUser(victim, '/api/profile')).headers.get('X-Cache')).toBe('HIT');
  });

  it('scraped jobs are not served stale from /api/jobs', async () => {
    const userId = newUser();
    expect((await cachedTwice(userId, '/api/jobs')).total).toBe(0);
    const scrape = await asUser(userId, '/api/jobs/scrape', {
      method: 'POST',
      json: { keywords: ['engineer'], sources: ['greenhouse', 'lever'] },
    });
    expect(scrape.status).toBe(201);
    const body = (await scrape.json()) as Json;
    expect(body.jobCount).toBe(3);
    const after = await asUser(userId, '/api/jobs');
    expect(after.headers.get('X-Cache')).toBe('MISS');
    expect(((await after.json()) as Json).total).toBe(3);
  });

  it('an export link is absolute on the gateway origin, works without Authorization, and fails expired or tampered', async () => {
    const userId = newUser();
    const application = await createApplication(userId, 'Łódź Systems', 'Dear team, Привет.');
    const res = await asUser(userId, '/api/exports/pdf', { method: 'POST', json: { applicationId: application.id } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Json;
    expect(body.downloadUrl.startsWith(`${BASE}/api/files/signed?`)).toBe(true);

    const download = await gateway(pathOf(body.downloadUrl)); // bare: no Authorization
    expect(download.status).toBe(200);
    expect(download.headers.get('Content-Type')).toBe('application/pdf');
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(bytes.byteLength).toBe(body.fileSize);
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');

    const key = new URL(body.downloadUrl).searchParams.get('key')!;
    const version = new URL(body.downloadUrl).searchParams.get('version')!;
    const past = Math.floor(Date.now() / 1000) - 5;
    const expired = await signResource(env.INTERNAL_SIGNING_SECRET, FILE_URL_PURPOSE, signedFileResource(key, version), past);
    const stale = await gateway(
      `/api/files/signed?${new URLSearchParams({ key, version, expires: String(past), signature: expired.signature })}`,
    );
    expect(stale.status).toBe(403);
    expect(((await stale.json()) as Json).code).toBe('SIGNED_URL_EXPIRED');
    const tampered = new URL(body.downloadUrl);
    tampered.searchParams.set('expires', String(Number(tampered.searchParams.get('expires')) + 60));
    const refused = await gateway(pathOf(tampered.toString()));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Json).code).toBe('INVALID_SIGNATURE');
  });

  it('emails: the strict tier admits 10 sends an hour, the 11th is 429 and reaches no provider', async () => {
    const userId = newUser();
    const application = await createApplication(userId, 'Acme', 'Hello');
    const to = `limit-${userId}@example.test`;
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await asUser(userId, '/api/emails/send', { method: 'POST', json: { applicationId: application.id, recipientEmail: to } });
      statuses.push(res.status);
      if (i === 10) expect(((await res.json()) as Json).code).toBe('RATE_LIMIT_EXCEEDED');
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    const sent = ((await (await fetch(`${inject('providers').sendGrid}/__requests`)).json()) as Json[]).filter((r) => r.body.includes(to));
    expect(sent).toHaveLength(10);
    const history = (await (await asUser(userId, '/api/emails/history?limit=100')).json()) as Json;
    expect(history.total).toBe(10);
  });
});
