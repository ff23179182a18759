/** /api/usage/metrics — this month's usage, counted from the user's own activity rows. */
import * as v from 'valibot';
import { billing, usageMetrics, UsageCountsSchema, userDb } from '@jobmatch/db';
import { json, userOf, type RouteDocs, type ServiceRouter } from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';

export function usageRoutes(router: ServiceRouter<CoreEnv>): void {
  router.get('/api/usage/metrics', async (request, env) => {
    const { userId } = userOf(request);
    const month = billing.monthOf(new Date());
    const metrics = await usageMetrics.countUsage(await userDb(env, userId), userId, month.start, month.end);
    return json({ metrics, period: month.period, periodStart: month.start, periodEnd: month.end });
  });
}

export const usageDocs: RouteDocs = {
  'GET /api/usage/metrics': {
    summary: "This calendar month's (UTC) usage, counted from the caller's activity",
    response: {
      status: 200,
      schema: v.object({ metrics: UsageCountsSchema, period: v.string(), periodStart: v.string(), periodEnd: v.string() }),
    },
  },
};
