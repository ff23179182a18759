/**
 * Every integrations route's real answer through the gateway has the shape /api/openapi.json
 * documents for it (providers on loopback: fake LinkedIn, SendGrid and job boards).
 */
import { describe, expect, it } from 'vitest';
import { asUser, gateway, newUser, type Json } from './helpers';
import { expectDocumentedShape } from './openapi-shapes';
import { APP_ORIGIN } from './provider-fakes';

const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

async function createApplication(userId: string): Promise<string> {
  const res = await asUser(userId, '/api/applications', {
    method: 'POST',
    json: {
      jobTitle: 'Engineer',
      company: 'Acme',
      selectedVariantId: 'v',
      variants: [
        {
          id: 'v',
          name: 'v',
          coverLetter: 'Dear team',
          aiRationale: [],
          resume: { summary: 'Summary', experience: [], skills: ['SQL'], education: [] },
        },
      ],
    },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as Json).id;
}

/** Answers `route` with `status` and the documented shape; returns the JSON body. */
async function documented(route: string, res: Response, status: number): Promise<Json> {
  expect(res.status, route).toBe(status);
  const body = (await res.json()) as Json;
  await expectDocumentedShape(route, status, body);
  return body;
}

describe('integrations answers have their documented shapes', { timeout: 30_000 }, () => {
  it('LinkedIn: both initiate paths, and the callback redirect (success and error)', async () => {
    const userId = newUser();
    const initiated = await documented('GET /api/auth/linkedin/initiate', await asUser(userId, '/api/auth/linkedin/initiate'), 200);
    expect(typeof initiated.state).toBe('string');
    const viaFrontendPath = await documented('GET /api/auth/linkedin', await asUser(userId, '/api/auth/linkedin'), 200);

    const authorize = await fetch(viaFrontendPath.authUrl, { redirect: 'manual' }); // the browser at "LinkedIn"
    const back = authorize.headers.get('location')!;
    const ok = await gateway(pathOf(back), { headers: { 'CF-Connecting-IP': '198.51.100.40' } });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe(`${APP_ORIGIN}/profile?linkedin=success`);
    await expectDocumentedShape('GET /api/auth/linkedin/callback', 302, await ok.text());

    const refused = await gateway('/api/auth/linkedin/callback?error=user_cancelled_login', {
      headers: { 'CF-Connecting-IP': '198.51.100.40' },
    });
    expect(refused.status).toBe(302);
    expect(refused.headers.get('location')).toBe(`${APP_ORIGIN}/profile?linkedin=error&error=oauth_error&error_code=oauth_error`);
    await expectDocumentedShape('GET /api/auth/linkedin/callback', 302, await refused.text());
  });

  it('emails: send, history, remaining, and a send for an unknown application', async () => {
    const userId = newUser();
    const applicationId = await createApplication(userId);
    const sent = await documented(
      'POST /api/emails/send',
      await asUser(userId, '/api/emails/send', { method: 'POST', json: { applicationId, recipientEmail: `docs-${userId}@example.test` } }),
      200,
    );
    expect(sent.success).toBe(true);

    const history = await documented(
      'GET /api/emails/history',
      await asUser(userId, `/api/emails/history?applicationId=${applicationId}`),
      200,
    );
    expect(history.emails).toHaveLength(1);
    expect(history.emails[0]).toMatchObject({ id: sent.emailId, status: 'sent', application_id: applicationId });

    const remaining = await documented('GET /api/emails/remaining', await asUser(userId, '/api/emails/remaining'), 200);
    expect(remaining.sent).toBe(1);
    expect(remaining.remaining).toBe(remaining.limit - 1);

    const missing = await documented(
      'POST /api/emails/send',
      await asUser(userId, '/api/emails/send', { method: 'POST', json: { applicationId: 'no-such-application' } }),
      404,
    );
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('exports: pdf, docx and text links, and an unknown application', async () => {
    const userId = newUser();
    const applicationId = await createApplication(userId);
    for (const format of ['pdf', 'docx', 'text'] as const) {
      const route = `POST /api/exports/${format}`;
      const body = await documented(
        route,
        await asUser(userId, `/api/exports/${format}`, { method: 'POST', json: { applicationId } }),
        201,
      );
      expect(body.format).toBe(format);
    }
    const missing = await documented(
      'POST /api/exports/pdf',
      await asUser(userId, '/api/exports/pdf', { method: 'POST', json: { applicationId: 'no-such-application' } }),
      404,
    );
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('job scrape: every configured source, and jobs that are already saved', async () => {
    const userId = newUser();
    const first = await documented(
      'POST /api/jobs/scrape',
      await asUser(userId, '/api/jobs/scrape', { method: 'POST', json: { keywords: 'engineer' } }),
      201,
    );
    expect(first.jobCount).toBeGreaterThan(0);
    expect(first.jobs).toHaveLength(first.jobCount);
    const again = await documented(
      'POST /api/jobs/scrape',
      await asUser(userId, '/api/jobs/scrape', { method: 'POST', json: { keywords: ['engineer'] } }),
      201,
    );
    expect(again.duplicates).toBeGreaterThan(0);
  });
});
