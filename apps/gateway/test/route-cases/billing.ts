import { expect } from 'vitest';
import type { RouteCase, UserApi } from './types';

const usageLimitsOf = async (u: UserApi) => (await u.json('GET', '/api/billing/usage-limits', undefined, 200)).usageLimits;

export const billingCases: RouteCase[] = [
  {
    route: 'GET /api/billing/subscription',
    valid: {
      status: 200,
      check: (b) =>
        expect(b.subscription).toMatchObject({
          plan: 'basic',
          status: 'active',
          cancelAtPeriodEnd: false,
          limits: { maxApplications: 10 },
        }),
    },
    invalid: null,
    invalidNotApplicable: 'no query or body',
    crossUserNotApplicable: 'answers the caller’s own plan; no stored row until a payment provider writes one',
  },
  {
    route: 'PATCH /api/billing/subscription',
    valid: {
      body: { plan: 'premium', billingCycle: 'monthly', status: 'active' },
      status: 501,
      check: (b) => expect(b.code).toBe('BILLING_NOT_CONFIGURED'),
    },
    invalid: { body: { plan: 'premium', billingCylce: 'annual' } },
    isolation: async (other, owner) => {
      await owner.json('PATCH', '/api/billing/subscription', { plan: 'premium' }, 501);
      expect((await owner.json('GET', '/api/billing/subscription', undefined, 200)).subscription.plan).toBe('basic');
      expect((await other.json('GET', '/api/billing/subscription', undefined, 200)).subscription.plan).toBe('basic');
    },
  },
  {
    route: 'GET /api/billing/usage-limits',
    valid: { status: 200, check: (b) => expect(b.usageLimits).toMatchObject({ applicationsTracked: 0, limits: { maxJobSearches: 50 } }) },
    invalid: null,
    invalidNotApplicable: 'no query or body',
    isolation: async (other, owner) => {
      await owner.json('PATCH', '/api/billing/usage-limits', { limits: { maxJobSearches: 5 } }, 200);
      expect((await usageLimitsOf(other)).limits.maxJobSearches).toBe(50);
    },
  },
  {
    route: 'PATCH /api/billing/usage-limits',
    valid: { body: { limits: { maxApplications: 4 } }, status: 200, check: (b) => expect(b.usageLimits.limits.maxApplications).toBe(4) },
    invalid: { body: { limits: { maxApplications: 11 } } },
    isolation: async (other, owner) => {
      await owner.json('PATCH', '/api/billing/usage-limits', { limits: { maxApplications: 2 } }, 200);
      expect((await usageLimitsOf(other)).limits.maxApplications).toBe(10);
      expect((await usageLimitsOf(owner)).limits.maxApplications).toBe(2);
    },
  },
  {
    route: 'GET /api/billing/invoices',
    valid: { status: 200, check: (b) => expect(b).toEqual({ invoices: [] }) },
    invalid: null,
    invalidNotApplicable: 'no query or body',
    crossUserNotApplicable: 'invoices are written only by a payment provider; core tests cover scoping with stored rows',
  },
  {
    route: 'GET /api/billing/payment-methods',
    valid: { status: 200, check: (b) => expect(b).toEqual({ paymentMethods: [] }) },
    invalid: null,
    invalidNotApplicable: 'no query or body',
    crossUserNotApplicable: 'payment methods are written only by a payment provider; core tests cover scoping with stored rows',
  },
  {
    route: 'GET /api/usage/metrics',
    setup: async (owner) => {
      await owner.json('POST', '/api/resume', { type: 'tailored', title: 'For Acme' }, 201);
      return {};
    },
    valid: {
      status: 200,
      check: (b) =>
        expect(b.metrics).toMatchObject({ resumeVariantsCreated: 1, applicationsTracked: 0, jobSearchesPerformed: 0, emailsSent: 0 }),
    },
    invalid: null,
    invalidNotApplicable: 'no query or body',
    isolation: async (other) =>
      expect((await other.json('GET', '/api/usage/metrics', undefined, 200)).metrics.resumeVariantsCreated).toBe(0),
  },
  {
    route: 'GET /api/sessions/users/:userId/2fa-settings',
    setup: async (owner) => ({ userId: owner.userId }),
    valid: {
      status: 200,
      check: (b) => expect(b).toMatchObject({ two_factor_enabled: false, two_factor_setup_complete: false, backup_codes_generated: false }),
    },
    invalid: null,
    invalidNotApplicable: 'no query or body; any id but the caller’s own is simply not found',
  },
  {
    route: 'GET /api/auth/session',
    valid: {
      status: 200,
      check: (b) =>
        expect(b).toMatchObject({ user: { id: expect.any(String), email: expect.any(String) }, session: { id: expect.any(String) } }),
    },
    invalid: null,
    invalidNotApplicable: 'no query or body',
    isolation: async (other, owner) => {
      const body = await other.json('GET', '/api/auth/session', undefined, 200);
      expect(body.user.id).toBe(other.userId);
      expect(body.user.id).not.toBe(owner.userId);
    },
  },
];
