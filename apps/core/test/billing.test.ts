/**
 * Settings → Subscription: the requests useSubscription / useUsageLimits / useInvoices /
 * usePaymentMethods / useUsageMetrics send, and the fields (with types) the page reads.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { emailHistory, files, jobAnalyses, jobSearches, jobs, soleShardDb } from '@jobmatch/db';
import { newUser, type Json } from './api';
import { call } from './signed';

// The hooks send these headers on every call (plus Authorization, which the gateway turns into the identity).
const HOOK_HEADERS = { 'Content-Type': 'application/json' };

async function hook(userId: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await call(path, { method, userId, headers: HOOK_HEADERS, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
async function ok(userId: string, method: string, path: string, body?: unknown, status = 200) {
  const res = await hook(userId, method, path, body);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

const monthStart = () => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
};
const lastMonth = () => new Date(Date.parse(monthStart()) - 86_400_000).toISOString();

describe('GET /api/billing/subscription', () => {
  it('a new user is on the free (basic) plan for the current month, with its limits', async () => {
    const user = newUser();
    const { subscription } = await ok(user, 'GET', '/api/billing/subscription');
    // SettingsPage: availablePlans.find(p => p.tier === subscription.plan) must find 'basic'.
    expect(subscription).toEqual({
      id: null,
      userId: user,
      plan: 'basic',
      billingCycle: 'monthly',
      status: 'active',
      currentPeriodStart: monthStart(),
      currentPeriodEnd: expect.any(String),
      cancelAtPeriodEnd: false,
      limits: { maxApplications: 10, maxResumeVariants: 3, maxJobSearches: 50 },
    });
    expect(Date.parse(subscription.currentPeriodEnd)).toBeGreaterThan(Date.now());
    expect(typeof subscription.cancelAtPeriodEnd).toBe('boolean');
  });

  it('a stored premium subscription with its default card; an ended one falls back to free', async () => {
    const user = newUser();
    const other = newUser();
    const now = new Date().toISOString();
    const end = new Date(Date.now() + 20 * 86_400_000).toISOString();
    await soleShardDb(env).batch([
      soleShardDb(env)
        .prepare('INSERT INTO users (id, email, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)')
        .bind(user, 'p@example.test', now),
      soleShardDb(env)
        .prepare(
          `INSERT INTO subscriptions (id, user_id, plan, billing_cycle, status, current_period_start, current_period_end, created_at, updated_at)
         VALUES ('sub-1-' || ?1, ?1, 'premium', 'annual', 'active', ?2, ?3, ?2, ?2)`,
        )
        .bind(user, now, end),
      soleShardDb(env)
        .prepare(
          `INSERT INTO payment_methods (id, user_id, brand, last4, exp_month, exp_year, is_default, added_at, updated_at)
         VALUES ('pm-1-' || ?1, ?1, 'visa', '4242', 12, 2030, 1, ?2, ?2), ('pm-2-' || ?1, ?1, 'mastercard', '5555', 8, 2029, 0, ?2, ?2)`,
        )
        .bind(user, now),
    ]);
    const { subscription } = await ok(user, 'GET', '/api/billing/subscription');
    expect(subscription).toMatchObject({
      id: `sub-1-${user}`,
      plan: 'premium',
      billingCycle: 'annual',
      nextBillingDate: end,
      cancelAtPeriodEnd: false,
      paymentMethod: { type: 'card', brand: 'visa', last4: '4242', expiryMonth: 12, expiryYear: 2030 },
      limits: { maxApplications: 'unlimited', maxResumeVariants: 'unlimited', maxJobSearches: 'unlimited' },
    });
    const { paymentMethods } = await ok(user, 'GET', '/api/billing/payment-methods');
    expect(paymentMethods.map((m: Json) => [m.last4, m.isDefault])).toEqual([
      ['4242', true],
      ['5555', false],
    ]);
    for (const m of paymentMethods) {
      expect(m).toEqual({
        id: expect.any(String),
        type: 'card',
        brand: expect.any(String),
        last4: expect.any(String),
        expiryMonth: expect.any(Number),
        expiryYear: expect.any(Number),
        isDefault: expect.any(Boolean),
        addedAt: expect.any(String),
      });
    }
    // Another user sees none of it.
    expect((await ok(other, 'GET', '/api/billing/subscription')).subscription).toMatchObject({ id: null, plan: 'basic' });
    expect(await ok(other, 'GET', '/api/billing/payment-methods')).toEqual({ paymentMethods: [] });

    await soleShardDb(env).prepare('UPDATE subscriptions SET current_period_end = ?2 WHERE user_id = ?1').bind(user, lastMonth()).run();
    expect((await ok(user, 'GET', '/api/billing/subscription')).subscription).toMatchObject({ id: null, plan: 'basic' });
  });
});

describe('PATCH /api/billing/subscription', () => {
  it('without a payment provider: 501 BILLING_NOT_CONFIGURED, never a free upgrade', async () => {
    const user = newUser();
    // SettingsPage.handleUpgrade sends exactly this.
    const res = await hook(user, 'PATCH', '/api/billing/subscription', { plan: 'premium', billingCycle: 'annual', status: 'active' });
    expect(res.status).toBe(501);
    expect(res.body).toMatchObject({ code: 'BILLING_NOT_CONFIGURED', statusCode: 501, message: expect.any(String) });
    expect((await ok(user, 'GET', '/api/billing/subscription')).subscription.plan).toBe('basic');
    expect((await soleShardDb(env).prepare('SELECT count(*) AS n FROM subscriptions WHERE user_id = ?1').bind(user).first<Json>())!.n).toBe(
      0,
    );
  });

  it('a misspelled or invalid field is a 400 naming it (before the 501)', async () => {
    const user = newUser();
    for (const [body, path] of [
      [{ plan: 'premium', billingCylce: 'annual' }, 'billingCylce'],
      [{ plan: 'gold' }, 'plan'],
      [{ cancelAtPeriodEnd: 'yes' }, 'cancelAtPeriodEnd'],
    ] as const) {
      const res = await hook(user, 'PATCH', '/api/billing/subscription', body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
      expect(res.body.details.issues[0].path).toBe(path);
    }
  });
});

describe('usage: /api/usage/metrics and /api/billing/usage-limits', () => {
  async function seedActivity(user: string) {
    const identity = { userId: user, email: `${user}@example.test` };
    const now = new Date().toISOString();
    const old = lastMonth();
    const jobId = await jobs.createJob(soleShardDb(env), identity, { title: 'Engineer', company: 'Acme', source: 'linkedin' });
    await jobs.createJob(soleShardDb(env), identity, { title: 'Manual', company: 'Acme' });
    await soleShardDb(env).batch([
      soleShardDb(env)
        .prepare(
          `INSERT INTO tracked_applications (id, user_id, company, job_title, created_at, updated_at)
         VALUES (?2, ?1, 'Acme', 'Engineer', ?3, ?3), (?4, ?1, 'Old', 'Engineer', ?5, ?5)`,
        )
        .bind(user, crypto.randomUUID(), now, crypto.randomUUID(), old),
      soleShardDb(env)
        .prepare(
          `INSERT INTO applications (id, user_id, job_title, company, created_at, updated_at)
         VALUES (?2, ?1, 'Engineer', 'Acme', ?3, ?3), (?4, ?1, 'Engineer', 'Acme', ?3, ?3), (?5, ?1, 'Old', 'Old', ?6, ?6)`,
        )
        .bind(user, crypto.randomUUID(), now, crypto.randomUUID(), crypto.randomUUID(), old),
    ]);
    await ok(user, 'POST', '/api/resume', { type: 'tailored', title: 'For Acme', sections: {}, formats: ['pdf'] }, 201);
    await ok(user, 'POST', '/api/resume', { type: 'master', title: 'Master', sections: {}, formats: [] }, 201);
    const sent = await emailHistory.recordEmail(soleShardDb(env), identity, {
      recipientEmail: 'hr@acme.test',
      subject: 'Hi',
      provider: 'sendgrid',
    });
    await emailHistory.completeEmail(soleShardDb(env), user, sent.id, { status: 'sent' });
    const failed = await emailHistory.recordEmail(soleShardDb(env), identity, {
      recipientEmail: 'hr@acme.test',
      subject: 'Hi',
      provider: 'sendgrid',
    });
    await emailHistory.completeEmail(soleShardDb(env), user, failed.id, { status: 'failed', error: 'bounced' });
    await jobAnalyses.saveAnalysis(soleShardDb(env), user, jobId, 1, { overallScore: 80 });
    await files.recordFile(soleShardDb(env), identity, {
      key: `users/${user}/exports/a.pdf`,
      bucket: 'exports',
      contentType: 'application/pdf',
      size: 10,
      originalName: 'a.pdf',
    });
    await files.recordFile(soleShardDb(env), identity, {
      key: `users/${user}/resumes/cv.pdf`,
      bucket: 'resumes',
      contentType: 'application/pdf',
      size: 10,
      originalName: 'cv.pdf',
    });
    const search = (keyword: string) => ({ keywords: [keyword], filters: {}, sources: ['greenhouse'], errors: [] });
    await jobSearches.saveSearchResults(soleShardDb(env), identity, search('engineer'), []);
    await jobSearches.saveSearchResults(soleShardDb(env), identity, search('rust'), []);
  }

  it("counts this month's real activity, per user", async () => {
    const user = newUser();
    const other = newUser();
    await seedActivity(user);
    const body = await ok(user, 'GET', '/api/usage/metrics');
    expect(body.metrics).toEqual({
      applicationsTracked: 1,
      resumeVariantsCreated: 1,
      jobSearchesPerformed: 2,
      emailsSent: 1,
      applicationsGenerated: 2,
      jobAnalyses: 1,
      exportsCreated: 1,
      jobsFromSearches: 1,
    });
    expect(body.period).toBe(monthStart().slice(0, 7));
    const empty = (await ok(other, 'GET', '/api/usage/metrics')).metrics;
    expect(Object.values(empty).every((n) => n === 0)).toBe(true);

    const { usageLimits } = await ok(user, 'GET', '/api/billing/usage-limits');
    expect(usageLimits).toMatchObject({
      userId: user,
      period: monthStart().slice(0, 7),
      plan: 'basic',
      applicationsTracked: 1,
      resumeVariantsCreated: 1,
      jobSearchesPerformed: 2,
      limits: { maxApplications: 10, maxResumeVariants: 3, maxJobSearches: 50 },
      planLimits: { maxApplications: 10, maxResumeVariants: 3, maxJobSearches: 50 },
    });
  });

  it('PATCH usage-limits may lower the limits below the plan, never raise them, and never set counters', async () => {
    const user = newUser();
    const lowered = (await ok(user, 'PATCH', '/api/billing/usage-limits', { limits: { maxJobSearches: 20 } })).usageLimits;
    expect(lowered.limits).toEqual({ maxApplications: 10, maxResumeVariants: 3, maxJobSearches: 20 });
    expect(lowered.planLimits.maxJobSearches).toBe(50);
    expect((await ok(user, 'GET', '/api/billing/usage-limits')).usageLimits.limits.maxJobSearches).toBe(20);

    const above = await hook(user, 'PATCH', '/api/billing/usage-limits', { limits: { maxApplications: 11 } });
    expect(above.status).toBe(400);
    expect(above.body.details.issues).toEqual([{ path: 'limits.maxApplications', message: expect.stringContaining('at most 10') }]);
    const unlimited = await ok(user, 'PATCH', '/api/billing/usage-limits', {
      limits: { maxJobSearches: 'unlimited', maxResumeVariants: 1 },
    });
    // 'unlimited' removes the personal cap: back to the plan's 50, not unlimited.
    expect(unlimited.usageLimits.limits).toEqual({ maxApplications: 10, maxResumeVariants: 1, maxJobSearches: 50 });

    for (const [body, path] of [
      [{ applicationsTracked: 0, limits: { maxApplications: 5 } }, 'applicationsTracked'],
      [{ limits: {} }, 'limits'],
      [{ limits: { maxApplications: 5, maxApps: 3 } }, 'limits.maxApps'],
      [{ limits: { maxApplications: -1 } }, 'limits.maxApplications'],
      [{}, 'limits'],
    ] as const) {
      const res = await hook(user, 'PATCH', '/api/billing/usage-limits', body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.details.issues[0].path).toBe(path);
    }
    expect((await ok(user, 'GET', '/api/billing/usage-limits')).usageLimits.limits).toEqual({
      maxApplications: 10,
      maxResumeVariants: 1,
      maxJobSearches: 50,
    });
  });
});

describe('GET /api/billing/invoices', () => {
  it('answers the user’s invoices in major units with every field the page reads', async () => {
    const user = newUser();
    const other = newUser();
    expect(await ok(user, 'GET', '/api/billing/invoices')).toEqual({ invoices: [] });
    const now = new Date().toISOString();
    await soleShardDb(env).batch([
      soleShardDb(env)
        .prepare('INSERT INTO users (id, email, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)')
        .bind(user, 'i@example.test', now),
      soleShardDb(env)
        .prepare(
          `INSERT INTO invoices (id, user_id, invoice_number, invoice_date, amount_cents, status, description, card_brand, card_last4, line_items, created_at)
         VALUES ('inv-a-' || ?1, ?1, 'INV-1', '2026-10-15T00:00:00.000Z', 2900, 'paid', 'Premium Monthly Subscription', 'visa', '4242',
                 '[{"description":"Premium Plan (Monthly)","quantity":1,"unit_price_cents":2900}]', ?2),
                ('inv-b-' || ?1, ?1, 'INV-2', '2026-11-15T00:00:00.000Z', 27600, 'paid', 'Premium Annual Subscription', NULL, NULL, '[]', ?2)`,
        )
        .bind(user, now),
    ]);
    const { invoices } = await ok(user, 'GET', '/api/billing/invoices');
    expect(invoices.map((i: Json) => i.id)).toEqual([`inv-b-${user}`, `inv-a-${user}`]);
    expect(invoices[1]).toEqual({
      id: `inv-a-${user}`,
      userId: user,
      number: 'INV-1',
      date: '2026-10-15T00:00:00.000Z',
      amount: 29,
      currency: 'usd',
      status: 'paid',
      paymentMethod: { brand: 'visa', last4: '4242' },
      description: 'Premium Monthly Subscription',
      lineItems: [{ description: 'Premium Plan (Monthly)', quantity: 1, unitPrice: 29, total: 29 }],
    });
    expect(invoices[0]).toMatchObject({ amount: 276, paymentMethod: null, lineItems: [] });
    expect(await ok(other, 'GET', '/api/billing/invoices')).toEqual({ invoices: [] });
  });
});
