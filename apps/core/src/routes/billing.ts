/**
 * /api/billing/* — Settings → Subscription: the user's plan, personal usage caps, invoices and
 * payment methods (D1 `subscriptions`, `usage_caps`, `invoices`, `payment_methods`). No payment
 * provider is integrated: plan changes answer 501 BILLING_NOT_CONFIGURED, never a free upgrade.
 */
import * as v from 'valibot';
import {
  billing,
  InvoiceRowSchema,
  PaymentMethodRowSchema,
  PlanLimitsSchema,
  SubscriptionRowSchema,
  usageMetrics,
  userDb,
} from '@jobmatch/db';
import {
  ApiError,
  errorAnswer,
  hasSomeField,
  json,
  readJson,
  userOf,
  validationError,
  type RouteDocs,
  type ServiceRouter,
} from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';

const serverCounted = () => v.optional(v.never('is counted by the server from your activity and cannot be set'));

/** What the Settings page may send (useSubscription's `updateSubscription`). */
const PatchSubscription = v.strictObject({
  plan: v.optional(v.picklist(billing.PLAN_TIERS, `must be one of ${billing.PLAN_TIERS.join(', ')}`)),
  billingCycle: v.optional(v.picklist(['monthly', 'annual'], 'must be monthly or annual')),
  status: v.optional(v.picklist(['active', 'canceled', 'past_due', 'trialing'], 'must be active, canceled, past_due or trialing')),
  cancelAtPeriodEnd: v.optional(v.boolean('must be true or false')),
});

/** A personal cap: a whole number, or null / 'unlimited' for "no cap of my own" (the plan's limit). */
const cap = v.optional(
  v.union(
    [v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)), v.literal('unlimited'), v.null()],
    "must be a whole number from 0, 'unlimited' or null",
  ),
);

/**
 * PATCH /api/billing/usage-limits may only lower the user's own limits below the plan's
 * (e.g. to pace a job search). Counters are the server's; the plan's limits are the ceiling.
 */
const PatchUsageLimits = v.strictObject({
  limits: v.pipe(
    v.strictObject({ maxApplications: cap, maxResumeVariants: cap, maxJobSearches: cap }),
    v.check(hasSomeField, 'Send at least one of maxApplications, maxResumeVariants, maxJobSearches'),
  ),
  userId: serverCounted(),
  period: serverCounted(),
  applicationsTracked: serverCounted(),
  resumeVariantsCreated: serverCounted(),
  jobSearchesPerformed: serverCounted(),
});

async function usageLimitsOf(db: D1Database, userId: string, now: Date) {
  const month = billing.monthOf(now);
  const [subscription, caps, counts] = await Promise.all([
    billing.getSubscription(db, userId, now),
    billing.getUsageCaps(db, userId),
    usageMetrics.countUsage(db, userId, month.start, month.end),
  ]);
  return {
    userId,
    period: month.period,
    periodStart: month.start,
    periodEnd: month.end,
    plan: subscription.plan,
    applicationsTracked: counts.applicationsTracked,
    resumeVariantsCreated: counts.resumeVariantsCreated,
    jobSearchesPerformed: counts.jobSearchesPerformed,
    limits: billing.effectiveLimits(subscription.limits, caps),
    planLimits: subscription.limits,
    personalCaps: caps,
  };
}

export function billingRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .get('/api/billing/subscription', async (request, env) => {
      const { userId } = userOf(request);
      return json({ subscription: await billing.getSubscription(await userDb(env, userId), userId) });
    })
    .patch('/api/billing/subscription', async (request) => {
      userOf(request);
      // Validated first, so a misspelled field is a 400 naming it, not a 501.
      await readJson(request, PatchSubscription);
      throw new ApiError(501, 'BILLING_NOT_CONFIGURED', 'Plan changes need a payment provider, and none is configured for this deployment');
    })
    .get('/api/billing/usage-limits', async (request, env) => {
      const { userId } = userOf(request);
      return json({ usageLimits: await usageLimitsOf(await userDb(env, userId), userId, new Date()) });
    })
    .patch('/api/billing/usage-limits', async (request, env) => {
      const user = userOf(request);
      const body = await readJson(request, PatchUsageLimits);
      const subscription = await billing.getSubscription(await userDb(env, user.userId), user.userId);
      const caps: billing.UsageCaps = {};
      const requested: Partial<Record<billing.LimitKey, number | 'unlimited' | null>> = body.limits;
      for (const key of billing.LIMIT_KEYS) {
        const value = requested[key];
        if (value === undefined) continue;
        const planLimit = subscription.limits[key];
        if (typeof value === 'number' && planLimit !== 'unlimited' && value > planLimit) {
          throw validationError(`limits.${key}`, `must be at most ${planLimit}, the ${subscription.plan} plan's limit`);
        }
        caps[key] = value === 'unlimited' ? null : value;
      }
      await billing.setUsageCaps(await userDb(env, user.userId), user, caps);
      return json({ usageLimits: await usageLimitsOf(await userDb(env, user.userId), user.userId, new Date()) });
    })
    .get('/api/billing/invoices', async (request, env) => {
      const { userId } = userOf(request);
      return json({ invoices: await billing.listInvoices(await userDb(env, userId), userId) });
    })
    .get('/api/billing/payment-methods', async (request, env) => {
      const { userId } = userOf(request);
      return json({ paymentMethods: await billing.listPaymentMethods(await userDb(env, userId), userId) });
    });
}

const nullableCap = () => v.nullable(v.number());
/** usageLimitsOf's answer. */
const UsageLimitsSchema = v.looseObject({
  userId: v.string(),
  period: v.string(),
  periodStart: v.string(),
  periodEnd: v.string(),
  plan: v.picklist(billing.PLAN_TIERS),
  applicationsTracked: v.number(),
  resumeVariantsCreated: v.number(),
  jobSearchesPerformed: v.number(),
  limits: PlanLimitsSchema,
  planLimits: PlanLimitsSchema,
  personalCaps: v.looseObject({ maxApplications: nullableCap(), maxResumeVariants: nullableCap(), maxJobSearches: nullableCap() }),
});
const usageLimitsAnswer = v.object({ usageLimits: UsageLimitsSchema });

export const billingDocs: RouteDocs = {
  'GET /api/billing/subscription': {
    summary: "The caller's plan (the free 'basic' plan when there is no subscription)",
    response: { status: 200, schema: v.object({ subscription: SubscriptionRowSchema }) },
  },
  'PATCH /api/billing/subscription': {
    summary: 'Change plan or billing cycle — needs a payment provider; none is configured, so a valid change answers 501',
    body: PatchSubscription,
    response: {
      status: 200,
      schema: v.object({ subscription: SubscriptionRowSchema }),
      description: 'Once a payment provider is integrated (not in this deployment: see 501)',
    },
    otherResponses: [
      {
        status: 501,
        schema: errorAnswer('BILLING_NOT_CONFIGURED'),
        description: 'BILLING_NOT_CONFIGURED: no payment provider is configured',
      },
    ],
  },
  'GET /api/billing/usage-limits': {
    summary: "This month's usage against the limits in force (the plan's, lowered by the caller's own caps)",
    response: { status: 200, schema: usageLimitsAnswer },
  },
  'PATCH /api/billing/usage-limits': {
    summary: "Set personal caps below the plan's limits (null or 'unlimited' = back to the plan's)",
    body: PatchUsageLimits,
    response: { status: 200, schema: usageLimitsAnswer },
  },
  'GET /api/billing/invoices': {
    summary: "The caller's invoices, newest first (at most 200)",
    response: { status: 200, schema: v.object({ invoices: v.array(InvoiceRowSchema) }) },
  },
  'GET /api/billing/payment-methods': {
    summary: "The caller's payment methods, default first",
    response: { status: 200, schema: v.object({ paymentMethods: v.array(PaymentMethodRowSchema) }) },
  },
};
